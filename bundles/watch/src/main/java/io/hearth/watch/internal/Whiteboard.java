package io.hearth.watch.internal;

import io.hearth.model.WatchRequest;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.StoreEventListener;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchClosedException.Reason;
import java.time.Duration;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.RejectedExecutionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The watches of the {@link StoreEventListener}s registered as OSGi services: one listener
 * watch each, opened from the listener's service properties. Plain Java; the component calls it
 * from its bind, updated and unbind methods, possibly on several threads.
 */
public final class Whiteboard {
  private static final Logger LOG = Logger.getLogger(Whiteboard.class.getName());
  /** How long unbinding waits for a listener call in progress to finish. */
  private static final Duration UNBIND_WAIT = Duration.ofSeconds(5);

  private final WatchHub hub;
  // Guarded by this. A listener is present from bind to unbind; it has a watch once opened.
  private final Map<StoreEventListener, Boolean> present = new IdentityHashMap<>();
  private final Map<StoreEventListener, Watch> watches = new IdentityHashMap<>();

  public Whiteboard(WatchHub hub) {
    this.hub = hub;
  }

  /** A listener service appeared: opens its watch from {@link StoreEventListener#resumeAfter}. */
  public void add(StoreEventListener listener, Map<String, ?> properties) {
    synchronized (this) {
      present.put(listener, Boolean.TRUE);
    }
    OptionalLong resume;
    try {
      resume = listener.resumeAfter();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "resumeAfter() of " + listener + " failed; starting from now", e);
      resume = OptionalLong.empty();
    }
    open(listener, properties, resume);
  }

  /** A listener's properties changed: re-opens its watch after the last version delivered. */
  public void update(StoreEventListener listener, Map<String, ?> properties) {
    Watch old;
    synchronized (this) {
      old = watches.remove(listener);
    }
    OptionalLong resume = OptionalLong.empty();
    if (old != null) {
      old.close();
      awaitIdle(old);
      resume = OptionalLong.of(old.lastVersion());
    }
    open(listener, properties, resume);
  }

  /** A listener service went away: its watch ends; no call starts after this returns. */
  public void remove(StoreEventListener listener) {
    Watch watch;
    synchronized (this) {
      present.remove(listener);
      watch = watches.remove(listener);
    }
    if (watch != null) {
      watch.close();
      awaitIdle(watch);
    }
  }

  /** Listeners with an open watch now (for tests and diagnostics). */
  public synchronized int openCount() {
    int open = 0;
    for (Watch w : watches.values()) {
      open += w.isClosed() ? 0 : 1;
    }
    return open;
  }

  private void open(StoreEventListener listener, Map<String, ?> properties,
      OptionalLong resume) {
    Watch watch;
    try {
      WatchRequest request = ListenerRequests.parse(properties);
      if (resume.isPresent()) {
        request = request.toBuilder().setResumeFrom(resume.getAsLong()).build();
      }
      watch = hub.watch(request, listener);
    } catch (IllegalArgumentException | CompactedException | FutureVersionException e) {
      LOG.log(Level.WARNING, "store event listener " + listener + " rejected: " + e.getMessage());
      reject(listener, resume.orElse(hub.dispatchedVersion()), e);
      return;
    } catch (WatchClosedException e) {
      return; // the watch service is stopping; it will find the listener again when it is back
    }
    Watch stale;
    synchronized (this) {
      if (present.containsKey(listener)) {
        stale = watches.put(listener, watch);
      } else {
        stale = watch; // unregistered while its watch was being opened
      }
    }
    if (stale != null) {
      stale.close();
    }
  }

  private void reject(StoreEventListener listener, long version, RuntimeException cause) {
    WatchClosedException reason = new WatchClosedException(Reason.REJECTED, version, cause);
    try {
      hub.delivery().execute(() -> {
        try {
          listener.closed(reason);
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "store event listener " + listener + " failed in closed()", e);
        }
      });
    } catch (RejectedExecutionException e) {
      // stopping: nobody to tell
    }
  }

  private static void awaitIdle(Watch watch) {
    try {
      if (watch instanceof Watcher w && !w.awaitIdle(UNBIND_WAIT)) {
        LOG.warning("store event listener " + w.listener() + " still busy " + UNBIND_WAIT
            + " after its service went away");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
