package io.hearth.scheduler.internal;

import io.hearth.store.plugin.ControlLoop;
import java.time.Duration;

/**
 * How the scheduler paces itself.
 *
 * @param batchSize task writes per {@code store.batch} call; the store splits each call into
 *     as few log entries as its size limits allow
 * @param debounce a pass waits until no relevant change arrived for this long, so a burst
 *     (a service scaled up, nodes joining) is scheduled in one pass
 * @param maxDelay but a pass never waits longer than this after the first change it serves
 */
public record SchedulerSettings(int batchSize, Duration debounce, Duration maxDelay)
    implements ControlLoop.Timing {
  /**
   * 10,000 tasks per batch, 50 ms debounce, 1 s at most (SwarmKit's pacing). The store fills
   * whole log entries within one batch call and keeps two in flight, but each call waits for its
   * last entry: 1,000 per call cost 10 round trips per 10,000 tasks and about a quarter more
   * end-to-end time (benchmarks/RESULTS.md, end to end).
   */
  public static final SchedulerSettings DEFAULTS =
      new SchedulerSettings(10_000, Duration.ofMillis(50), Duration.ofSeconds(1));

  public SchedulerSettings {
    if (batchSize <= 0 || debounce.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("batch size must be positive and delays not negative: "
          + batchSize + ", " + debounce + ", " + maxDelay);
    }
  }
}
