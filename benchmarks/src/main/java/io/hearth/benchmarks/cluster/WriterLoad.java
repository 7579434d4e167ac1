package io.hearth.benchmarks.cluster;

import io.hearth.model.Task;
import io.hearth.replication.internal.RatisLog;
import io.hearth.store.internal.HearthStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * The writers load: {@code n} threads, each doing single-object compare-and-swap updates of its
 * own task on whichever replica leads, with their latency, the CPU this JVM spent and the Raft
 * entries the leader committed meanwhile (so the transactions group commit put in each entry).
 */
final class WriterLoad {
  private WriterLoad() {}

  /** Results of one writers run. */
  record Result(int threads, long ops, double seconds, Histogram latency, long errors,
      double cpus, long entries, String jit, String cpuByThread) {
    double rate() {
      return ops / seconds;
    }

    double p(double percentile) {
      return latency.getValueAtPercentile(percentile) / 1e6;
    }

    String latencies() {
      return String.format(Locale.ROOT, "%.2f / %.2f / %.1f", p(50), p(99),
          latency.getMaxValue() / 1e6);
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "%,.0f tx/s, latency ms p50/p99/max %s, %d errors; "
          + "this JVM used %.2f CPUs, %.3f CPU-ms per tx; %s; %s", rate(), latencies(), errors,
          cpus, cpus * 1000 / rate(), perEntry(), jit);
    }

    /** Group commit's effect: transactions per Raft entry, if the leader stayed the same. */
    private String perEntry() {
      if (entries < 0) {
        return "log entries not counted (leadership moved)";
      }
      return String.format(Locale.ROOT, "%,d log entries, %.1f tx per entry", entries,
          entries == 0 ? 0.0 : ops / (double) entries);
    }
  }

  /**
   * {@code n} threads, each updating its own task in a loop for {@code warmup + seconds};
   * counts the updates that start and finish inside the measured window.
   */
  static Result run(Cluster c, int n, String[] ids, int warmup, int seconds)
      throws InterruptedException {
    return run(c, n, ids, warmup, seconds, true);
  }

  /** The longest a run waits for the JIT after its {@code warmup} seconds. */
  static final int MAX_EXTRA_WARMUP_S = 30;

  /**
   * The measured window: opened by the main thread once the warm-up is over, read by the
   * writers before and after each update.
   */
  private static final class Window {
    volatile long start = Long.MAX_VALUE;
    volatile long end = Long.MAX_VALUE;

    long open(int seconds) {
      long now = System.nanoTime();
      end = now + TimeUnit.SECONDS.toNanos(seconds);
      start = now;
      return end;
    }
  }

  /**
   * As above; with {@code settleJit} the warm-up goes on past {@code warmup} seconds until the
   * JIT compilers have settled ({@link JitSettle}, at most {@link #MAX_EXTRA_WARMUP_S} more).
   */
  static Result run(Cluster c, int n, String[] ids, int warmup, int seconds, boolean settleJit)
      throws InterruptedException {
    Window window = new Window();
    List<Histogram> histograms = new ArrayList<>();
    AtomicLong errors = new AtomicLong();
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String id = ids[i];
      Histogram h = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
      histograms.add(h);
      Thread t = new Thread(() -> {
        long k = 0;
        long now;
        HearthStore store = null;
        while ((now = System.nanoTime()) < window.end) {
          try {
            if (store == null) {
              Replica l = c.leader();
              store = l == null ? null : l.store;
              if (store == null) {
                LockSupport.parkNanos(1_000_000);
                continue;
              }
            }
            update(store, id, k++);
            long done = System.nanoTime();
            if (now >= window.start && done <= window.end) {
              h.recordValue(done - now);
            }
          } catch (RuntimeException e) {
            // Leadership moved (a GC pause of this one JVM can outlast the election timeout):
            // follow the new leader, and report the failures.
            store = null;
            if (now >= window.start) {
              errors.incrementAndGet();
            }
          }
        }
      }, "writer-" + i);
      threads.add(t);
      t.start();
    }
    TimeUnit.SECONDS.sleep(warmup);
    String jit = settleJit ? JitSettle.await(MAX_EXTRA_WARMUP_S) : "JIT not waited for";
    long end = window.open(seconds);
    Replica leader = c.leader();
    long index0 = committedIndex(leader);
    long cpu0 = ThreadCpu.processCpu();
    ThreadCpu threadCpu = new ThreadCpu();
    long wall0 = System.nanoTime();
    long left = end - wall0;
    if (left > 0) {
      TimeUnit.NANOSECONDS.sleep(left);
    }
    double cpus = (ThreadCpu.processCpu() - cpu0) / (double) (System.nanoTime() - wall0);
    threadCpu.stop();
    long index1 = c.leader() == leader ? committedIndex(leader) : -1;
    long entries = index0 < 0 || index1 < 0 ? -1 : index1 - index0;
    for (Thread t : threads) {
      t.join();
    }
    Histogram all = new Histogram(TimeUnit.SECONDS.toNanos(60), 3);
    histograms.forEach(all::add);
    return new Result(n, all.getTotalCount(), seconds, all, errors.get(), cpus, entries, jit,
        threadCpu.perUnit(Math.max(1, all.getTotalCount()), 0.002) + "; the JVM's share: "
            + threadCpu.jvm(Math.max(1, all.getTotalCount())));
  }

  /**
   * The leader's commit index, or -1: with the count of updates it tells how many transactions
   * group commit put in each Raft entry (heartbeats add none; a leader's first entry of its term
   * adds one).
   */
  private static long committedIndex(Replica leader) {
    RatisLog log = leader == null ? null : leader.log;
    return log == null ? -1 : log.status().commitIndex();
  }

  /** One single-object compare-and-swap update: read the task, change it, write it back. */
  static long update(HearthStore store, String id, long k) {
    return store.update(tx -> {
      Task t = tx.tasks().get(id);
      tx.tasks().update(t.toBuilder()
          .setStatus(t.getStatus().toBuilder().setMessage("update " + k))
          .build());
    });
  }
}
