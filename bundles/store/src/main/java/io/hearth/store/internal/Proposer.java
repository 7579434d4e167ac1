package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.LogEntry;
import io.hearth.store.spi.ReplicatedLog;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;

/**
 * Proposes the chain's entries to the log, in chain order, keeping at most {@code maxInFlight}
 * unapplied at a time. Transactions that arrive while entries are in flight join the next,
 * unproposed entry (group commit), so throughput is not bounded by the log's cost per entry.
 *
 * <p>Proposing happens on one thread of its own, never on a caller's: handing an entry to
 * Ratis blocks for a while (its server hops to its client executor and joins, then appends
 * under its own lock; about 10 ms per entry on a busy 2-CPU machine). A batch building its
 * transactions on the caller's thread would otherwise stall on every proposal, and entries
 * would stay one transaction each; and completions, which arrive on the log's apply thread,
 * must not propose there either, or applying waits on proposing.
 *
 * <p>After an entry is applied, the next may be held back for a moment so that the callers
 * just released can join it: see {@link GroupHold}.
 */
final class Proposer implements AutoCloseable {
  private final Chain chain;
  private final ReplicatedLog log;
  private final Clock clock;
  private final int maxInFlight;
  private final GroupHold hold;
  private final LongSupplier ticker;
  private final ScheduledExecutorService thread;
  /** Whether a drain is queued and has not started yet (so pumps coalesce). */
  private final AtomicBoolean scheduled = new AtomicBoolean();
  /** Whether a drain is timed for the end of the current hold. */
  private final AtomicBoolean holdTimer = new AtomicBoolean();

  /**
   * @param holdMaxNanos the longest the next entry waits for callers just released; 0 never
   * @param ticker monotonic nanoseconds ({@link System#nanoTime()} outside tests)
   */
  Proposer(Chain chain, ReplicatedLog log, Clock clock, int maxInFlight, long holdMaxNanos,
      LongSupplier ticker) {
    this.chain = chain;
    this.log = log;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
    this.ticker = ticker;
    this.hold = new GroupHold(holdMaxNanos, ticker);
    this.thread = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "hearth-proposer-" + log.localId());
      t.setDaemon(true);
      return t;
    });
  }

  /**
   * Has every entry that may be proposed now proposed, on the proposer thread. Never blocks.
   * Called after appends and completions.
   */
  void pump() {
    if (!scheduled.compareAndSet(false, true)) {
      return; // a drain that has not started yet will see this entry
    }
    try {
      thread.execute(this::drain);
    } catch (RejectedExecutionException closed) {
      // The store is closing: propose here, so the log (detached) fails the entries and
      // nobody waits for an entry that is never proposed.
      drain();
    }
  }

  private void drain() {
    scheduled.set(false);
    PendingEntry next;
    while ((next = chain.nextToPropose(maxInFlight, hold::mayPropose)) != null) {
      PendingEntry entry = next;
      entry.proposedAt = ticker.getAsLong();
      CompletableFuture<Long> applied;
      try {
        applied = log.propose(encode(entry));
      } catch (RuntimeException e) {
        applied = CompletableFuture.failedFuture(e);
      }
      applied.whenComplete((index, failure) -> done(entry, index, failure));
    }
    long held = hold.remainingNanos();
    if (held >= 0 && holdTimer.compareAndSet(false, true)) {
      try {
        thread.schedule(() -> {
          holdTimer.set(false);
          drain();
        }, held, TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException closed) {
        // Closing: propose now, so the detached log fails the entry and nobody waits on it.
        holdTimer.set(false);
        hold.end();
        drain();
      }
    }
  }

  private void done(PendingEntry entry, Long index, Throwable failure) {
    if (failure == null) {
      hold.released(entry.callers, entry.proposedAt, chain.unproposedCallers());
      entry.applied.complete(index);
    } else {
      chain.cut(entry);
      entry.applied.completeExceptionally(
          failure instanceof CompletionException && failure.getCause() != null
              ? failure.getCause() : failure);
    }
    pump();
  }

  private byte[] encode(PendingEntry entry) {
    Instant now = clock.instant();
    return LogEntry.newBuilder()
        .setPreviousVersion(entry.previousVersion)
        .addAllTransactions(entry.transactions)
        .setProposedAt(Timestamp.newBuilder().setSeconds(now.getEpochSecond()))
        .setOrigin(log.localId())
        .setOriginSeq(entry.seq)
        .build()
        .toByteArray();
  }

  /** Waits until the proposer thread has run everything asked of it so far (tests). */
  void awaitIdle() throws Exception {
    thread.submit(() -> { }).get(10, TimeUnit.SECONDS);
  }

  /**
   * Stops the proposer thread once it has proposed what it was asked to (to a log that is
   * detached by then, which fails the entries); later pumps propose on the caller's thread.
   */
  @Override
  public void close() {
    hold.end();
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
