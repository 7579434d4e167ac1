package io.hearth.benchmarks;

import io.hearth.memdb.Keys;
import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.Task;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * memdb against the JDK maps, on {@code n} realistic tasks (see {@link TaskData}) in a table with
 * the unique id index and the non-unique service index.
 *
 * <p>Units. Every score is per second. Benchmarks named {@code …Insert}/{@code …Put} count
 * objects ({@link OperationsPerInvocation}); {@code …Get} count lookups. Scans return a varying
 * number of rows, so their primary score is scans/s and the secondary metric {@code rows}
 * ({@link Rows}, an {@link AuxCounters} counter) is rows/s: that is the number to read.
 *
 * <p>Lookups walk precomputed random key arrays ({@value #PICKS} picks spread over the whole
 * table), so neither the choice of key nor its encoding is measured, except where the API itself
 * takes a {@code String} (get by id encodes the id, as every caller pays).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {"-Xms4g", "-Xmx4g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class MemDbBenchmark {
  static final int PICKS = 1 << 20;
  static final int BATCH = TaskTable.TXN_SIZE;

  /** The tasks and the random picks every benchmark draws from. */
  @State(Scope.Benchmark)
  public static class Data {
    /** Number of tasks in the table (a multiple of 1,000). */
    @Param("1000000")
    public int n;

    Task[] tasks;
    /** Ids of random tasks, each a String of its own (as a caller's request would bring). */
    String[] randomIds;
    /** {@code Keys.string(serviceId)} of random services. */
    byte[][] randomServiceKeys;
    /** {@code Keys.stringPrefix} of random 2-character id prefixes (1/1024 of the ids each). */
    byte[][] randomIdPrefixes;

    @Setup(Level.Trial)
    public void build() {
      if (n < BATCH || n % BATCH != 0) {
        throw new IllegalArgumentException("n must be a positive multiple of " + BATCH + ": " + n);
      }
      tasks = TaskData.tasks(n);
      SplittableRandom random = new SplittableRandom(TaskData.SEED + 1);
      randomIds = new String[PICKS];
      for (int i = 0; i < PICKS; i++) {
        randomIds[i] = new String(tasks[random.nextInt(n)].getId().toCharArray());
      }
      randomServiceKeys = new byte[PICKS][];
      for (int i = 0; i < PICKS; i++) {
        randomServiceKeys[i] = Keys.string(tasks[random.nextInt(Math.min(n, TaskData.SERVICES))].getServiceId());
      }
      String alphabet = "0123456789abcdefghijklmnopqrstuv";
      randomIdPrefixes = new byte[PICKS][];
      for (int i = 0; i < PICKS; i++) {
        randomIdPrefixes[i] = Keys.stringPrefix(
            "" + alphabet.charAt(random.nextInt(32)) + alphabet.charAt(random.nextInt(32)));
      }
    }
  }

  /** A database loaded with all tasks, and its snapshot. */
  @State(Scope.Benchmark)
  public static class Loaded {
    Snapshot snapshot;

    @Setup(Level.Trial)
    public void load(Data data) {
      MemDb db = TaskTable.load(data.tasks);
      snapshot = db.snapshot();
      if (snapshot.count(TaskTable.TASKS) != data.n) {
        throw new IllegalStateException("loaded " + snapshot.count(TaskTable.TASKS) + " of " + data.n);
      }
      Settle.youngCollections();
    }
  }

  /** The baselines: the same tasks in a HashMap and a TreeMap by id. */
  @State(Scope.Benchmark)
  public static class Maps {
    HashMap<String, Task> hash;
    TreeMap<String, Task> tree;

    @Setup(Level.Trial)
    public void load(Data data) {
      hash = new HashMap<>();
      tree = new TreeMap<>();
      for (Task t : data.tasks) {
        hash.put(t.getId(), t);
        tree.put(t.getId(), t);
      }
      Settle.youngCollections();
    }
  }

  /** Where the next random pick is read, per thread. */
  @State(Scope.Thread)
  public static class Pick {
    int next;

    int next() {
      return next++ & (PICKS - 1);
    }
  }

  /** Rows returned by scans: JMH reports this counter per second, as the metric {@code rows}. */
  @AuxCounters(AuxCounters.Type.OPERATIONS)
  @State(Scope.Thread)
  public static class Rows {
    public long rows;

    @Setup(Level.Iteration)
    public void clear() {
      rows = 0;
    }
  }

  /**
   * Where the insert benchmarks are: each invocation writes the next {@value #BATCH} tasks;
   * after all {@code n} the structure starts over empty, so the measured inserts go into tables
   * of every size from 0 to {@code n}, as a full load does.
   */
  @State(Scope.Thread)
  public static class Fill {
    int next;

    @Setup(Level.Iteration)
    public void restart() {
      next = 0;
    }

    /** The first index of the next batch; 0 means "start over with an empty structure". */
    int claim(int n) {
      if (next == n) {
        next = 0;
      }
      int from = next;
      next += BATCH;
      return from;
    }
  }

  /** The growing database of {@link #memdbInsert}. */
  @State(Scope.Thread)
  public static class GrowingDb {
    MemDb db;
  }

  /** The growing map of {@link #hashMapPut}. */
  @State(Scope.Thread)
  public static class GrowingMap {
    HashMap<String, Task> map;
  }

  // ------------------------------------------------------------------------------ memdb

  /** Objects/s inserted by write transactions of 1,000 inserts, each committed (root swap). */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public Snapshot memdbInsert(Data data, Fill fill, GrowingDb g) {
    Task[] tasks = data.tasks;
    int from = fill.claim(data.n);
    if (from == 0) {
      g.db = new MemDb(TaskTable.SCHEMA);
    }
    WriteTxn txn = g.db.begin();
    for (int i = from, end = from + BATCH; i < end; i++) {
      txn.insert(TaskTable.TASKS, tasks[i]);
    }
    return txn.commit();
  }

  /** Lookups/s of a random task by id on a snapshot. */
  @Benchmark
  public Task memdbGetById(Data data, Loaded db, Pick pick) {
    return db.snapshot.get(TaskTable.TASKS, data.randomIds[pick.next()]);
  }

  /** All tasks of a random service through the service index (about n/1,000 rows). */
  @Benchmark
  public void memdbFindByService(Data data, Loaded db, Pick pick, Rows rows, Blackhole bh) {
    Iterator<Task> it = db.snapshot.find(TaskTable.BY_SERVICE, data.randomServiceKeys[pick.next()]);
    rows.rows += drain(it, bh);
  }

  /** All tasks whose id starts with 2 random characters (about n/1,024 rows). */
  @Benchmark
  public void memdbIdPrefixScan(Data data, Loaded db, Pick pick, Rows rows, Blackhole bh) {
    Iterator<Task> it = db.snapshot.findPrefix(TaskTable.BY_ID, data.randomIdPrefixes[pick.next()]);
    rows.rows += drain(it, bh);
  }

  /** Every task, in id order. */
  @Benchmark
  public void memdbFullScan(Loaded db, Rows rows, Blackhole bh) {
    rows.rows += drain(db.snapshot.all(TaskTable.TASKS), bh);
  }

  // ------------------------------------------------------------------------------ baselines

  /** Objects/s put into a HashMap by id, 1,000 per invocation, growing it to n as above. */
  @Benchmark
  @OperationsPerInvocation(BATCH)
  public HashMap<String, Task> hashMapPut(Data data, Fill fill, GrowingMap g) {
    Task[] tasks = data.tasks;
    int from = fill.claim(data.n);
    if (from == 0) {
      g.map = new HashMap<>();
    }
    HashMap<String, Task> hash = g.map;
    for (int i = from, end = from + BATCH; i < end; i++) {
      Task t = tasks[i];
      hash.put(t.getId(), t);
    }
    return hash;
  }

  /** Lookups/s of a random task by id in a HashMap. */
  @Benchmark
  public Task hashMapGet(Data data, Maps maps, Pick pick) {
    return maps.hash.get(data.randomIds[pick.next()]);
  }

  /** Every task of a TreeMap, in id order. */
  @Benchmark
  public void treeMapFullScan(Maps maps, Rows rows, Blackhole bh) {
    long count = 0;
    for (Map.Entry<String, Task> e : maps.tree.entrySet()) {
      bh.consume(e.getValue());
      count++;
    }
    rows.rows += count;
  }

  private static long drain(Iterator<Task> it, Blackhole bh) {
    long count = 0;
    while (it.hasNext()) {
      bh.consume(it.next());
      count++;
    }
    return count;
  }
}
