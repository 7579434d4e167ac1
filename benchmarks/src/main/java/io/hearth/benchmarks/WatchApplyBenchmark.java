package io.hearth.benchmarks;

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
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The store's write path ({@code store.update} of one task, single writer, in-process log:
 * closure, change list, log entry, apply, root swap, commit feed) while {@code watchers}
 * listener watches are open, against the same with none: how much the watchers slow the writer
 * and the apply path. The apply thread only hands each commit to the watch service; the
 * matching and delivery run on the watch service's threads, which share the machine's cores.
 *
 * <ul>
 *   <li>{@code selective}: each watcher watches the tasks of its own service (the id/service/
 *       node index finds the one that matches, the others are never looked at); the writes go
 *       to one service, so one watcher is called per commit.
 *   <li>{@code halfMatching}: half the watchers match every commit, and every watcher is
 *       tested: the fan-out's worst case. The listeners only count; when the writer outruns
 *       the fan-out the dispatcher falls behind and re-reads from the store's history, and
 *       watchers whose queue overflows are closed (the tear-down prints how many).
 * </ul>
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = {"-Xms2g", "-Xmx2g", Jvm.PRE_TOUCH, Jvm.HUGE_PAGES})
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class WatchApplyBenchmark {

  @Param({"0", "10000"})
  public int watchers;

  @Param({"selective", "halfMatching"})
  public String mode;

  private InProcessLog log;
  private HearthStore store;
  private WatchHub hub;
  private final List<Watch> watches = new ArrayList<>();
  private final LongAdder delivered = new LongAdder();
  private long slot;

  @Setup(Level.Trial)
  public void setUp() {
    log = new InProcessLog("bench");
    store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
    store.update(tx -> tx.tasks().create(WatchBenchmark.task("hot", "a").toBuilder()
        .setServiceId("svc-0").build()));
    hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
    StoreEventListener counter = new StoreEventListener() {
      @Override
      public void committed(Commit commit) {
        delivered.increment();
      }
    };
    boolean selective = mode.equals("selective");
    for (int i = 0; i < watchers; i++) {
      WatchRequests.Builder request = WatchRequests.on(ObjectKind.TASK, Action.UPDATE);
      if (selective) {
        request.serviceId("svc-" + i);
      } else {
        request.label("group", i % 2 == 0 ? "a" : "b");
      }
      watches.add(hub.watch(request.build(), counter));
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    long closed = watches.stream().filter(Watch::isClosed).count();
    System.out.println("# " + mode + ", " + watchers + " watchers: " + delivered.sum()
        + " deliveries, " + closed + " watches closed"
        + (closed == 0 ? "" : " (" + watches.stream().filter(Watch::isClosed).findFirst().get()
            .closedReason().reason() + ")"));
    hub.close();
    store.close();
    log.close();
  }

  @Benchmark
  public long update() {
    long next = ++slot;
    return store.update(tx -> tx.tasks().update(tx.tasks().require("hot").toBuilder()
        .setSlot(next).build()));
  }
}
