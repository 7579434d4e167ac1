package io.hearth.store.internal;

import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import io.hearth.model.Transaction;
import io.hearth.store.Commit;
import io.hearth.store.NotLeaderException;
import java.util.ArrayDeque;
import java.util.Iterator;
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
   * @param more whether the same writer adds more transactions right after this one (a batch
   *     that is still running): the entry is then held back from proposing until it is full or
   *     {@link #stopFilling} is called, so a batch fills whole entries instead of proposing
   *     each of its transactions alone whenever the log has room
   * @return the entry, or null if {@code base} is no longer the tip (the chain was cut while
   *     the transaction ran; it must not be proposed)
   */
  synchronized PendingEntry append(Snapshot base, Transaction tx, Commit commit, long txBytes,
      Snapshot after, long maxBytes, boolean more, LongSupplier seqs) {
    if (tip() != base) {
      return null;
    }
    PendingEntry last = entries.peekLast();
    if (last == null || last.proposed || last.bytes + txBytes > maxBytes) {
      if (last != null) {
        last.filling = false; // full: it may go
      }
      last = new PendingEntry(seqs.getAsLong(), base.version());
      entries.addLast(last);
    }
    last.add(tx, commit, txBytes, after);
    last.filling = more;
    return last;
  }

  /** Lets the newest entry be proposed: the batch that was filling it has ended. */
  synchronized void stopFilling() {
    PendingEntry last = entries.peekLast();
    if (last != null) {
      last.filling = false;
    }
  }

  /**
   * Seals and returns the oldest entry not yet proposed, if fewer than {@code maxInFlight}
   * entries are proposed and unapplied and a batch is not still filling it; else null.
   */
  synchronized PendingEntry nextToPropose(int maxInFlight) {
    int inFlight = 0;
    for (PendingEntry e : entries) {
      if (!e.proposed) {
        if (inFlight >= maxInFlight || e.filling) {
          return null;
        }
        e.proposed = true;
        return e;
      }
      inFlight++;
    }
    return null;
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
