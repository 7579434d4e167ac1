package io.hearth.benchmarks.cluster;

import io.hearth.benchmarks.TaskData;
import io.hearth.model.Task;
import io.hearth.replication.internal.RatisLog;
import io.hearth.replication.internal.RatisSettings;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import io.hearth.store.spi.StateImage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.apache.ratis.grpc.server.GrpcServicesImpl;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.util.CodeInjectionForTesting;

/**
 * Diagnostic: where the time of one blocking single-object update goes on a 3-replica group
 * (fsync on, production settings). Each replica's log is wrapped to timestamp the proposal,
 * the start and end of the leader's apply, and the completion of Ratis's reply; one writer
 * updates one task {@code --count} times and the median of every segment is printed.
 *
 * <pre>
 * java -cp benchmarks/target/benchmarks.jar io.hearth.benchmarks.cluster.LatencyBreakdown \
 *     --dir /tmp/x [--count 2000] [--nodes 3] [--no-fsync]
 * </pre>
 */
public final class LatencyBreakdown {
  private static final int SEGMENTS = 9;
  private static final String[] NAMES = {
    "store: update() -> propose()   (closure, encode, chain)",
    "ratis: propose() -> leader appends the transaction",
    "ratis: -> first append request to a follower sent",
    "ratis: -> a follower receives it",
    "ratis: -> that follower queues its log write",
    "ratis: -> leader apply starts   (fsync x2, reply, commit)",
    "store: leader apply   (decode, memdb, publish)",
    "ratis: apply returns -> propose future completes   (reply path)",
    "store: future completes -> update() returns   (wake-up)",
  };

  /** Timestamps of the proposal in flight (one writer: one at a time). */
  static volatile long proposed;
  static volatile long appended;
  static volatile long sent;
  static volatile long received;
  static volatile long queued;
  static volatile long applyStart;
  static volatile long applyEnd;
  static volatile long replied;

  public static void main(String[] args) throws Exception {
    Path dir = null;
    int count = 2000;
    int nodes = 3;
    boolean fsync = true;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--dir" -> dir = Paths.get(args[++i]);
        case "--count" -> count = Integer.parseInt(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--no-fsync" -> fsync = false;
        default -> throw new IllegalArgumentException(args[i]);
      }
    }
    Path root = Files.createTempDirectory(dir == null ? Path.of("/tmp") : dir, "breakdown-");
    List<RatisLog> logs = new ArrayList<>();
    List<HearthStore> stores = new ArrayList<>();
    Map<String, String> peers = new LinkedHashMap<>();
    int[] ports = new int[nodes];
    for (int i = 0; i < nodes; i++) {
      ports[i] = Replica.freePort();
      peers.put("n" + (i + 1), "127.0.0.1:" + ports[i]);
    }
    try {
      for (int i = 0; i < nodes; i++) {
        RatisLog log = new RatisLog(RatisSettings.builder("n" + (i + 1), ports[i],
            root.resolve("n" + (i + 1))).fsync(fsync).peers(nodes == 1 ? Map.of() : peers)
            .build());
        logs.add(log);
        stores.add(new HearthStore(new Timed(log), StoreLimits.DEFAULTS, Clock.systemUTC()));
      }
      injectRatisTimestamps();
      HearthStore leader = leader(logs, stores);
      Task task = TaskData.tasks(1, 99)[0];
      leader.update(tx -> tx.tasks().create(task));
      Histogram[] h = new Histogram[SEGMENTS + 1];
      for (int i = 0; i < h.length; i++) {
        h[i] = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
      }
      int warm = Math.min(1000, count);
      com.sun.management.OperatingSystemMXBean os = (com.sun.management.OperatingSystemMXBean)
          java.lang.management.ManagementFactory.getOperatingSystemMXBean();
      long idleCpu = os.getProcessCpuTime();
      long idleWall = System.nanoTime();
      Thread.sleep(5_000);
      double idle = (os.getProcessCpuTime() - idleCpu) / (double) (System.nanoTime() - idleWall);
      long cpu0 = 0;
      long wall0 = 0;
      ThreadCpu threadCpu = null;
      long started0 = 0;
      for (int k = 0; k < warm + count; k++) {
        if (k == warm) {
          threadCpu = new ThreadCpu();
          started0 = java.lang.management.ManagementFactory.getThreadMXBean()
              .getTotalStartedThreadCount();
          cpu0 = os.getProcessCpuTime();
          wall0 = System.nanoTime();
        }
        long start = System.nanoTime();
        try {
          WriterLoad.update(leader, task.getId(), k);
        } catch (RuntimeException e) {
          System.err.println("leadership moved, counted again: " + e);
          leader = leader(logs, stores);
          k = -1;
          continue;
        }
        long end = System.nanoTime();
        if (k >= warm) {
          long[] t = {start, proposed, appended, sent, received, queued, applyStart, applyEnd,
              replied, end};
          for (int s = 0; s < SEGMENTS; s++) {
            h[s].recordValue(Math.max(0, t[s + 1] - t[s]));
          }
          h[SEGMENTS].recordValue(end - start);
        }
      }
      double cpuPerUpdate = (os.getProcessCpuTime() - cpu0) / 1e6 / count;
      threadCpu.stop();
      System.out.printf(Locale.ROOT, "threads started per update: %.2f%n",
          (java.lang.management.ManagementFactory.getThreadMXBean().getTotalStartedThreadCount()
              - started0) / (double) count);
      System.out.println("CPU ms per update by thread (all replicas), over 0.05: "
          + threadCpu.perUnit(count, 0.05));
      double wallPerUpdate = (System.nanoTime() - wall0) / 1e6 / count;
      System.out.printf(Locale.ROOT, "%d replicas, fsync %s, %d updates (after %d warm-up), "
          + "load %s; this JVM's CPU time per update %.3f ms (wall %.3f ms); idle group: "
          + "%.0f%% of a CPU%n", nodes, fsync ? "on" : "off", count, warm,
          LoadSampler.loadAverage(), cpuPerUpdate, wallPerUpdate, idle * 100);
      System.out.printf(Locale.ROOT, "| segment | p50 ms | p90 ms | p99 ms |%n|---|---|---|---|%n");
      for (int s = 0; s <= SEGMENTS; s++) {
        System.out.printf(Locale.ROOT, "| %s | %.3f | %.3f | %.3f |%n",
            s < SEGMENTS ? NAMES[s] : "total", h[s].getValueAtPercentile(50) / 1e6,
            h[s].getValueAtPercentile(90) / 1e6, h[s].getValueAtPercentile(99) / 1e6);
      }
    } finally {
      stores.forEach(HearthStore::close);
      logs.forEach(RatisLog::close);
      ClusterLoad.deleteTree(root);
    }
    System.exit(0);
  }

  /**
   * Timestamps from inside Ratis, through its test injection points (names as in Ratis 3.2.2's
   * RaftServerImpl and GrpcServicesImpl): the leader's append of the transaction, the first
   * append request carrying entries that it sends after that, the first such request a follower
   * receives, and that follower handing the entries to its log writer.
   */
  private static void injectRatisTimestamps() {
    CodeInjectionForTesting.put("RaftServerImpl.appendTransaction", (local, remote, args) -> {
      appended = System.nanoTime();
      return false;
    });
    CodeInjectionForTesting.put(GrpcServicesImpl.GRPC_SEND_SERVER_REQUEST, (local, remote, args) -> {
      if (args.length > 0 && args[0] instanceof AppendEntriesRequestProto r
          && r.getEntriesCount() > 0 && sent < appended) {
        sent = System.nanoTime();
      }
      return false;
    });
    CodeInjectionForTesting.put("RaftServerImpl.appendEntries", (local, remote, args) -> {
      if (args.length > 1 && args[1] instanceof AppendEntriesRequestProto r
          && r.getEntriesCount() > 0 && received < sent) {
        received = System.nanoTime();
      }
      return false;
    });
    CodeInjectionForTesting.put("RaftServerImpl.appendEntries.logComplete", (local, remote, args) -> {
      if (queued < received) {
        queued = System.nanoTime();
      }
      return false;
    });
  }

  private static HearthStore leader(List<RatisLog> logs, List<HearthStore> stores)
      throws InterruptedException {
    while (true) {
      for (int i = 0; i < logs.size(); i++) {
        if (logs.get(i).isLeader()) {
          return stores.get(i);
        }
      }
      Thread.sleep(5);
    }
  }

  /** The log, with timestamps of the leader's proposal, apply and reply. */
  private static final class Timed implements ReplicatedLog {
    private final RatisLog log;

    Timed(RatisLog log) {
      this.log = log;
    }

    @Override
    public void attach(LogApplier applier) {
      log.attach(new LogApplier() {
        @Override
        public void apply(long index, byte[] entry) {
          boolean leader = log.isLeader();
          if (leader) {
            applyStart = System.nanoTime();
          }
          applier.apply(index, entry);
          if (leader) {
            applyEnd = System.nanoTime();
          }
        }

        @Override
        public void leadershipChanged(boolean leader) {
          applier.leadershipChanged(leader);
        }

        @Override
        public StateImage image() {
          return applier.image();
        }

        @Override
        public void restore(InputStream in, long version) throws IOException {
          applier.restore(in, version);
        }
      });
    }

    @Override
    public void detach(LogApplier applier) {
      log.close();
    }

    @Override
    public CompletableFuture<Long> propose(byte[] entry) {
      proposed = System.nanoTime();
      return log.propose(entry).whenComplete((i, e) -> replied = System.nanoTime());
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
      return log.readBarrier();
    }

    @Override
    public boolean isLeader() {
      return log.isLeader();
    }

    @Override
    public Optional<String> leader() {
      return log.leader();
    }

    @Override
    public String localId() {
      return log.localId();
    }
  }
}
