package io.hearth.itests.internal;

import io.hearth.itests.consumer.WatchedCommits;
import io.hearth.store.Commit;
import io.hearth.store.StoreEventListener;
import io.hearth.store.WatchClosedException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.osgi.service.component.annotations.Component;

/**
 * A whiteboard listener as a plugin would write one: node events, requested through service
 * properties; it resumes after the last version it received, so neither its own restart nor
 * the watch service's loses an event (while the store's history reaches back).
 */
@Component(service = {StoreEventListener.class, WatchedCommits.class},
    property = {StoreEventListener.KIND + "=node",
        WatchedCommits.PROPERTY + "=" + WatchedCommits.WHITEBOARD})
public final class NodeEventListener implements StoreEventListener, WatchedCommits {
  // Static: it must outlive the component instance (its bundle stopped and started).
  private static final Recording RECORD = new Recording();

  @Override
  public void committed(Commit commit) {
    RECORD.add(commit);
  }

  @Override
  public void closed(WatchClosedException reason) {
    RECORD.closed(reason);
  }

  @Override
  public OptionalLong resumeAfter() {
    long last = RECORD.last(-1);
    return last < 0 ? OptionalLong.of(0) : OptionalLong.of(last);
  }

  @Override
  public List<Long> versions() {
    return RECORD.versions();
  }

  @Override
  public List<String> ids() {
    return RECORD.ids();
  }

  @Override
  public List<WatchClosedException> closes() {
    return RECORD.closes();
  }

  @Override
  public boolean awaitVersion(long version, Duration timeout) throws InterruptedException {
    return RECORD.awaitVersion(version, timeout);
  }

  @Override
  public boolean awaitCloses(int count, Duration timeout) throws InterruptedException {
    return RECORD.awaitCloses(count, timeout);
  }
}
