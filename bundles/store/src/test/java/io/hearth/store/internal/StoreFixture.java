package io.hearth.store.internal;

import io.hearth.store.internal.log.InProcessLog;
import java.time.Clock;

/** A store on a fresh in-process log; close it to stop the log's apply thread. */
final class StoreFixture implements AutoCloseable {
  final InProcessLog log;
  final HearthStore store;

  StoreFixture() {
    this(StoreLimits.DEFAULTS);
  }

  StoreFixture(StoreLimits limits) {
    log = new InProcessLog("test");
    store = new HearthStore(log, limits, Clock.systemUTC());
  }

  @Override
  public void close() {
    store.close();
    log.close();
  }
}
