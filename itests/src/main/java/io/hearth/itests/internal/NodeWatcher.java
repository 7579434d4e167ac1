package io.hearth.itests.internal;

import io.hearth.itests.consumer.WatchedCommits;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreException;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import java.time.Duration;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * A pull watcher as a plugin would write one: a thread takes node events from a {@link Watch};
 * when the watch is closed (the watch bundle stopped) it waits for the next {@link WatchService}
 * and opens a new watch from the last version it received, so it misses nothing.
 */
@Component(immediate = true, service = WatchedCommits.class,
    property = WatchedCommits.PROPERTY + "=" + WatchedCommits.PULL)
public final class NodeWatcher implements WatchedCommits {
  private static final Logger LOG = Logger.getLogger(NodeWatcher.class.getName());
  // Static: it must outlive the component instance.
  private static final Recording RECORD = new Recording();

  private WatchService service; // guarded by this
  private WatchService closedService; // guarded by this: the one whose watch was closed
  private volatile boolean active = true;
  private final Thread thread = new Thread(this::run, "hearth-itests-node-watcher");

  @Activate
  void activate() {
    thread.setDaemon(true);
    thread.start();
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    active = false;
    thread.interrupt();
    thread.join(10_000);
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  synchronized void bindWatch(WatchService s) {
    service = s;
    notifyAll();
  }

  synchronized void unbindWatch(WatchService s) {
    if (service == s) {
      service = null;
    }
  }

  /** The bound watch service, once it is not the one that closed our last watch. */
  private synchronized WatchService awaitService() throws InterruptedException {
    while (service == null || service == closedService) {
      wait();
    }
    return service;
  }

  private synchronized void closedBy(WatchService s) {
    closedService = s;
  }

  private void run() {
    while (active) {
      WatchService s;
      try {
        s = awaitService();
      } catch (InterruptedException e) {
        return;
      }
      try (Watch watch = s.watch(WatchRequests.on(ObjectKind.NODE)
          .resumeFrom(RECORD.last(0)).build())) {
        while (active) {
          RECORD.add(watch.take());
        }
      } catch (WatchClosedException e) {
        RECORD.closed(e);
        closedBy(s);
      } catch (InterruptedException e) {
        return;
      } catch (StoreException e) {
        LOG.log(Level.WARNING, "cannot watch", e);
        closedBy(s);
      }
    }
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
