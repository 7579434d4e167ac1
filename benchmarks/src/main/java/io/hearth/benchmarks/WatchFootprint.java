package io.hearth.benchmarks;

import io.hearth.store.ObjectKind;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Retained heap per idle watcher: {@code n} open watches with nothing queued, each on the
 * tasks of its own service ({@code on(TASK).serviceId(...)}: one entry, one selector, indexed
 * by service id), measured as used heap after full GCs with the watches open minus without.
 * Everything a watch keeps counts: the handle and its queue, the compiled request, its place in
 * the dispatcher's index.
 *
 * <p>Usage: {@code java -Xmx2g -cp ... io.hearth.benchmarks.WatchFootprint [n]}; prints a line
 * and {@code RESULT bytes_per_idle_watcher <value>}.
 */
public final class WatchFootprint {
  private WatchFootprint() {
  }

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 100_000;
    double perWatcher = measure(n);
    System.out.printf(Locale.ROOT, "# %,d idle watchers: %.0f bytes each (used heap after GC)%n",
        n, perWatcher);
    System.out.printf(Locale.ROOT, "RESULT bytes_per_idle_watcher %.0f%n", perWatcher);
  }

  /** Bytes of heap per idle watcher, from {@code n} of them. */
  public static double measure(int n) {
    InProcessLog log = new InProcessLog("footprint");
    HearthStore store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
    WatchHub hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
    try {
      List<Watch> watches = new ArrayList<>(n);
      // Warm up everything shared (classes, index maps) before the baseline.
      hub.watch(WatchRequests.on(ObjectKind.TASK).serviceId("warm-up").build()).close();
      long before = usedAfterGc();
      for (int i = 0; i < n; i++) {
        watches.add(hub.watch(WatchRequests.on(ObjectKind.TASK).serviceId("svc-" + i).build()));
      }
      long after = usedAfterGc();
      if (hub.watchCount() != n) {
        throw new IllegalStateException(hub.watchCount() + " watches of " + n);
      }
      // The list holding the handles is the caller's, not the watch service's.
      long list = 16L + 4L * n;
      double perWatcher = (double) (after - before - list) / n;
      watches.forEach(Watch::close);
      return perWatcher;
    } finally {
      hub.close();
      store.close();
      log.close();
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
