package io.hearth.allocator.internal;

import io.hearth.store.plugin.ControlLoop;
import java.time.Duration;

/**
 * How the allocator paces itself.
 *
 * @param batchSize object writes per {@code store.batch} call; the store splits each call into
 *     as few log entries as its size limits allow
 * @param debounce a pass waits until no relevant change arrived for this long, so a burst
 *     (a service scaled up, a network created) is allocated in one pass
 * @param maxDelay but a pass never waits longer than this after the first change it serves
 */
public record AllocatorSettings(int batchSize, Duration debounce, Duration maxDelay)
    implements ControlLoop.Timing {
  /**
   * 10,000 writes per batch, 50 ms debounce, 1 s at most. Each batch call waits for its last
   * log entry, so smaller calls cost round trips (benchmarks/RESULTS.md, end to end).
   */
  public static final AllocatorSettings DEFAULTS =
      new AllocatorSettings(10_000, Duration.ofMillis(50), Duration.ofSeconds(1));

  public AllocatorSettings {
    if (batchSize <= 0 || debounce.isNegative() || maxDelay.isNegative()) {
      throw new IllegalArgumentException("batch size must be positive and delays not negative: "
          + batchSize + ", " + debounce + ", " + maxDelay);
    }
  }
}
