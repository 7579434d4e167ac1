package io.hearth.store.internal;

import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import io.hearth.model.Transaction;
import io.hearth.store.Commit;
import io.hearth.store.NotLeaderException;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.function.IntPredicate;
import java.util.function.LongSupplier;

/**
 * The leader's speculative chain: entries proposed (or about to be) but not yet applied, each
 * leading to the state the next one builds on. The writer builds each transaction on the
 * chain's tip; the apply thread publishes an entry's state when it comes back, and drops the
 * whole chain as soon as anything else is applied (another leader's entry, a rejected entry):
 * every pending state then rests on a base that will never be committed.
 *
 * <p>Threading: all methods are synchronized on this chain and short; the committed snapshot
 * of {@link MemDb} is only published from here, so tip and committed state change together.
 */
final class Chain {
  private final MemDb db;
  private final ArrayDeque<PendingEntry> entries = new ArrayDeque<>();

  Chain(MemDb db) {
    this.db = db;
  }

  /** The state the next transaction builds on: the newest pending state, else committed. */
  synchronized Snapshot tip() {
    PendingEntry last = entries.peekLast();
    return last == null ? db.snapshot() : last.after;
  }

  /**
   * Adds a transaction built on {@code base}: it joins the newest entry if that one is not
   * proposed yet and has room ({@code maxBytes}), else it starts a new entry.
   *
   * @return the entry, or null if {@code base} is no longer the tip (the chain was cut while
   *     the transaction ran; it must not be proposed)
   */
  synchronized PendingEntry append(Snapshot base, Transaction tx, Commit commit, long txBytes,
      Snapshot after, long maxBytes, LongSupplier seqs) {
    if (tip() != base) {
      return null;
    }
    PendingEntry last = entries.peekLast();
    if (last == null || last.proposed || last.bytes + txBytes > maxBytes) {
      last = new PendingEntry(seqs.getAsLong(), base.version());
      entries.addLast(last);
    }
    last.add(tx, commit, txBytes, after);
    last.callers++;
    return last;
  }

  /**
   * Adds a whole entry of consecutive transactions built on {@code base}, leading to {@code
   * after} (a batch builds them on one memdb transaction and has no state between them).
   *
   * @return the entry, or null if {@code base} is no longer the tip
   */
  synchronized PendingEntry appendEntry(Snapshot base, List<Transaction> txs,
      List<Commit> commits, long bytes, Snapshot after, LongSupplier seqs) {
    if (tip() != base) {
      return null;
    }
    PendingEntry entry = new PendingEntry(seqs.getAsLong(), base.version());
    for (int i = 0; i < txs.size(); i++) {
      entry.add(txs.get(i), commits.get(i), 0, after);
    }
    entry.bytes = bytes;
    entry.callers = 1;
    entries.addLast(entry);
    return entry;
  }

  /**
   * Seals and returns the oldest entry not yet proposed, if fewer than {@code maxInFlight}
   * entries are proposed and unapplied, and, when it is the newest entry (the only one that can
   * still grow), if {@code ready} accepts its number of callers; else null.
   */
  synchronized PendingEntry nextToPropose(int maxInFlight, IntPredicate ready) {
    int inFlight = 0;
    for (PendingEntry e : entries) {
      if (!e.proposed) {
        if (inFlight >= maxInFlight) {
          return null;
        }
        // Only the newest entry can still grow: an older one is full, and goes.
        if (e == entries.peekLast() && !ready.test(e.callers)) {
          return null;
        }
        e.proposed = true;
        return e;
      }
      inFlight++;
    }
    return null;
  }

  /** Callers waiting in entries not proposed yet. */
  synchronized int unproposedCallers() {
    int count = 0;
    for (PendingEntry e : entries) {
      if (!e.proposed) {
        count += e.callers;
      }
    }
    return count;
  }

  synchronized int transactionCount() {
    int count = 0;
    for (PendingEntry e : entries) {
      count += e.transactions.size();
    }
    return count;
  }

  /** Drops {@code entry} and everything built on it (its proposal failed). */
  synchronized void cut(PendingEntry entry) {
    boolean found = false;
    for (Iterator<PendingEntry> it = entries.iterator(); it.hasNext(); ) {
      PendingEntry e = it.next();
      found |= e == entry;
      if (found) {
        it.remove();
        failIfUnproposed(e);
      }
    }
  }

  /**
   * Publishes the head entry's state if it is the entry {@code seq} this node proposed. Apply
   * thread only.
   *
   * @return the published entry, or null if it is not the head of this chain (the caller
   *     must replay it)
   */
  synchronized PendingEntry publishOwn(long seq) {
    PendingEntry head = entries.peekFirst();
    if (head == null || head.seq != seq) {
      return null;
    }
    entries.pollFirst();
    db.publish(head.after);
    return head;
  }

  /** Publishes a state replayed from the log and drops every pending entry. Apply thread only. */
  synchronized void publishReplayed(Snapshot next) {
    clear();
    db.publish(next);
  }

  /** Drops every pending entry (an entry was rejected, or the state was replaced). */
  synchronized void clear() {
    entries.forEach(Chain::failIfUnproposed);
    entries.clear();
  }

  /**
   * An entry that was never proposed is failed here; a proposed one fails (or is refused at
   * apply) through its own proposal.
   */
  private static void failIfUnproposed(PendingEntry e) {
    if (!e.proposed) {
      e.applied.completeExceptionally(new NotLeaderException(
          "the transaction was built on state that another leader's log replaced", null));
    }
  }
}
