package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.LogEntry;
import io.hearth.store.spi.ReplicatedLog;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

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
 */
final class Proposer implements AutoCloseable {
  private final Chain chain;
  private final ReplicatedLog log;
  private final Clock clock;
  private final int maxInFlight;
  private final ExecutorService thread;
  /** Whether a drain is queued and has not started yet (so pumps coalesce). */
  private final AtomicBoolean scheduled = new AtomicBoolean();

  Proposer(Chain chain, ReplicatedLog log, Clock clock, int maxInFlight) {
    this.chain = chain;
    this.log = log;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
    this.thread = Executors.newSingleThreadExecutor(r -> {
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
    while ((next = chain.nextToPropose(maxInFlight)) != null) {
      PendingEntry entry = next;
      CompletableFuture<Long> applied;
      try {
        applied = log.propose(encode(entry));
      } catch (RuntimeException e) {
        applied = CompletableFuture.failedFuture(e);
      }
      applied.whenComplete((index, failure) -> done(entry, index, failure));
    }
  }

  private void done(PendingEntry entry, Long index, Throwable failure) {
    if (failure == null) {
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

  /**
   * Stops the proposer thread once it has proposed what it was asked to (to a log that is
   * detached by then, which fails the entries); later pumps propose on the caller's thread.
   */
  @Override
  public void close() {
    thread.shutdown();
    try {
      thread.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
