package io.hearth.benchmarks.endtoend;

import io.hearth.benchmarks.endtoend.ControlPlane.Member;
import io.hearth.benchmarks.endtoend.TaskTracker.Stage;
import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.replication.GroupStatus;
import io.hearth.store.NotLeaderException;
import io.hearth.store.TxWork;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The end-to-end run: a 3-replica control plane, {@code nodes} workers and a network, then a
 * service of {@code tasks} replicas created and timed until every task is created, allocated
 * and assigned, then a rolling update to a new image timed the same way; the state is checked
 * on every replica after each phase.
 *
 * <p>The benchmark itself writes only what a user would (the nodes, the network, the service,
 * its new spec); everything else is the plugins' work on the leader.
 */
final class Scenario {
  private final Workload workload;
  private final PluginSettings settings;
  private final Path dir;
  private final long timeoutNanos;
  private final PrintStream progress;

  Scenario(Workload workload, PluginSettings settings, Path dir, long timeoutSeconds,
      PrintStream progress) {
    this.workload = workload;
    this.settings = settings;
    this.dir = dir;
    this.timeoutNanos = TimeUnit.SECONDS.toNanos(timeoutSeconds);
    this.progress = progress;
  }

  /** How one phase went, in seconds from the write that started it. */
  record Phase(String name, boolean done, Map<Stage, double[]> stages, double followers,
      long logEntries, List<String> problems, double processCpu, double gc,
      Map<String, Double> cpu) {
    /** CPU seconds of the process outside Java threads: JIT compilers, GC, VM threads. */
    double outsideJavaThreads() {
      return processCpu - cpu.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** Seconds until the leader's watch showed every task assigned. */
    double seconds() {
      return stages.get(Stage.ASSIGNED)[1];
    }
  }

  /** The whole run. */
  record Report(Workload workload, PluginSettings settings, double startSeconds, double setupSeconds, List<Phase> phases,
      ControlPlane.PluginCounters counters, int leaderTerms) {
    boolean correct() {
      return phases.size() == 2 && phases.stream().allMatch(p -> p.done() && p.problems().isEmpty());
    }
  }

  Report run() throws Exception {
    long t0 = System.nanoTime();
    try (ControlPlane plane = new ControlPlane(dir, settings)) {
      plane.start();
      double started = seconds(t0);
      progress.printf("== 3 replicas up in %.2f s%n", started);
      long t1 = System.nanoTime();
      createNodesAndNetwork(plane);
      double setup = seconds(t1);
      progress.printf("== %,d nodes and the network in %.2f s%n", workload.nodes(), setup);

      List<TaskTracker> trackers = new ArrayList<>();
      List<Phase> phases = new ArrayList<>();
      try {
        for (Member m : plane.members()) {
          trackers.add(new TaskTracker(m.hub, Workload.SERVICE_ID, Workload.NETWORK_ID));
        }
        Phase create = phase(plane, trackers, "create", Workload.IMAGE_V1,
            tx -> tx.services().create(workload.service()));
        phases.add(create);
        if (create.done()) {
          phases.add(phase(plane, trackers, "rolling update", Workload.IMAGE_V2, tx -> {
            Service s = tx.services().require(Workload.SERVICE_ID);
            tx.services().update(s.toBuilder().setSpec(workload.spec(Workload.IMAGE_V2)).build());
          }));
        }
      } finally {
        trackers.forEach(TaskTracker::close);
      }
      Member leader = plane.leading();
      int terms = plane.members().stream().mapToInt(Member::terms).sum();
      return new Report(workload, settings, started, setup, phases,
          leader == null ? ControlPlane.PluginCounters.NONE : leader.counters(), terms);
    }
  }

  private void createNodesAndNetwork(ControlPlane plane) throws InterruptedException {
    List<Node> nodes = new ArrayList<>();
    for (int i = 1; i <= workload.nodes(); i++) {
      nodes.add(workload.node(i));
    }
    onLeader(plane, leader -> leader.store.batch(batch -> {
      for (Node node : nodes) {
        batch.update(tx -> {
          if (tx.nodes().get(node.getId()) == null) {
            tx.nodes().create(node);
          }
        });
      }
    }));
    onLeader(plane, leader -> leader.store.update(tx -> {
      if (tx.networks().get(Workload.NETWORK_ID) == null) {
        tx.networks().create(workload.network());
      }
    }));
  }

  /**
   * Writes {@code change} on the leader, then waits until the leader's watch shows every task of
   * the service with {@code image} assigned, then until every follower's does; checks the state
   * on every replica.
   */
  private Phase phase(ControlPlane plane, List<TaskTracker> trackers, String name, String image,
      TxWork change) throws Exception {
    progress.printf("== %s: %,d tasks of %s%n", name, workload.tasks(), image);
    long before = commitIndex(plane);
    CpuByThread cpu = new CpuByThread();
    long start = System.nanoTime();
    for (TaskTracker t : trackers) {
      t.target(image, workload.tasks(), start);
    }
    Member writer = onLeader(plane, leader -> leader.store.update(change));
    long deadline = start + timeoutNanos;
    TaskTracker leaderTracker = trackers.get(plane.members().indexOf(writer));
    boolean done = leaderTracker.awaitAssigned(deadline);
    double followers = 0;
    for (TaskTracker t : trackers) {
      done &= t.awaitAssigned(deadline);
      followers = Math.max(followers, t.allSeconds(Stage.ASSIGNED));
    }
    long entries = commitIndex(plane) - before;
    Map<String, Double> cpuUsed = cpu.since();
    double processCpu = cpu.processSeconds();
    Map<Stage, double[]> stages = new LinkedHashMap<>();
    for (Stage stage : Stage.values()) {
      stages.put(stage, new double[] {leaderTracker.firstSeconds(stage),
          leaderTracker.allSeconds(stage), leaderTracker.count(stage)});
    }
    List<String> problems = new ArrayList<>();
    if (!done) {
      problems.add("not done within the timeout: " + leaderTracker.count(Stage.CREATED)
          + " created, " + leaderTracker.count(Stage.ALLOCATED) + " allocated, "
          + leaderTracker.count(Stage.ASSIGNED) + " assigned");
    }
    problems.addAll(checkEveryReplica(plane, image));
    Phase phase = new Phase(name, done, stages, followers, entries, problems, processCpu,
        cpu.gcSeconds(), cpuUsed);
    progress.printf("== %s: %s in %.2f s (all replicas %.2f s), %d log entries%s%n", name,
        done ? "all assigned" : "NOT DONE", phase.seconds(), followers, entries,
        problems.isEmpty() ? ", state checked on 3 replicas" : ", PROBLEMS: " + problems);
    progress.printf("== %s: CPU %.2f s (process), by thread: %s%n", name, processCpu,
        String.join(", ", CpuByThread.describe(cpuUsed, 0.05)));
    return phase;
  }

  /** The invariants on every replica, once each has applied what the leader has. */
  private List<String> checkEveryReplica(ControlPlane plane, String image)
      throws InterruptedException {
    Member leader = plane.leading();
    if (leader == null) {
      return List.of("no leader to check against");
    }
    long version = leader.store.version();
    plane.awaitVersion(version, 60_000);
    List<String> problems = new ArrayList<>();
    for (Member m : plane.members()) {
      for (String p : m.store.view(tx -> Invariants.check(tx, workload, image))) {
        problems.add(m.id() + ": " + p);
      }
    }
    return problems;
  }

  /** Runs {@code write} on the leader, again on the next one if leadership moved meanwhile. */
  private Member onLeader(ControlPlane plane, Consumer<Member> write)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      Member leader = plane.leading();
      if (leader != null) {
        try {
          write.accept(leader);
          return leader;
        } catch (NotLeaderException e) {
          if (System.nanoTime() > deadline) {
            throw e;
          }
        }
      }
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("no leader for 60 s");
      }
      Thread.sleep(5);
    }
  }

  private static long commitIndex(ControlPlane plane) {
    long max = 0;
    for (Member m : plane.members()) {
      GroupStatus s = m.replica.status();
      if (s != null) {
        max = Math.max(max, s.commitIndex());
      }
    }
    return max;
  }

  private static double seconds(long since) {
    return (System.nanoTime() - since) / 1e9;
  }
}
