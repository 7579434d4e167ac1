package io.hearth.itests.internal;

import io.hearth.itests.consumer.WatchedCommits;
import io.hearth.store.Commit;
import io.hearth.store.StoreEvent;
import io.hearth.store.WatchClosedException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** The record behind a {@link WatchedCommits}; thread-safe. */
final class Recording implements WatchedCommits {
  private final List<Long> versions = new ArrayList<>(); // guarded by this
  private final List<String> ids = new ArrayList<>(); // guarded by this
  private final List<WatchClosedException> closes = new ArrayList<>(); // guarded by this

  synchronized void add(Commit commit) {
    versions.add(commit.version());
    for (StoreEvent e : commit.events()) {
      ids.add(e.id());
    }
    notifyAll();
  }

  synchronized void closed(WatchClosedException reason) {
    closes.add(reason);
    notifyAll();
  }

  /** The version after the last commit received, or {@code fallback} if none yet. */
  synchronized long last(long fallback) {
    return versions.isEmpty() ? fallback : versions.get(versions.size() - 1);
  }

  @Override
  public synchronized List<Long> versions() {
    return List.copyOf(versions);
  }

  @Override
  public synchronized List<String> ids() {
    return List.copyOf(ids);
  }

  @Override
  public synchronized List<WatchClosedException> closes() {
    return List.copyOf(closes);
  }

  @Override
  public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
    return await(() -> !versions.isEmpty() && versions.get(versions.size() - 1) >= version,
        timeout);
  }

  @Override
  public boolean awaitCloses(int count, Duration timeout) throws InterruptedException {
    return await(() -> closes.size() >= count, timeout);
  }

  private synchronized boolean await(BooleanSupplier done, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!done.getAsBoolean()) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    return true;
  }

  @Override
  public synchronized String toString() {
    return "versions " + versions + ", closes " + closes;
  }
}
