package io.hearth.watch.internal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.benchmarks.WatchFootprint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An idle watcher costs at most 2 KiB of heap (the target; it is well under). */
@Timeout(120)
class IdleWatcherFootprintTest {

  @Test
  void anIdleWatcherCostsLessThanTwoKibibytes() {
    double bytes = WatchFootprint.measure(20_000);
    assertTrue(bytes <= 2048, bytes + " bytes per idle watcher");
    assertTrue(bytes > 0, "measured something: " + bytes);
  }
}
