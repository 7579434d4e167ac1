package io.hearth.store.internal;

/**
 * Size limits of the write path.
 *
 * @param maxTransactionBytes hard limit of one log entry; a transaction over it fails before
 *     it is proposed
 * @param batchMaxChanges a batch proposes once its pending changes reach this count
 * @param batchMaxBytes a batch proposes once its pending changes reach about this many bytes
 * @param maxEntriesInFlight entries proposed and not yet applied at a time; transactions that
 *     arrive meanwhile are grouped into the next entry
 * @param commitHistory commits kept for watchers that resume from a version
 */
public record StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes,
    int maxEntriesInFlight, int commitHistory) {

  /**
   * SwarmKit's sizes (1.5 MiB per entry, batches split at 200 changes or 1 MiB) and one entry
   * in flight: with replication's appender wait at 0 each entry leaves at once, and the
   * transactions that arrive meanwhile travel together in the next one.
   */
  public static final StoreLimits DEFAULTS = new StoreLimits(1536 * 1024, 200, 1024 * 1024,
      StoreLimits.DEFAULT_ENTRIES_IN_FLIGHT, StoreLimits.DEFAULT_COMMIT_HISTORY);

  /**
   * Entries in flight unless configured otherwise. 1 suits replication's default appender wait
   * of 0: a second entry in flight then only splits the waiting transactions into more, smaller
   * Raft entries (benchmarks/cluster.sh: 8 writers 3,372 tx/s and 64 writers 12,822 with 1,
   * against 2,344 and 9,722 with 2). With an appender wait above 0, 2 keeps one entry
   * replicating while the next is on its way.
   */
  public static final int DEFAULT_ENTRIES_IN_FLIGHT = 1;

  /** Commits of history unless configured otherwise. */
  public static final int DEFAULT_COMMIT_HISTORY = 10_000;

  /** Size limits with the default flight and history. */
  public StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes) {
    this(maxTransactionBytes, batchMaxChanges, batchMaxBytes, DEFAULT_ENTRIES_IN_FLIGHT,
        DEFAULT_COMMIT_HISTORY);
  }

  public StoreLimits {
    if (maxTransactionBytes <= 0 || batchMaxChanges <= 0 || batchMaxBytes <= 0
        || maxEntriesInFlight <= 0 || commitHistory <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxTransactionBytes
          + ", " + batchMaxChanges + ", " + batchMaxBytes + ", " + maxEntriesInFlight + ", "
          + commitHistory);
    }
    if (batchMaxBytes > maxTransactionBytes) {
      throw new IllegalArgumentException("batchMaxBytes " + batchMaxBytes
          + " exceeds maxTransactionBytes " + maxTransactionBytes);
    }
  }
}
