package io.hearth.watch.internal;

import io.hearth.model.WatchRequest;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreEventListener;
import io.hearth.store.StoreException;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchService;
import io.hearth.store.WatchedView;
import io.hearth.store.spi.CommitFeed;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The {@link WatchService}: plain Java over the store's {@link CommitFeed}; the OSGi component
 * only wires it. One {@link Dispatcher} thread matches and queues; a small pool delivers to
 * listeners that came without an executor.
 */
public final class WatchHub implements WatchService, AutoCloseable {
  private static final Duration STOP_TIMEOUT = Duration.ofSeconds(10);
  private static final int VIEW_ATTEMPTS = 5;

  private final CommitFeed feed;
  private final StoreService store;
  private final Dispatcher dispatcher;
  private final ThreadPoolExecutor delivery;
  private volatile WatchSettings settings;
  private volatile boolean closed;

  public WatchHub(CommitFeed feed, StoreService store, WatchSettings settings) {
    this.feed = Objects.requireNonNull(feed, "feed");
    this.store = Objects.requireNonNull(store, "store");
    this.settings = settings;
    AtomicInteger threads = new AtomicInteger();
    this.delivery = new ThreadPoolExecutor(settings.deliveryThreads(),
        settings.deliveryThreads(), 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
          Thread t = new Thread(r, "hearth-watch-delivery-" + threads.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
    this.dispatcher = new Dispatcher(feed, settings.intakeSize(), "hearth-watch-dispatcher");
  }

  /**
   * Applies new settings: the queue size to watches opened from now on, the delivery threads at
   * once. The intake size is fixed for the life of this hub.
   */
  public void reconfigure(WatchSettings next) {
    settings = next;
    int threads = next.deliveryThreads();
    if (threads > delivery.getMaximumPoolSize()) {
      delivery.setMaximumPoolSize(threads);
      delivery.setCorePoolSize(threads);
    } else {
      delivery.setCorePoolSize(threads);
      delivery.setMaximumPoolSize(threads);
    }
  }

  public WatchSettings settings() {
    return settings;
  }

  /** The executor listener watches without one of their own are delivered on. */
  Executor delivery() {
    return delivery;
  }

  /** Watches registered with the dispatcher now (for tests and diagnostics). */
  public int watchCount() {
    return dispatcher.registered();
  }

  /** Every commit up to this version has been matched and queued (for tests and diagnostics). */
  public long dispatchedVersion() {
    return dispatcher.dispatched();
  }

  @Override
  public Watch watch(WatchRequest request) {
    return open(request, null, null);
  }

  @Override
  public Watch watch(WatchRequest request, StoreEventListener listener) {
    return open(request, Objects.requireNonNull(listener, "listener"), delivery);
  }

  @Override
  public Watch watch(WatchRequest request, StoreEventListener listener, Executor executor) {
    return open(request, Objects.requireNonNull(listener, "listener"),
        Objects.requireNonNull(executor, "executor"));
  }

  @Override
  public <R> WatchedView<R> viewAndWatch(WatchRequest request,
      Function<? super ReadTx, R> view) {
    return viewAndWatch(request, view, null, null);
  }

  @Override
  public <R> WatchedView<R> viewAndWatch(WatchRequest request,
      Function<? super ReadTx, R> view, StoreEventListener listener) {
    return viewAndWatch(request, view, Objects.requireNonNull(listener, "listener"), delivery);
  }

  private <R> WatchedView<R> viewAndWatch(WatchRequest request,
      Function<? super ReadTx, R> view, StoreEventListener listener, Executor executor) {
    if (request.hasResumeFrom()) {
      throw new IllegalArgumentException("viewAndWatch starts after its view: the request must "
          + "not set resume_from");
    }
    Requests.compile(request); // refuse a bad request before reading anything
    for (int attempt = 1; ; attempt++) {
      long[] version = new long[1];
      R value = store.view(tx -> {
        version[0] = tx.version();
        return view.apply(tx);
      });
      try {
        Watch watch = open(request.toBuilder().setResumeFrom(version[0]).build(), listener,
            executor);
        return new WatchedView<>(value, version[0], watch);
      } catch (CompactedException | FutureVersionException e) {
        // The history moved past the view while it ran (or the feed has not reached it yet):
        // read again.
        if (attempt == VIEW_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private Watch open(WatchRequest request, StoreEventListener listener, Executor executor) {
    EntryMatcher[] entries = Requests.compile(request);
    long after;
    if (request.hasResumeFrom()) {
      after = request.getResumeFrom();
      long current = feed.version();
      if (after < 0 || after > current) {
        throw new FutureVersionException(after, current);
      }
      long oldest = feed.oldestResumable();
      if (after < oldest) {
        throw new CompactedException(after, oldest);
      }
    } else {
      after = feed.version();
    }
    if (closed) {
      throw new WatchClosedException(WatchClosedException.Reason.SERVICE_STOPPED, after);
    }
    Watcher watcher = new Watcher(dispatcher, entries, request.getIncludeOldObject(), after,
        settings.queueSize(), listener, executor);
    try {
      dispatcher.register(watcher).join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StoreException store) {
        throw store;
      }
      throw e;
    }
    return watcher;
  }

  /**
   * Stops: every watch is closed ({@link WatchClosedException.Reason#SERVICE_STOPPED}), the
   * listeners are told, and the threads end.
   */
  @Override
  public void close() {
    closed = true;
    dispatcher.stop(STOP_TIMEOUT);
    delivery.shutdown(); // runs what is queued: the listeners' closed() calls
    try {
      delivery.awaitTermination(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
