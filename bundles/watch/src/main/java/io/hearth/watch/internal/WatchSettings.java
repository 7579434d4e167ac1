package io.hearth.watch.internal;

/**
 * Sizes of the watch service.
 *
 * @param queueSize commits a watcher may have waiting; one more closes it (overflow)
 * @param deliveryThreads threads that call listeners registered without an executor
 * @param intakeSize commits handed from the store to the dispatcher and not yet dispatched;
 *     beyond it the dispatcher re-reads them from the store's history
 */
public record WatchSettings(int queueSize, int deliveryThreads, int intakeSize) {

  /** 1,024 commits per watcher, 2 delivery threads, an intake of 8,192 commits. */
  public static final WatchSettings DEFAULTS = new WatchSettings(1024, 2, 8192);

  public WatchSettings {
    if (queueSize <= 0 || deliveryThreads <= 0 || intakeSize <= 0) {
      throw new IllegalArgumentException("watch settings must be positive: queueSize "
          + queueSize + ", deliveryThreads " + deliveryThreads + ", intakeSize " + intakeSize);
    }
  }
}
