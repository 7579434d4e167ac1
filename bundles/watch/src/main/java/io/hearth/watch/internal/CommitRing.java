package io.hearth.watch.internal;

import io.hearth.store.Commit;

/**
 * A FIFO of commits in a power-of-two ring that grows from nothing as commits wait and is given
 * back once drained if it grew past {@value #KEEP}, so an idle watcher holds no array and a past
 * burst does not pin memory. Not thread-safe: its {@link Watcher} guards it.
 */
final class CommitRing {
  private static final Commit[] EMPTY = new Commit[0];
  private static final int KEEP = 64;

  private Commit[] ring = EMPTY;
  private int head;
  private int count;

  int size() {
    return count;
  }

  /** The oldest commit, or null. */
  Commit peek() {
    return count == 0 ? null : ring[head];
  }

  void add(Commit commit) {
    if (count == ring.length) {
      grow();
    }
    ring[(head + count) & (ring.length - 1)] = commit;
    count++;
  }

  /** Removes and returns the oldest commit; the ring must not be empty. */
  Commit poll() {
    Commit commit = ring[head];
    ring[head] = null;
    head = (head + 1) & (ring.length - 1);
    count--;
    if (count == 0) {
      head = 0;
      if (ring.length > KEEP) {
        ring = EMPTY;
      }
    }
    return commit;
  }

  void clear() {
    ring = EMPTY;
    head = 0;
    count = 0;
  }

  private void grow() {
    Commit[] bigger = new Commit[ring.length == 0 ? 4 : ring.length * 2];
    for (int i = 0; i < count; i++) {
      bigger[i] = ring[(head + i) & (ring.length - 1)];
    }
    ring = bigger;
    head = 0;
  }
}
