package io.hearth.store.internal;

import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The store's feed of applied commits with a bounded history. The apply path appends under this
 * object's lock, together with publishing the new root, so a reader never sees a state newer
 * than the feed; subscribing under the same lock makes the hand-over from history to live
 * commits gapless.
 */
final class CommitLog implements CommitFeed {
  private static final Logger LOG = Logger.getLogger(CommitLog.class.getName());

  private final int capacity;
  private final ArrayDeque<Commit> history = new ArrayDeque<>();
  private final List<Sub> subscriptions = new CopyOnWriteArrayList<>();
  private long version;

  CommitLog(int capacity) {
    if (capacity <= 0) {
      throw new IllegalArgumentException("history capacity must be positive: " + capacity);
    }
    this.capacity = capacity;
  }

  /** Appends applied commits and delivers them. Apply thread, with the new root published. */
  synchronized void append(List<Commit> commits) {
    for (Commit commit : commits) {
      history.addLast(commit);
      if (history.size() > capacity) {
        history.pollFirst();
      }
      version = commit.version();
      for (Sub sub : subscriptions) {
        sub.deliver(commit);
      }
    }
  }

  /** The state was replaced by a snapshot at {@code newVersion}: history restarts there. */
  synchronized void reset(long newVersion) {
    history.clear();
    version = newVersion;
    for (Sub sub : subscriptions) {
      try {
        sub.listener.restarted(newVersion);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "commit listener failed on restart; it is dropped", e);
        subscriptions.remove(sub);
      }
    }
  }

  @Override
  public synchronized Subscription subscribe(long afterVersion, CommitListener listener) {
    if (afterVersion > version) {
      throw new FutureVersionException(afterVersion, version);
    }
    if (afterVersion < oldestResumable()) {
      throw new CompactedException(afterVersion, oldestResumable());
    }
    Sub sub = new Sub(listener);
    for (Commit commit : history) {
      if (commit.version() > afterVersion) {
        listener.committed(commit);
      }
    }
    subscriptions.add(sub);
    return sub;
  }

  @Override
  public synchronized long version() {
    return version;
  }

  @Override
  public synchronized long oldestResumable() {
    Commit first = history.peekFirst();
    return first == null ? version : first.version() - 1;
  }

  private final class Sub implements Subscription {
    final CommitListener listener;

    Sub(CommitListener listener) {
      this.listener = listener;
    }

    /** A listener that throws is dropped: it must not stop the apply path. */
    void deliver(Commit commit) {
      try {
        listener.committed(commit);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "commit listener failed at version " + commit.version()
            + "; it is dropped", e);
        subscriptions.remove(this);
      }
    }

    @Override
    public void close() {
      synchronized (CommitLog.this) {
        subscriptions.remove(this);
      }
    }
  }
}
