package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.LogEntry;
import io.hearth.store.spi.ReplicatedLog;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Proposes the chain's entries to the log, in chain order, keeping at most {@code maxInFlight}
 * unapplied at a time. Transactions that arrive while entries are in flight join the next,
 * unproposed entry (group commit), so throughput is not bounded by the log's cost per entry.
 */
final class Proposer {
  private final Chain chain;
  private final ReplicatedLog log;
  private final Clock clock;
  private final int maxInFlight;
  /** Serializes proposing, so entries reach the log in chain order. */
  private final Object order = new Object();

  Proposer(Chain chain, ReplicatedLog log, Clock clock, int maxInFlight) {
    this.chain = chain;
    this.log = log;
    this.clock = clock;
    this.maxInFlight = maxInFlight;
  }

  /** Proposes every entry that may be proposed now. Called after appends and completions. */
  void pump() {
    synchronized (order) {
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
}
