package io.hearth.benchmarks;

import io.hearth.model.Task;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import java.time.Clock;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's write path with its in-process log ({@link InProcessLog}: entries are "committed"
 * as soon as they are proposed, so this measures the store itself: closure, change list,
 * protobuf log entry, apply and root swap, without replication).
 *
 * <p>Single thread. {@code storeUpdate} counts transactions (a read and a compare-and-swap
 * update of one of {@value #UPDATED} tasks each), {@code
 * storeBatchCreate} objects created through one {@code batch} of {@value #BATCH_OBJECTS}, and
 * {@code storeViewGet} lookups by id in a store holding {@code n} tasks.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class StoreBenchmark {
  static final int BATCH_OBJECTS = 100_000;
  static final int PICKS = 1 << 20;
  static final int UPDATED = 10_000;

  /** The tasks: {@code n} of them, built once. */
  @State(Scope.Benchmark)
  public static class Data {
    /** Tasks held by the store of {@code storeViewGet}; also the pool the writes draw from. */
    @Param("1000000")
    public int n;

    Task[] tasks;
    String[] randomIds;

    @Setup(Level.Trial)
    public void build() {
      if (n < BATCH_OBJECTS) {
        throw new IllegalArgumentException("n must be at least " + BATCH_OBJECTS + ": " + n);
      }
      tasks = TaskData.tasks(n);
      SplittableRandom random = new SplittableRandom(TaskData.SEED + 1);
      randomIds = new String[PICKS];
      for (int i = 0; i < PICKS; i++) {
        randomIds[i] = new String(tasks[random.nextInt(n)].getId().toCharArray());
      }
    }
  }

  static HearthStore newStore() {
    return new HearthStore(new InProcessLog("bench"), StoreLimits.DEFAULTS, Clock.systemUTC());
  }

  /** Batch-creates {@code tasks[from, to)}. */
  static void create(HearthStore store, Task[] tasks, int from, int to) {
    store.batch(b -> {
      for (int i = from; i < to; i++) {
        Task t = tasks[i];
        b.update(tx -> tx.tasks().create(t));
      }
    });
  }

  /**
   * A store holding a fixed set of {@value #UPDATED} tasks that the update benchmark changes
   * over and over: its size, and so its cost per update, stays the same for the whole run
   * (a benchmark that kept creating made the store grow and its score fall with it).
   */
  @State(Scope.Thread)
  public static class Updated {
    HearthStore store;
    String[] ids;
    int next;

    @Setup(Level.Trial)
    public void open(Data data) {
      store = newStore();
      create(store, data.tasks, 0, UPDATED);
      ids = new String[UPDATED];
      for (int i = 0; i < UPDATED; i++) {
        ids[i] = data.tasks[i].getId();
      }
      Settle.youngCollections();
    }

    String nextId() {
      String id = ids[next];
      next = (next + 1) % UPDATED;
      return id;
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  /** An empty store for each batch. */
  @State(Scope.Thread)
  public static class Empty {
    HearthStore store;

    @Setup(Level.Invocation)
    public void open() {
      store = newStore();
    }

    @TearDown(Level.Invocation)
    public void close() {
      store.close();
    }
  }

  /** A store holding all n tasks. */
  @State(Scope.Benchmark)
  public static class Full {
    HearthStore store;

    @Setup(Level.Trial)
    public void load(Data data) {
      store = newStore();
      for (int from = 0; from < data.n; from += BATCH_OBJECTS) {
        create(store, data.tasks, from, Math.min(data.n, from + BATCH_OBJECTS));
      }
      int count = store.view(tx -> tx.tasks().count());
      if (count != data.n) {
        throw new IllegalStateException("the store holds " + count + " of " + data.n + " tasks");
      }
      Settle.youngCollections();
    }

    @TearDown(Level.Trial)
    public void close() {
      store.close();
    }
  }

  /** Pick cursor, per thread. */
  @State(Scope.Thread)
  public static class Pick {
    int next;

    int next() {
      return next++ & (PICKS - 1);
    }
  }

  /**
   * Transactions/s, each {@code update} reading one of the fixed set of tasks and writing it
   * back changed (a compare-and-swap update, as plugins do).
   */
  @Benchmark
  public long storeUpdate(Updated u) {
    String id = u.nextId();
    return u.store.update(tx -> {
      Task t = tx.tasks().require(id);
      tx.tasks().update(t.toBuilder().setStatus(t.getStatus().toBuilder()
          .setMessage(t.getStatus().getMessage().isEmpty() ? "x" : "")).build());
    });
  }

  /** Objects/s created by one {@code batch} of {@value #BATCH_OBJECTS} creates. */
  @Benchmark
  @OperationsPerInvocation(BATCH_OBJECTS)
  public int storeBatchCreate(Data data, Empty empty) {
    Task[] tasks = data.tasks;
    return empty.store.batch(b -> {
      for (int i = 0; i < BATCH_OBJECTS; i++) {
        Task t = tasks[i];
        b.update(tx -> tx.tasks().create(t));
      }
    });
  }

  /** Lookups/s of a random task by id through {@code view}. */
  @Benchmark
  public Task storeViewGet(Data data, Full full, Pick pick) {
    String id = data.randomIds[pick.next()];
    return full.store.view(tx -> tx.tasks().get(id));
  }
}
