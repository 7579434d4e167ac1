package io.hearth.store.internal;

import io.hearth.memdb.Snapshot;
import io.hearth.model.Transaction;
import io.hearth.store.Commit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One log entry of the leader's speculative chain: transactions with consecutive versions,
 * built on {@code previousVersion}, leading to state {@code after}. While it is not yet
 * proposed, later transactions may join it (group commit); once proposed it is sealed.
 *
 * <p>Fields other than the final ones are guarded by the {@link Chain}'s lock.
 */
final class PendingEntry {
  final long seq;
  final long previousVersion;
  final List<Transaction> transactions = new ArrayList<>();
  /** The events of {@link #transactions}, one commit each, for the commit feed. */
  final List<Commit> commits = new ArrayList<>();
  /** Completes with the log index once applied here, or fails; every member waits on it. */
  final CompletableFuture<Long> applied = new CompletableFuture<>();
  Snapshot after;
  long bytes;
  /** The callers waiting on it: one per update, one for a batch's whole entry. */
  int callers;
  boolean proposed;
  /** When it was handed to the log ({@link System#nanoTime()}); proposer thread, then read
   * after {@link #applied} completes. */
  long proposedAt;

  PendingEntry(long seq, long previousVersion) {
    this.seq = seq;
    this.previousVersion = previousVersion;
  }

  void add(Transaction tx, Commit commit, long txBytes, Snapshot state) {
    transactions.add(tx);
    commits.add(commit);
    bytes += txBytes;
    after = state;
  }
}
