package io.hearth.benchmarks;

import io.hearth.model.Annotations;
import io.hearth.model.Task;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent.Action;
import io.hearth.store.StoreEventListener;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
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
 * The watch service's fan-out over a real store ({@link HearthStore} on its in-process log):
 * {@code watchers} listener watches of task updates on the watch service's delivery threads,
 * half of them matching every commit (label {@code group=a}) and half none ({@code group=b});
 * both halves are scanned, none is skipped through the id/service/node index, so this is the
 * fan-out's worst case.
 *
 * <ul>
 *   <li>{@code commitToDelivery} (sample time): one update of the watched task, until every
 *       matching watcher has been called with it. It starts before {@code update} is called,
 *       so it includes the write itself; the percentiles are of the time to reach the
 *       <em>last</em> matching watcher.
 *   <li>{@code fanOut} (throughput): {@value #BURST} updates, until each matching watcher has
 *       been called with every one; ops are commits, each delivered to {@code watchers / 2}
 *       watchers (at least one).
 * </ul>
 *
 * <p>Usage, from the repository root, after {@code ./mvnw -B -q -pl bundles/watch -am
 * test-compile}: see {@code bundles/watch/README-section.md}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class WatchBenchmark {
  static final int BURST = 64;
  private static final long DEADLINE_NANOS = TimeUnit.SECONDS.toNanos(30);

  @Param({"1", "100", "10000"})
  public int watchers;

  private InProcessLog log;
  private HearthStore store;
  private WatchHub hub;
  private final List<Watch> watches = new ArrayList<>();
  private final Countdown countdown = new Countdown();
  private int matching;
  private long slot;

  /** Counts deliveries down and wakes the benchmark thread at zero. */
  static final class Countdown implements StoreEventListener {
    private final AtomicLong remaining = new AtomicLong();
    private volatile Thread waiter;

    void reset(long count) {
      waiter = Thread.currentThread();
      remaining.set(count);
    }

    @Override
    public void committed(Commit commit) {
      if (remaining.decrementAndGet() == 0) {
        LockSupport.unpark(waiter);
      }
    }

    void await() {
      long deadline = System.nanoTime() + DEADLINE_NANOS;
      while (remaining.get() > 0) {
        LockSupport.parkNanos(this, 1_000_000);
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(remaining.get() + " deliveries missing after 30 s");
        }
      }
    }
  }

  static Task task(String id, String group) {
    return Task.newBuilder().setId(id).setServiceId("svc")
        .setAnnotations(Annotations.newBuilder().setName(id).putLabels("group", group)).build();
  }

  @Setup(Level.Trial)
  public void setUp() {
    log = new InProcessLog("bench");
    store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
    store.update(tx -> tx.tasks().create(task("hot", "a")));
    // Queues long enough for a burst; the listener keeps up (it only counts).
    hub = new WatchHub(store.commitFeed(), store, new WatchSettings(4 * BURST, 2, 8192));
    for (int i = 0; i < watchers; i++) {
      String group = i % 2 == 0 ? "a" : "b";
      watches.add(hub.watch(WatchRequests.on(ObjectKind.TASK, Action.UPDATE)
          .label("group", group).build(), countdown));
    }
    matching = (watchers + 1) / 2;
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long closed = watches.stream().filter(Watch::isClosed).count();
    if (closed > 0) {
      System.out.println("# " + closed + " of " + watchers + " watches were closed: "
          + watches.stream().filter(Watch::isClosed).findFirst().get().closedReason());
    }
    hub.close();
    store.close();
    log.close();
  }

  private void updateHot() {
    long next = ++slot;
    store.update(tx -> tx.tasks().update(tx.tasks().require("hot").toBuilder()
        .setSlot(next).build()));
  }

  @Benchmark
  @BenchmarkMode(Mode.SampleTime)
  @OutputTimeUnit(TimeUnit.MICROSECONDS)
  public void commitToDelivery() {
    countdown.reset(matching);
    updateHot();
    countdown.await();
  }

  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BURST)
  public void fanOut() {
    countdown.reset((long) matching * BURST);
    for (int i = 0; i < BURST; i++) {
      updateHot();
    }
    countdown.await();
  }
}
