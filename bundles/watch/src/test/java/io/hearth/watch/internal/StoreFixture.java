package io.hearth.watch.internal;

import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import java.time.Clock;

/** A real store on an in-process log, and a watch hub over it; close to stop their threads. */
final class StoreFixture implements AutoCloseable {
  final InProcessLog log = new InProcessLog("watch-test");
  final HearthStore store;
  WatchHub hub;

  StoreFixture(int commitHistory, WatchSettings settings) {
    store = new HearthStore(log, new StoreLimits(1536 * 1024, 200, 1024 * 1024,
        StoreLimits.DEFAULT_ENTRIES_IN_FLIGHT, commitHistory), Clock.systemUTC());
    hub = new WatchHub(store.commitFeed(), store, settings);
  }

  StoreFixture() {
    this(StoreLimits.DEFAULT_COMMIT_HISTORY, WatchSettings.DEFAULTS);
  }

  /** Stops the hub and starts another on the same store (the watch bundle restarted). */
  WatchHub restartHub() {
    hub.close();
    hub = new WatchHub(store.commitFeed(), store, hub.settings());
    return hub;
  }

  @Override
  public void close() {
    hub.close();
    store.close();
    log.close();
  }
}
