package io.hearth.watch.internal;

import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.StoreEvent;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A {@link CommitFeed} the test drives: {@link #publish} plays the store's apply thread (on the
 * caller's thread), with the same contract as the store's CommitLog: bounded history, replay
 * under the lock, gapless hand-over. {@link #blockNextSubscribe} makes the next subscribe wait
 * (outside the lock) until released, to hold the dispatcher still.
 */
final class FakeFeed implements CommitFeed {
  private final int capacity;
  private final ArrayDeque<Commit> history = new ArrayDeque<>();
  private final List<Sub> subs = new CopyOnWriteArrayList<>();
  private long version;
  private volatile CountDownLatch entered;
  private volatile CountDownLatch release;
  private volatile CountDownLatch holdNext;

  FakeFeed(int capacity) {
    this.capacity = capacity;
  }

  /** Publishes a commit of these events at the next version; returns the version. */
  long publish(StoreEvent... events) {
    synchronized (this) {
      Commit commit = new Commit(version + 1, List.of(events));
      history.addLast(commit);
      if (history.size() > capacity) {
        history.pollFirst();
      }
      version = commit.version();
      for (Sub s : subs) {
        s.listener.committed(commit);
      }
      return version;
    }
  }

  /** A snapshot replaced the state at {@code newVersion}. */
  synchronized void restart(long newVersion) {
    history.clear();
    version = newVersion;
    for (Sub s : subs) {
      s.listener.restarted(newVersion);
    }
  }

  /** The next subscribe blocks until {@link #releaseSubscribe}; returns a latch for its entry. */
  CountDownLatch blockNextSubscribe() {
    release = new CountDownLatch(1);
    entered = new CountDownLatch(1);
    holdNext = release;
    return entered;
  }

  void releaseSubscribe() {
    release.countDown();
  }

  int subscriptions() {
    return subs.size();
  }

  @Override
  public Subscription subscribe(long afterVersion, CommitListener listener) {
    CountDownLatch hold = holdNext;
    if (hold != null) {
      holdNext = null;
      entered.countDown();
      try {
        if (!hold.await(30, TimeUnit.SECONDS)) {
          throw new AssertionError("subscribe held for 30 s");
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    synchronized (this) {
      if (afterVersion > version) {
        throw new FutureVersionException(afterVersion, version);
      }
      if (afterVersion < oldestResumable()) {
        throw new CompactedException(afterVersion, oldestResumable());
      }
      for (Commit c : history) {
        if (c.version() > afterVersion) {
          listener.committed(c);
        }
      }
      Sub sub = new Sub(listener);
      subs.add(sub);
      return sub;
    }
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

    @Override
    public void close() {
      synchronized (FakeFeed.this) {
        subs.remove(this);
      }
    }
  }
}
