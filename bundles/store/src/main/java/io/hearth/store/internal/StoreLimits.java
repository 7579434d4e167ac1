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
 * @param groupHoldMicros the longest the next entry waits, after one is applied, for the
 *     callers that entry released to join it (never longer than half that entry's round
 *     trip; 0 never waits): see {@link GroupHold}
 */
public record StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes,
    int maxEntriesInFlight, int commitHistory, long groupHoldMicros) {

  /**
   * SwarmKit's sizes (1.5 MiB per entry, batches split at 200 changes or 1 MiB) and one entry
   * in flight: with replication's appender wait at 0 each entry leaves at once, and the
   * transactions that arrive meanwhile travel together in the next one.
   */
  public static final StoreLimits DEFAULTS = new StoreLimits(1536 * 1024, 200, 1024 * 1024,
      StoreLimits.DEFAULT_ENTRIES_IN_FLIGHT, StoreLimits.DEFAULT_COMMIT_HISTORY,
      StoreLimits.DEFAULT_GROUP_HOLD_MICROS);

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

  /**
   * The group hold unless configured otherwise. Its real bound is usually half the round trip
   * (1–2 ms here); this cap keeps a slow disk's long round trips from holding entries for long.
   * With 64 writers it puts 45–51 transactions in an entry instead of 33–37, and won 8 of 10
   * alternating runs against no hold, +11 % at the median on a busy host
   * (benchmarks/CLUSTER-RESULTS.md, "the group hold").
   */
  public static final long DEFAULT_GROUP_HOLD_MICROS = 2_000;

  /** Size limits with the default flight, history and group hold. */
  public StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes) {
    this(maxTransactionBytes, batchMaxChanges, batchMaxBytes, DEFAULT_ENTRIES_IN_FLIGHT,
        DEFAULT_COMMIT_HISTORY);
  }

  /** Limits with the default group hold. */
  public StoreLimits(long maxTransactionBytes, int batchMaxChanges, long batchMaxBytes,
      int maxEntriesInFlight, int commitHistory) {
    this(maxTransactionBytes, batchMaxChanges, batchMaxBytes, maxEntriesInFlight, commitHistory,
        DEFAULT_GROUP_HOLD_MICROS);
  }

  public StoreLimits {
    if (maxTransactionBytes <= 0 || batchMaxChanges <= 0 || batchMaxBytes <= 0
        || maxEntriesInFlight <= 0 || commitHistory <= 0) {
      throw new IllegalArgumentException("limits must be positive: " + maxTransactionBytes
          + ", " + batchMaxChanges + ", " + batchMaxBytes + ", " + maxEntriesInFlight + ", "
          + commitHistory);
    }
    if (groupHoldMicros < 0) {
      throw new IllegalArgumentException("groupHoldMicros must not be negative: "
          + groupHoldMicros);
    }
    if (batchMaxBytes > maxTransactionBytes) {
      throw new IllegalArgumentException("batchMaxBytes " + batchMaxBytes
          + " exceeds maxTransactionBytes " + maxTransactionBytes);
    }
  }
}
