package io.hearth.store.internal;

import java.util.function.LongSupplier;

/**
 * Holds the next log entry back, briefly, for the callers the last applied entry released.
 *
 * <p>Why: with one entry in flight, callers that arrive while it replicates queue in the next
 * entry. When the entry in flight is applied, the callers it released usually write again at
 * once; proposing the queued entry before they are back splits steady writers into two
 * cohorts, one in flight and one filling the next entry, each paying the log's cost per entry
 * (on a 2-CPU machine that cost is most of the CPU a write takes). Holding the next entry
 * until about three in four of the released callers have joined it keeps them in one.
 *
 * <p>A hold never lasts longer than the configured maximum nor than half the released entry's
 * round trip: past that, waiting costs more than it saves. A lone writer is never held (one in
 * four of one caller rounds to none), nor is a batch's next entry (a batch is one caller).
 *
 * <p>Thread-safe: the apply thread reports releases, the proposer thread asks.
 */
final class GroupHold {
  private final long maxNanos;
  private final LongSupplier ticker;
  /** Callers the next entry waits for; -1 when nothing is held. */
  private int holdFor = -1;
  private long until;

  /**
   * @param maxNanos the longest hold; 0 never holds
   * @param ticker monotonic time in nanoseconds ({@link System#nanoTime()} outside tests)
   */
  GroupHold(long maxNanos, LongSupplier ticker) {
    this.maxNanos = maxNanos;
    this.ticker = ticker;
  }

  /**
   * An entry proposed at {@code proposedAt} (ticker time) was applied and released its {@code
   * callers}; {@code waiting} callers sit in entries not proposed yet.
   */
  void released(int callers, long proposedAt, int waiting) {
    int expected = callers * 3 / 4;
    if (maxNanos == 0 || expected == 0) {
      return;
    }
    long now = ticker.getAsLong();
    long hold = Math.min(maxNanos, (now - proposedAt) / 2);
    synchronized (this) {
      holdFor = (holdFor >= 0 ? holdFor : waiting) + expected;
      until = now + hold;
    }
  }

  /** Whether the newest entry, with {@code callers} waiting on it, may be proposed now. */
  synchronized boolean mayPropose(int callers) {
    if (holdFor < 0) {
      return true;
    }
    if (callers >= holdFor || ticker.getAsLong() - until >= 0) {
      holdFor = -1;
      return true;
    }
    return false;
  }

  /** Ends the current hold, if any (the store is closing). */
  synchronized void end() {
    holdFor = -1;
  }

  /**
   * Nanoseconds until the current hold runs out, or -1 when nothing is held. A hold that has
   * run out ends here, so that a proposer timing its next look by this never spins while no
   * caller comes back.
   */
  synchronized long remainingNanos() {
    if (holdFor < 0) {
      return -1;
    }
    long left = until - ticker.getAsLong();
    if (left <= 0) {
      holdFor = -1;
      return -1;
    }
    return left;
  }
}
