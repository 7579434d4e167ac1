package io.hearth.store.internal;

/**
 * Size limits of the write path.
 *
 * @param maxTransactionBytes hard limit of one log entry; a transaction over it fails before
 *     it is proposed
 * @param batchMaxChanges a batch proposes once its pending changes reach this count
 * @param batchMaxBytes a batch proposes once its pending changes reach about this many bytes
 */
public record StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes) {

  /** SwarmKit's values: 1.5 MiB per entry, batches split at 200 changes or 1 MiB. */
  public static final StoreLimits DEFAULTS = new StoreLimits(1536 * 1024, 200, 1024 * 1024);

  public StoreLimits {
    if (maxTransactionBytes <= 0 || batchMaxChanges <= 0 || batchMaxBytes <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxTransactionBytes
          + ", " + batchMaxChanges + ", " + batchMaxBytes);
    }
    if (batchMaxBytes > maxTransactionBytes) {
      throw new IllegalArgumentException("batchMaxBytes " + batchMaxBytes
          + " exceeds maxTransactionBytes " + maxTransactionBytes);
    }
  }
}
