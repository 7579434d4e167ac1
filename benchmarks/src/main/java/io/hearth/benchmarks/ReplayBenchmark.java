package io.hearth.benchmarks;

import io.hearth.model.Task;
import io.hearth.store.NotLeaderException;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.store.spi.ForwardingReplicatedLog;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A follower replaying the leader's log: what two of the three replicas do for every write of
 * the cluster load. JFR's execution samples had given their apply threads the largest share of
 * the 64-writer run; this benchmark measures that work alone (~2 µs per transaction, so it is
 * not what limits that run; see {@code CLUSTER-RESULTS.md}). No Raft here: the entries were
 * recorded from a leader store beforehand, and the benchmark hands them to a follower store's
 * {@link LogApplier} one after another, as Ratis's apply thread does.
 *
 * <p>The workload is the cluster load's: {@value #TASKS} tasks, each entry one transaction per
 * task that reads it and rewrites its status message with the version it read (a group-commit
 * entry of 64 writers looks the same). The score counts replayed transactions per second.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ReplayBenchmark {
  static final int TASKS = 64;
  /** Update entries recorded; a follower that has replayed them all is replaced by a new one. */
  static final int ENTRIES = 4_000;

  /** The leader's log: the create entry, then {@value #ENTRIES} entries of {@value #TASKS} updates. */
  @State(Scope.Benchmark)
  public static class Recorded {
    byte[] create;
    byte[][] updates;

    @Setup(Level.Trial)
    public void record() {
      Task[] tasks = TaskData.tasks(TASKS, TaskData.SEED + 7);
      RecordingLog log = new RecordingLog();
      try (log; HearthStore leader = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC())) {
        StoreBenchmark.create(leader, tasks, 0, TASKS);
        long k = 0;
        for (int e = 0; e < ENTRIES; e++) {
          long round = k++;
          leader.batch(b -> {
            for (Task t : tasks) {
              b.update(tx -> {
                Task current = tx.tasks().get(t.getId());
                tx.tasks().update(current.toBuilder()
                    .setStatus(current.getStatus().toBuilder().setMessage("update " + round))
                    .build());
              });
            }
          });
        }
      }
      List<byte[]> entries = log.entries();
      if (entries.size() != 1 + ENTRIES) {
        throw new IllegalStateException("expected one entry per batch, got " + entries.size());
      }
      create = entries.get(0);
      updates = entries.subList(1, entries.size()).toArray(new byte[0][]);
    }
  }

  /** The follower replaying the recorded entries, and where it is in them. */
  @State(Scope.Thread)
  public static class Follower {
    HearthStore store;
    FollowerLog log;
    int next;

    @Setup(Level.Iteration)
    public void open(Recorded recorded) {
      start(recorded);
      Settle.youngCollections();
    }

    void start(Recorded recorded) {
      close();
      log = new FollowerLog();
      store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
      log.applier.apply(1, recorded.create);
      next = 0;
    }

    @TearDown(Level.Iteration)
    public void close() {
      if (store != null) {
        store.close();
        store = null;
      }
    }
  }

  /** Replayed transactions/s: one entry of {@value #TASKS} single-task updates per call. */
  @Benchmark
  @OperationsPerInvocation(TASKS)
  public long followerReplay(Recorded recorded, Follower follower) {
    if (follower.next == ENTRIES) {
      follower.start(recorded);
    }
    int i = follower.next++;
    follower.log.applier.apply(i + 2, recorded.updates[i]);
    return follower.store.view(tx -> tx.version());
  }

  /** An {@link InProcessLog} that keeps a copy of every entry proposed to it. */
  static final class RecordingLog extends ForwardingReplicatedLog implements AutoCloseable {
    private final InProcessLog log = new InProcessLog("leader");
    private final List<byte[]> entries = new ArrayList<>();

    synchronized List<byte[]> entries() {
      return new ArrayList<>(entries);
    }

    @Override
    protected ReplicatedLog delegate() {
      return log;
    }

    @Override
    public CompletableFuture<Long> propose(byte[] entry) {
      synchronized (this) {
        entries.add(entry.clone());
      }
      return log.propose(entry);
    }

    @Override
    public void close() {
      log.close();
    }
  }

  /** A follower's side of a log: it never leads; the benchmark calls the applier itself. */
  static final class FollowerLog implements ReplicatedLog {
    volatile LogApplier applier;

    @Override
    public void attach(LogApplier newApplier) {
      applier = newApplier;
    }

    @Override
    public void detach(LogApplier oldApplier) {
      if (applier == oldApplier) {
        applier = null;
      }
    }

    @Override
    public CompletableFuture<Long> propose(byte[] entry) {
      return CompletableFuture.failedFuture(new NotLeaderException("a follower", "leader"));
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isLeader() {
      return false;
    }

    @Override
    public Optional<String> leader() {
      return Optional.of("leader");
    }

    @Override
    public String localId() {
      return "follower";
    }
  }
}
