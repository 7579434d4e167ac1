package io.hearth.watch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.ObjectKind;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * An idle watcher (nothing queued; one entry, one selector) costs at most 2 KiB of heap, the
 * target; measured as used heap after full GCs with 20,000 of them open minus before. The same
 * measure, as a tool, is {@code io.hearth.benchmarks.WatchFootprint}.
 */
@Timeout(120)
class IdleWatcherFootprintTest {
  private static final int N = 20_000;

  @Test
  void anIdleWatcherCostsAtMostTwoKibibytes() {
    try (StoreFixture fixture = new StoreFixture()) {
      WatchHub hub = fixture.hub;
      hub.watch(WatchRequests.on(ObjectKind.TASK).serviceId("warm-up").build()).close();
      List<Watch> watches = new ArrayList<>(N);
      long before = usedAfterGc();
      for (int i = 0; i < N; i++) {
        watches.add(hub.watch(WatchRequests.on(ObjectKind.TASK).serviceId("svc-" + i).build()));
      }
      long after = usedAfterGc();
      assertEquals(N, hub.watchCount());
      double perWatcher = (double) (after - before - 4L * N) / N; // less the list's slots
      assertTrue(perWatcher <= 2048, perWatcher + " bytes per idle watcher");
      assertTrue(perWatcher > 0, "measured something: " + perWatcher);
    }
  }

  /** Used heap once repeated full GCs stop freeing anything (within 256 KiB). */
  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 20; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (used - now < (1 << 18) && i >= 2) {
        return Math.min(used, now);
      }
      used = now;
    }
    return used;
  }
}
