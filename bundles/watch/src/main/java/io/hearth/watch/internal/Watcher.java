package io.hearth.watch.internal;

import io.hearth.store.Commit;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreEventListener;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchClosedException.Reason;
import java.time.Duration;
import java.util.ArrayList;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One watch: its compiled request and its bounded queue of commits. The dispatcher thread
 * offers; the consumer takes (pull), or this object, run on the listener's executor, drains the
 * queue into the listener (push), {@value #BURST} commits per run so that listeners sharing an
 * executor take turns.
 *
 * <p>The queue ({@link CommitRing}) holds at most {@code capacity} commits and grows from
 * nothing as commits wait, so an idle watcher costs a few hundred bytes; a full queue closes the
 * watch instead of growing or blocking the dispatcher.
 */
final class Watcher implements Watch, Runnable {
  private static final Logger LOG = Logger.getLogger(Watcher.class.getName());
  private static final int BURST = 64;

  private final Dispatcher dispatcher;
  final EntryMatcher[] entries;
  final boolean includeOld;
  /** Commits up to this version are not for this watch (it starts after it). */
  final long after;
  private final int capacity;
  private final StoreEventListener listener;
  private final Executor executor;

  // Dispatcher thread only.
  /** The last event this watcher matched, so that two matching entries deliver it once. */
  long mark = -1;
  /** Its events of the commit being dispatched, when that commit has several events. */
  ArrayList<StoreEvent> pending;
  /** Its place in the dispatcher's list of registered watchers; -1 when not registered. */
  int position = -1;

  // Guarded by this.
  private final CommitRing queue = new CommitRing();
  private long delivered;
  private boolean registered;
  private WatchClosedException closed;
  private boolean scheduled;
  private boolean closeNotified;
  private int waiters;
  private int idleWaiters;
  private Thread delivering;

  Watcher(Dispatcher dispatcher, EntryMatcher[] entries, boolean includeOld, long after,
      int capacity, StoreEventListener listener, Executor executor) {
    this.dispatcher = dispatcher;
    this.entries = entries;
    this.includeOld = includeOld;
    this.after = after;
    this.delivered = after;
    this.capacity = capacity;
    this.listener = listener;
    this.executor = executor;
  }

  /** Whether any entry matches the event. */
  boolean matches(StoreEvent event) {
    for (EntryMatcher entry : entries) {
      if (entry.matches(event)) {
        return true;
      }
    }
    return false;
  }

  /** The dispatcher has registered this watcher: from now on it sees every commit. */
  synchronized void registered() {
    registered = true;
  }

  /** Queues a commit, or closes the watch if the queue is full. Dispatcher thread. */
  void offer(Commit commit) {
    boolean submit = false;
    boolean overflowed = false;
    synchronized (this) {
      if (closed != null) {
        return;
      }
      if (queue.size() == capacity) {
        overflowed = true;
        submit = closeLocked(Reason.OVERFLOW, lastVersionLocked(), null);
      } else {
        queue.add(commit);
        if (waiters > 0) {
          notifyAll();
        }
        if (listener != null && !scheduled) {
          scheduled = true;
          submit = true;
        }
      }
    }
    if (overflowed) {
      dispatcher.unregister(this);
    }
    if (submit) {
      submit();
    }
  }

  private Commit pop() {
    Commit commit = queue.poll();
    delivered = commit.version();
    return commit;
  }

  @Override
  public Commit take() throws InterruptedException {
    synchronized (this) {
      requirePull();
      while (queue.size() == 0) {
        if (closed != null) {
          throw copy(closed);
        }
        waiters++;
        try {
          wait();
        } finally {
          waiters--;
        }
      }
      return pop();
    }
  }

  @Override
  public Commit poll(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    synchronized (this) {
      requirePull();
      while (queue.size() == 0) {
        if (closed != null) {
          throw copy(closed);
        }
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return null;
        }
        waiters++;
        try {
          TimeUnit.NANOSECONDS.timedWait(this, left);
        } finally {
          waiters--;
        }
      }
      return pop();
    }
  }

  private void requirePull() {
    if (listener != null) {
      throw new IllegalStateException("this watch delivers to a listener");
    }
  }

  @Override
  public synchronized long lastVersion() {
    return closed != null ? closed.lastVersion() : lastVersionLocked();
  }

  /**
   * Where a resume would continue: before the oldest queued commit if any, else as far as this
   * watcher has seen: everything the dispatcher has handled once it is registered (a commit is
   * queued before the dispatcher counts it handled).
   */
  private long lastVersionLocked() {
    Commit oldest = queue.peek();
    if (oldest != null) {
      return oldest.version() - 1;
    }
    long version = Math.max(after, delivered);
    return registered ? Math.max(version, dispatcher.dispatched()) : version;
  }

  @Override
  public synchronized boolean isClosed() {
    return closed != null;
  }

  @Override
  public synchronized WatchClosedException closedReason() {
    return closed;
  }

  @Override
  public void close() {
    close(Reason.CLOSED, null);
  }

  /** Closes the watch, resuming after what the consumer has received. */
  void close(Reason reason, Throwable cause) {
    boolean submit;
    synchronized (this) {
      if (closed != null) {
        return;
      }
      submit = closeLocked(reason, lastVersionLocked(), cause);
    }
    dispatcher.unregister(this);
    if (submit) {
      submit();
    }
  }

  /** Drops the queue and records why; true if a run must be submitted to tell the listener. */
  private boolean closeLocked(Reason reason, long lastVersion, Throwable cause) {
    closed = new WatchClosedException(reason, lastVersion, cause);
    queue.clear();
    notifyAll();
    if (listener != null && reason != Reason.CLOSED && !scheduled) {
      scheduled = true;
      return true;
    }
    return false;
  }

  private void submit() {
    try {
      executor.execute(this);
    } catch (RejectedExecutionException e) {
      rejected(e);
    }
  }

  /** The executor refused a run: the watch cannot deliver; tell the listener here. */
  private void rejected(RejectedExecutionException e) {
    WatchClosedException reason;
    synchronized (this) {
      scheduled = false;
      if (closed == null) {
        closeLocked(Reason.LISTENER_FAILED, lastVersionLocked(), e);
      }
      if (closeNotified || closed.reason() == Reason.CLOSED) {
        return;
      }
      closeNotified = true;
      reason = closed;
    }
    dispatcher.unregister(this);
    notifyClosed(reason);
  }

  /**
   * Push delivery: runs on the listener's executor, one run at a time, at most {@value #BURST}
   * commits, then queues itself again behind the other watches sharing the executor.
   */
  @Override
  public void run() {
    Thread me = Thread.currentThread();
    boolean more = false;
    for (int i = 0; ; i++) {
      Commit next = null;
      WatchClosedException notify = null;
      synchronized (this) {
        idle();
        if (queue.size() == 0) {
          scheduled = false;
          if (closed != null && !closeNotified && closed.reason() != Reason.CLOSED) {
            closeNotified = true;
            notify = closed;
          }
        } else if (i == BURST) {
          more = true; // still scheduled
        } else {
          next = pop();
          delivering = me;
        }
      }
      if (next == null) {
        if (notify != null) {
          notifyClosed(notify);
        }
        break;
      }
      try {
        listener.committed(next);
      } catch (Throwable t) { // a listener's failure closes its watch, nothing else
        failed(next, t);
        if (t instanceof VirtualMachineError) {
          throw (VirtualMachineError) t;
        }
      }
    }
    if (more) {
      submit();
    }
  }

  /** No listener call in progress any more: wake {@link #awaitIdle}. Lock held. */
  private void idle() {
    delivering = null;
    if (idleWaiters > 0) {
      notifyAll();
    }
  }

  private void failed(Commit commit, Throwable t) {
    boolean submit = false;
    synchronized (this) {
      idle();
      if (closed == null) {
        // The listener did not finish this commit: resume before it.
        submit = closeLocked(Reason.LISTENER_FAILED, commit.version() - 1, t);
      }
    }
    if (submit) {
      submit();
    }
    dispatcher.unregister(this);
  }

  private void notifyClosed(WatchClosedException reason) {
    try {
      listener.closed(copy(reason));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "store event listener " + listener + " failed in closed()", e);
    }
  }

  /**
   * Waits until no listener call of this watch is in progress (the caller's own excepted), at
   * most {@code timeout}; false if one still is.
   */
  synchronized boolean awaitIdle(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (delivering != null && delivering != Thread.currentThread()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      idleWaiters++;
      try {
        TimeUnit.NANOSECONDS.timedWait(this, left);
      } finally {
        idleWaiters--;
      }
    }
    return true;
  }

  /** A fresh exception per throw, so that each carries the thrower's stack. */
  private static WatchClosedException copy(WatchClosedException e) {
    WatchClosedException copy =
        new WatchClosedException(e.reason(), e.lastVersion(), e.getCause());
    return copy;
  }

  /** Commits waiting in the queue now (for tests). */
  synchronized int queued() {
    return queue.size();
  }

  StoreEventListener listener() {
    return listener;
  }

  @Override
  public String toString() {
    return "watch after " + after + (listener == null ? "" : " to " + listener);
  }
}
