package io.hearth.itests;

import static io.hearth.itests.PluginComponents.PLUGINS;
import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import io.hearth.store.spi.CommitFeed;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import javax.inject.Inject;
import org.junit.Before;
import org.junit.Rule;
import org.junit.Test;
import org.junit.rules.TestRule;
import org.junit.runner.RunWith;
import org.junit.runners.model.Statement;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleEvent;
import org.osgi.framework.SynchronousBundleListener;
import org.osgi.framework.Version;
import org.osgi.service.component.runtime.ServiceComponentRuntime;

/**
 * Hot swap and failover of the control plane on a three-node group ({@link ThreeNodeCluster}:
 * this framework, node {@code a}, leads; nodes {@code b} and {@code c} are launcher processes
 * with the same plugins): bundles of the leader are updated, stopped and started, and
 * leadership moves, while services are scaled; every test then checks the state it converges
 * to (each service at its replicas, one task per slot, each allocated and assigned, no address
 * held twice: {@link Convergence}) and the history of every task change ({@link TaskHistory}: no
 * task assigned twice or moved, never two runnable tasks in one slot).
 *
 * <p>A fresh group per test: the tests stop the store and move leadership, and each must start
 * from {@code a} leading with every plugin active.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ThreeNodeControlPlaneIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(60);
  private static final String SCHEDULER = "io.hearth.scheduler";
  private static final String ALLOCATOR = "io.hearth.allocator";
  private static final String ORCHESTRATOR = "io.hearth.orchestrator";

  @Inject BundleContext context;

  private OsgiSupport osgi;
  private ThreeNodeCluster cluster;
  private PluginComponents plugins;
  private TaskHistory history;

  /** Prints the group and the launchers' output when a test fails, then tears the group down. */
  @Rule
  public final TestRule teardown = (base, description) -> new Statement() {
    @Override
    public void evaluate() throws Throwable {
      try {
        base.evaluate();
      } catch (Throwable t) {
        if (cluster != null) {
          System.err.println(description + " failed; the group:\n" + cluster.describe());
        }
        throw t;
      } finally {
        if (history != null) {
          history.close();
        }
        if (cluster != null) {
          cluster.close();
        }
        if (osgi != null) {
          osgi.close();
        }
      }
    }
  };

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Before
  public void formGroupWithThisNodeLeading() throws Exception {
    osgi = new OsgiSupport(context, TIMEOUT);
    long started = System.nanoTime();
    cluster = ThreeNodeCluster.start(context, osgi, TIMEOUT);
    System.out.printf("three-node group formed in %d ms%n", (System.nanoTime() - started) / 1_000_000);
    plugins = new PluginComponents(osgi.awaitService(ServiceComponentRuntime.class), osgi);
    plugins.awaitAllActive(PLUGINS);
    history = TaskHistory.record(osgi.awaitService(CommitFeed.class, "(log.target=*)"));
  }

  @Test
  public void updatingTheSchedulerWhileServicesScaleLosesNoTaskAndTheNewVersionAssignsWhatTheOldLeft()
      throws Exception {
    StoreService store = cluster.store();
    Map<String, Long> replicas = Map.of("s1", 10L, "s2", 10L, "s3", 10L);
    deploy(store, "net-s", "10.30.0.0/22", 6, replicas);
    awaitConverged(store, replicas);

    Bundle scheduler = osgi.bundle(SCHEDULER);
    Version old = scheduler.getVersion();
    Version next = new Version(old.getMajor(), old.getMinor(), old.getMicro() + 1, "hotswap");
    byte[] newJar = BundleJars.withVersion(scheduler, next);
    List<String> leftWaiting = IntStream.rangeClosed(1, 5).mapToObj(i -> "handover-" + i).toList();
    AtomicLong leftAt = new AtomicLong(-1);
    AtomicReference<Throwable> listenerFailure = new AtomicReference<>();
    // Between the old version stopping (its component deactivated, thread joined) and the new
    // one starting, tasks come to wait that the old version never saw.
    SynchronousBundleListener window = event -> {
      if (event.getBundle().equals(scheduler) && event.getType() == BundleEvent.STOPPED
          && leftAt.get() < 0) {
        try {
          leftAt.set(store.update(tx -> leftWaiting.forEach(
              id -> tx.tasks().create(Workload.waitingTask(id, "handover")))));
        } catch (Throwable t) {
          listenerFailure.set(t);
        }
      }
    };

    Map<String, Long> scaled;
    try (Scaler scaler = Scaler.start(store, replicas, 5, TIMEOUT)) {
      scaler.awaitRounds(2);
      context.addBundleListener(window);
      try {
        scheduler.update(new ByteArrayInputStream(newJar));
      } finally {
        context.removeBundleListener(window);
      }
      osgi.refresh(scheduler);
      assertNull("tasks written between the versions", listenerFailure.get());
      assertTrue("tasks written between the versions", leftAt.get() > 0);
      assertEquals(next, scheduler.getVersion());
      assertEquals(Bundle.ACTIVE, scheduler.getState());
      plugins.awaitAllActive(List.of(SCHEDULER));
      scaler.awaitRounds(2); // scaling goes on under the new version
      scaled = scaler.stop();
    }

    awaitConverged(store, scaled);
    osgi.awaitValue("the waiting tasks assigned", () -> store.view(tx -> leftWaiting.stream()
        .map(id -> tx.tasks().require(id).getStatus().getState()).toList()),
        states -> states.stream().allMatch(s -> s == TaskState.TASK_STATE_ASSIGNED));
    history.awaitVersion(store.version(), TIMEOUT);
    assertEquals(List.of(), history.violations());
    assertEquals("scale-ups only: no task removed", List.of(), history.removed());
    for (String id : leftWaiting) {
      assertTrue(id + " assigned by the new version", history.assignedAt(id) > leftAt.get());
    }
    long made = scaled.values().stream().mapToLong(Long::longValue).sum()
        - replicas.values().stream().mapToLong(Long::longValue).sum();
    System.out.printf("scheduler %s -> %s: %d tasks made while scaling, %d assigned by the new "
        + "version%n", old, next, made, history.assignedAfter(leftAt.get()));
    // at least the 5 left waiting and the 2 rounds x 3 services x 5 made after the update
    assertTrue(history.assignedAfter(leftAt.get()) >= 5 + 2 * 3 * 5);
  }

  @Test
  public void restartingTheAllocatorWhileServicesChangeNeverHandsOutAnAddressTwice()
      throws Exception {
    StoreService store = cluster.store();
    Map<String, Long> replicas = Map.of("a1", 20L, "a2", 20L);
    deploy(store, "net-a", "10.40.0.0/24", 4, replicas);
    awaitConverged(store, replicas);
    Bundle allocator = osgi.bundle(ALLOCATOR);

    Map<String, Long> expected = new HashMap<>();
    try (Scaler scaler = Scaler.start(store, Map.of("a2", 20L), 4, TIMEOUT)) {
      scaler.awaitRounds(1);
      allocator.stop();
      // While it is stopped: a scale-down (the retired tasks were placed, so they keep their
      // addresses), five tasks that end (their addresses are freed; each is replaced in its
      // slot), a new service (it needs a virtual IP), and the scaler's new tasks.
      Workload.scale(store, "a1", 8);
      List<Task> ending = store.view(tx -> Workload.runnableTasks(tx, "a2")).stream()
          .filter(t -> t.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED).limit(5).toList();
      assertEquals(5, ending.size());
      store.update(tx -> ending.forEach(t -> {
        Task current = tx.tasks().require(t.getId());
        tx.tasks().update(current.toBuilder().setStatus(current.getStatus().toBuilder()
            .setState(TaskState.TASK_STATE_FAILED).setMessage("simulated exit")).build());
      }));
      store.update(tx -> tx.services().create(Workload.service("a3", 12, "net-a")));
      scaler.awaitRounds(1);
      // a3's 12, the 5 replacements, the scaler's last 4 at least: made, and left NEW
      osgi.awaitValue("new tasks waiting for the stopped allocator", () -> store.view(
          tx -> tx.tasks().find(By.byTaskState(TaskState.TASK_STATE_NEW)).stream()
              .filter(Workload::runnable).count()), waiting -> waiting >= 12 + 5 + 4);

      allocator.start();
      plugins.awaitAllActive(List.of(ALLOCATOR));
      scaler.awaitRounds(1);
      expected.putAll(scaler.stop());
    }
    expected.put("a1", 8L);
    expected.put("a3", 12L);

    awaitConverged(store, expected);
    assertEquals(List.of(), store.view(Convergence::addressClashes));
    List<String> outside = store.view(tx -> tx.tasks().find(By.all()).stream()
        .flatMap(t -> t.getNetworksList().stream()).flatMap(a -> a.getAddressesList().stream())
        .filter(a -> !a.startsWith("10.40.0.")).toList());
    assertEquals("addresses come from the subnet", List.of(), outside);
    assertEquals(List.of(), history.violations());
  }

  @Test
  public void restartingTheWatchAndStoreBundlesOnTheLeaderRebindsThePluginsAndTheGroupConverges()
      throws Exception {
    StoreService store = cluster.store();
    deploy(store, "net-w", "10.50.0.0/24", 4, Map.of("w1", 10L));
    awaitConverged(store, Map.of("w1", 10L));

    // The watch bundle: the plugins need it, the store and Raft do not.
    Bundle watch = osgi.bundle("io.hearth.watch");
    watch.stop();
    plugins.awaitNoneActive(PLUGINS);
    Workload.scale(store, "w1", 20);
    assertEquals("nobody acts on it", 10, store.view(tx -> Workload.runnableTasks(tx, "w1")).size());
    watch.start();
    plugins.awaitAllActive(PLUGINS);
    awaitConverged(store, Map.of("w1", 20L));
    assertEquals(ThreeNodeCluster.A, cluster.leader().orElse(null));
    assertEquals(List.of(), history.violations());
    history.close();

    // The store bundle: with it goes this node's Raft server, so another node leads and its
    // plugins finish the scale-up written just before.
    Bundle storeBundle = osgi.bundle("io.hearth.store");
    Workload.scale(store, "w1", 30);
    storeBundle.stop();
    assertNull(context.getServiceReference(StoreService.class));
    assertNull(context.getServiceReference(Leadership.class));
    plugins.awaitNoneActive(PLUGINS);
    storeBundle.start();

    StoreService restarted = cluster.store();
    // Usually b or c wins the election while this node's Raft server is down, but the restarted
    // server may time out first and win it back (its log is as long as theirs): then hand the
    // leadership over, so that the rest runs with another node leading either way.
    String leader = osgi.awaitValue("a leader", () -> cluster.leader().orElse(null), id -> true);
    if (leader.equals(ThreeNodeCluster.A)) {
      leader = "b";
      cluster.transferLeadership(leader);
    }
    awaitConverged(restarted, Map.of("w1", 30L));
    assertTrue("no plugin runs on a follower: " + plugins.states(PLUGINS),
        PluginComponents.noneActive(plugins.states(PLUGINS)));
    history = TaskHistory.record(osgi.awaitService(CommitFeed.class, "(log.target=*)"));

    // Leadership back: the plugins here bind to the restarted store and act on it.
    cluster.transferLeadership(ThreeNodeCluster.A);
    plugins.awaitAllActive(PLUGINS);
    Workload.scale(cluster.store(), "w1", 40);
    awaitConverged(cluster.store(), Map.of("w1", 40L));
    assertEquals(List.of(), history.violations());
    System.out.printf("store bundle restarted: %s led meanwhile%n", leader);
  }

  @Test
  public void leaderFailoverMovesThePluginsAndReachesTheDesiredStateWithoutDuplicateTasks()
      throws Exception {
    StoreService store = cluster.store();
    Map<String, Long> replicas = Map.of("f1", 10L, "f2", 10L, "f3", 10L);
    deploy(store, "net-f", "10.60.0.0/22", 6, replicas);
    awaitConverged(store, replicas);

    // This node's scheduler goes first: whatever is assigned from now on, a scheduler on the
    // new leader assigned.
    Bundle scheduler = osgi.bundle(SCHEDULER);
    scheduler.stop();
    Map<String, Long> scaled = Map.of("f1", 60L, "f2", 60L, "f3", 60L);
    scaled.forEach((id, n) -> Workload.scale(store, id, n));
    long scaledAt = store.version();
    // At once, while this node's orchestrator and allocator work on the scale-up.
    cluster.transferLeadership("b");
    plugins.awaitNoneActive(List.of(ORCHESTRATOR, ALLOCATOR));

    awaitConverged(store, scaled);
    assertEquals(List.of(), history.violations());
    assertEquals("scale-ups only: no task removed", List.of(), history.removed());
    long assignedByNewLeader = history.assignedAfter(scaledAt);
    assertEquals("every task made by the scale-up assigned on b", 150, assignedByNewLeader);

    // A follower's plugins stay inactive, even a restarted one.
    scheduler.start();
    osgi.awaitValue("the restarted scheduler waits for Leadership",
        () -> plugins.states(List.of(SCHEDULER)),
        s -> s.equals(Map.of(SCHEDULER, "UNSATISFIED_REFERENCE")));
    assertNotEquals(ThreeNodeCluster.A, cluster.leader().orElse(null));
  }

  @Test
  public void killingTheLeaderProcessInTheMiddleOfAScaleUpLeavesTheOthersToFinishItWithoutDuplicates()
      throws Exception {
    StoreService store = cluster.store();
    Map<String, Long> replicas = Map.of("k1", 10L, "k2", 10L, "k3", 10L);
    deploy(store, "net-k", "10.70.0.0/22", 6, replicas);
    awaitConverged(store, replicas);

    // The scale-up is left to b: this node's orchestrator is stopped while it writes it, and
    // started again once this node follows (it then waits for Leadership).
    Bundle orchestrator = osgi.bundle(ORCHESTRATOR);
    orchestrator.stop();
    Map<String, Long> scaled = Map.of("k1", 80L, "k2", 80L, "k3", 80L);
    scaled.forEach((id, n) -> Workload.scale(store, id, n));
    long scaledAt = store.version();
    cluster.transferLeadership("b");
    orchestrator.start();
    // b dies (SIGKILL) as soon as its first tasks show here, its plugins in mid-work.
    long made = osgi.awaitValue("b made tasks", () -> runnableTasks(store, scaled.keySet()),
        n -> n > 30);
    cluster.launcher("b").close();
    history.awaitVersion(store.version(), TIMEOUT);
    long assignedByB = history.assignedAfter(scaledAt);
    String next = osgi.awaitValue("a leader after b",
        () -> cluster.leader().filter(id -> !id.equals("b")).orElse(null), id -> true);

    awaitConverged(store, scaled);
    assertEquals(List.of(), history.violations());
    assertEquals("scale-ups only: no task removed", List.of(), history.removed());
    if (next.equals(ThreeNodeCluster.A)) {
      plugins.awaitAllActive(PLUGINS);
    } else {
      assertTrue("no plugin runs on a follower: " + plugins.states(PLUGINS),
          PluginComponents.noneActive(plugins.states(PLUGINS)));
    }
    System.out.printf("b killed when %d of %d runnable tasks showed here, %d of the new ones "
        + "assigned; %s finished%n", made, scaled.values().stream().mapToLong(Long::longValue)
        .sum(), assignedByB, next);
  }

  private static long runnableTasks(StoreService store, java.util.Set<String> services) {
    return store.view(tx -> services.stream()
        .mapToLong(id -> Workload.runnableTasks(tx, id).size()).sum());
  }

  /** {@code workers} worker nodes, a network with {@code subnet}, and the services on it. */
  private static void deploy(StoreService store, String network, String subnet, int workers,
      Map<String, Long> replicas) {
    Workload.createWorkers(store, "worker-", workers);
    store.update(tx -> tx.networks().create(Workload.network(network, subnet)));
    store.update(tx -> replicas.forEach(
        (id, n) -> tx.services().create(Workload.service(id, n, network))));
  }

  /** Waits until converged, then until the history has every commit up to that state. */
  private void awaitConverged(StoreService store, Map<String, Long> replicas)
      throws InterruptedException {
    long started = System.nanoTime();
    AtomicLong at = new AtomicLong();
    osgi.awaitValue("converged to " + replicas, () -> store.view(tx -> {
      at.set(tx.version());
      return new ArrayList<>(Convergence.problems(tx, replicas));
    }), List::isEmpty);
    System.out.printf("converged to %s in %d ms (v%d)%n", replicas,
        (System.nanoTime() - started) / 1_000_000, at.get());
    history.awaitVersion(at.get(), TIMEOUT);
  }
}
