package io.hearth.watch.internal;

/**
 * The bounded hand-off from the store's apply thread to the dispatcher: a ring of commits
 * (and restart markers). {@link #offer} never waits: when the ring is full it refuses, and the
 * dispatcher later re-reads what was refused from the store's history. One consumer.
 */
final class Intake {
  private final Object[] ring;
  private int head;
  private int count;
  private boolean woken;
  private boolean waiting;

  Intake(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("intake capacity must be positive: " + capacity);
    }
    ring = new Object[capacity];
  }

  /** Adds {@code item}, or returns false at once if the ring is full. */
  synchronized boolean offer(Object item) {
    if (count == ring.length) {
      return false;
    }
    int tail = head + count;
    ring[tail >= ring.length ? tail - ring.length : tail] = item;
    count++;
    if (waiting) {
      notify();
    }
    return true;
  }

  /** Makes the consumer's current or next {@link #drain} return, even with nothing to drain. */
  synchronized void wake() {
    woken = true;
    if (waiting) {
      notify();
    }
  }

  synchronized boolean isEmpty() {
    return count == 0;
  }

  /**
   * Moves up to {@code out.length} items into {@code out}, waiting while there are none and
   * {@link #wake} was not called; returns how many.
   */
  synchronized int drain(Object[] out) throws InterruptedException {
    while (count == 0 && !woken) {
      waiting = true;
      try {
        wait();
      } finally {
        waiting = false;
      }
    }
    woken = false;
    int n = Math.min(count, out.length);
    for (int i = 0; i < n; i++) {
      out[i] = ring[head];
      ring[head] = null;
      head = head + 1 == ring.length ? 0 : head + 1;
    }
    count -= n;
    return n;
  }
}
