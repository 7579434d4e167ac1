package io.hearth.watch.internal;

import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchClosedException.Reason;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The watch service's thread. The store's apply thread only hands each commit to the {@link
 * Intake}; this thread matches it against the registered watchers ({@link FanOut}, through the
 * {@link KindIndex}) and queues each watcher its matching events, then counts the commit
 * {@linkplain #dispatched() dispatched}. Registrations and removals run here too, between commits, so that
 * a watcher's start is exact: it gets the history after its version replayed from the store's
 * feed, then every commit this thread dispatches.
 *
 * <p>When the intake overflows, the store's feed listener stops taking commits; once this
 * thread has dispatched what it holds, it subscribes again after its last dispatched version,
 * and the store replays the missed commits from its history. Only if the history no longer
 * reaches back that far are the watchers closed ({@link Reason#FELL_BEHIND}).
 */
final class Dispatcher {
  private static final Logger LOG = Logger.getLogger(Dispatcher.class.getName());
  private static final int BATCH = 256;

  /** Work for this thread, with what to do instead if it stops first. */
  private interface Task {
    void run();

    void cancel();
  }

  /** The state was replaced by a snapshot at {@code version}. */
  private record Restart(long version) { }

  private final CommitFeed feed;
  private final Intake intake;
  private final Thread thread;
  private final ConcurrentLinkedQueue<Task> tasks = new ConcurrentLinkedQueue<>();
  private final KindIndex index = new KindIndex();
  private final FanOut fanOut = new FanOut(index);
  private final ArrayList<Watcher> watchers = new ArrayList<>();
  private volatile long dispatched;
  private volatile int registered;
  private volatile boolean stopping;
  private volatile boolean stopped;
  private FeedListener listener;
  private CommitFeed.Subscription subscription;

  Dispatcher(CommitFeed feed, int intakeCapacity, String threadName) {
    this.feed = feed;
    this.intake = new Intake(intakeCapacity);
    subscribeFromCurrent();
    thread = new Thread(this::loop, threadName);
    thread.setDaemon(true);
    thread.start();
  }

  /** Every commit up to this version has been matched and queued to its watchers. */
  long dispatched() {
    return dispatched;
  }

  /** Watchers registered now. */
  int registered() {
    return registered;
  }

  /**
   * Registers {@code watcher} on this thread: replays the store's history after its version,
   * then lets it see every commit. Completes exceptionally with {@link CompactedException} or
   * {@link FutureVersionException} if the history does not fit, or {@link
   * WatchClosedException} if the service stops first.
   */
  CompletableFuture<Void> register(Watcher watcher) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    submit(new Task() {
      @Override
      public void run() {
        try {
          add(watcher);
          done.complete(null);
        } catch (RuntimeException e) {
          watcher.close();
          done.completeExceptionally(e);
        }
      }

      @Override
      public void cancel() {
        watcher.close(Reason.SERVICE_STOPPED, null);
        done.completeExceptionally(new WatchClosedException(Reason.SERVICE_STOPPED,
            watcher.after));
      }
    });
    return done;
  }

  /** Removes a closed watcher (later, on this thread). */
  void unregister(Watcher watcher) {
    submit(new Task() {
      @Override
      public void run() {
        remove(watcher);
      }

      @Override
      public void cancel() {
      }
    });
  }

  /**
   * Stops the thread: the store subscription ends and every watcher is closed ({@link
   * Reason#SERVICE_STOPPED}). Waits for the thread at most {@code timeout}.
   */
  void stop(Duration timeout) {
    stopping = true;
    intake.wake();
    if (Thread.currentThread() == thread) {
      return;
    }
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warning("watch dispatcher did not stop within " + timeout);
    }
  }

  private void submit(Task task) {
    tasks.add(task);
    if (stopped) {
      cancelPending(); // the thread has gone: nobody else will
    } else {
      intake.wake();
    }
  }

  private void cancelPending() {
    Task task;
    while ((task = tasks.poll()) != null) {
      task.cancel();
    }
  }

  private void loop() {
    Object[] batch = new Object[BATCH];
    try {
      while (!stopping) {
        Task task;
        while (!stopping && (task = tasks.poll()) != null) {
          task.run();
        }
        if (listener.lost && intake.isEmpty()) {
          resubscribe();
          continue;
        }
        int n = intake.drain(batch);
        for (int i = 0; i < n; i++) {
          Object item = batch[i];
          batch[i] = null;
          handle(item);
        }
      }
    } catch (InterruptedException e) {
      LOG.warning("watch dispatcher interrupted; it stops");
    } catch (RuntimeException | Error e) {
      LOG.log(Level.SEVERE, "watch dispatcher failed; it stops", e);
      throw e;
    } finally {
      shutDown();
    }
  }

  private void shutDown() {
    stopped = true;
    if (subscription != null) {
      subscription.close();
    }
    cancelPending();
    closeAll(Reason.SERVICE_STOPPED);
  }

  private void handle(Object item) {
    if (item instanceof Commit commit) {
      if (commit.version() > dispatched) { // the feed gives each once; this guards a bad one
        fanOut.dispatch(commit);
        dispatched = commit.version();
      }
    } else if (item instanceof Restart restart) {
      closeAll(Reason.STATE_REPLACED);
      dispatched = restart.version();
    }
  }

  // ---------------------------------------------------------------- subscription to the store

  /** Feeds the intake on the store's apply thread; once the intake refuses, drops the rest. */
  private final class FeedListener implements CommitListener {
    volatile boolean lost;

    @Override
    public void committed(Commit commit) {
      hand(commit);
    }

    @Override
    public void restarted(long version) {
      hand(new Restart(version));
    }

    private void hand(Object item) {
      if (!lost && !intake.offer(item)) {
        lost = true;
      }
    }
  }

  private void subscribeFromCurrent() {
    for (int attempt = 0; ; attempt++) {
      long version = feed.version();
      FeedListener fresh = new FeedListener();
      dispatched = version;
      try {
        subscription = feed.subscribe(version, fresh);
        listener = fresh;
        return;
      } catch (CompactedException | FutureVersionException e) {
        if (attempt == 10) {
          throw e;
        }
      }
    }
  }

  /** The intake overflowed and is drained: read the commits it refused from the history. */
  private void resubscribe() {
    subscription.close();
    FeedListener fresh = new FeedListener();
    try {
      subscription = feed.subscribe(dispatched, fresh);
      listener = fresh;
    } catch (CompactedException | FutureVersionException e) {
      LOG.warning("watch dispatcher fell behind the store's history (" + e.getMessage()
          + "); closing every watch");
      closeAll(Reason.FELL_BEHIND);
      subscribeFromCurrent();
    }
  }

  // ---------------------------------------------------------------- registration

  private void add(Watcher watcher) {
    if (watcher.isClosed()) {
      return;
    }
    long upTo = dispatched;
    if (watcher.after < upTo) {
      // Commits (after, upTo] are history to this watcher; later ones it gets live. The
      // history is replayed synchronously, on this thread, by subscribe.
      CommitListener replay = commit -> {
        if (Thread.currentThread() == thread && commit.version() <= upTo) {
          Commit matching = FanOut.matching(watcher, commit);
          if (matching != null) {
            watcher.offer(matching);
          }
        }
      };
      feed.subscribe(watcher.after, replay).close();
      if (watcher.isClosed()) {
        return; // it overflowed on its history
      }
    }
    watcher.position = watchers.size();
    watchers.add(watcher);
    index.add(watcher);
    registered = watchers.size();
    watcher.registered();
  }

  private void remove(Watcher watcher) {
    int at = watcher.position;
    if (at < 0) {
      return;
    }
    Watcher last = watchers.remove(watchers.size() - 1);
    if (last != watcher) {
      watchers.set(at, last);
      last.position = at;
    }
    watcher.position = -1;
    index.remove(watcher);
    registered = watchers.size();
  }

  private void closeAll(Reason reason) {
    List<Watcher> all = new ArrayList<>(watchers);
    for (Watcher w : all) {
      w.position = -1;
    }
    watchers.clear();
    index.clear();
    registered = 0;
    for (Watcher w : all) {
      w.close(reason, null);
    }
  }
}
