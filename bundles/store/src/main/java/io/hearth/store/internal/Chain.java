package io.hearth.store.internal;

import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import java.util.ArrayDeque;
import java.util.Iterator;

/**
 * The leader's speculative chain: states built by transactions that are proposed but not yet
 * applied. The writer builds each transaction on the chain's tip; the apply thread publishes a
 * pending state when its own entry comes back, and drops the whole chain as soon as anything
 * else is applied (another leader's entry, a rejected entry): every pending state then rests on
 * a base that will never be committed.
 *
 * <p>Threading: all methods are synchronized on this chain and short; the committed snapshot
 * of {@link MemDb} is only published from here, so tip and committed state change together.
 */
final class Chain {

  /** A proposed entry and the state it leads to. */
  record Pending(long seq, Snapshot after) { }

  private final MemDb db;
  private final ArrayDeque<Pending> inflight = new ArrayDeque<>();

  Chain(MemDb db) {
    this.db = db;
  }

  /** The state the next transaction builds on: the newest pending state, else committed. */
  synchronized Snapshot tip() {
    Pending last = inflight.peekLast();
    return last == null ? db.snapshot() : last.after();
  }

  /**
   * Appends a pending state built on {@code base}, if {@code base} is still the tip.
   *
   * @return false if the chain changed under the transaction (it must not be proposed)
   */
  synchronized boolean extend(Snapshot base, Pending pending) {
    if (tip() != base) {
      return false;
    }
    inflight.addLast(pending);
    return true;
  }

  /** Drops {@code pending} and everything built on it (its proposal failed). */
  synchronized void cut(Pending pending) {
    boolean found = false;
    for (Iterator<Pending> it = inflight.iterator(); it.hasNext(); ) {
      found |= it.next() == pending;
      if (found) {
        it.remove();
      }
    }
  }

  /**
   * Publishes the head pending state if it belongs to the entry {@code seq} this node
   * proposed. Apply thread only.
   *
   * @return false if the entry is not the head of this chain; the caller must replay it
   */
  synchronized boolean publishOwn(long seq) {
    Pending head = inflight.peekFirst();
    if (head == null || head.seq() != seq) {
      return false;
    }
    inflight.pollFirst();
    db.publish(head.after());
    return true;
  }

  /** Publishes a state replayed from the log and drops every pending state. Apply thread only. */
  synchronized void publishReplayed(Snapshot next) {
    inflight.clear();
    db.publish(next);
  }

  /** Drops every pending state (an entry was rejected). */
  synchronized void clear() {
    inflight.clear();
  }

  synchronized int size() {
    return inflight.size();
  }
}
