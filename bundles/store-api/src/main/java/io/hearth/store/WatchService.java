package io.hearth.store;

import io.hearth.model.WatchRequest;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Tells watchers what changed in the store: the events of each applied commit that match their
 * {@link WatchRequest}, grouped per commit with the commit's version, in commit order, each
 * commit at most once and none skipped while the watch is open.
 *
 * <p>Each watch has a bounded queue. A watcher that falls so far behind that its queue
 * overflows is closed ({@link WatchClosedException.Reason#OVERFLOW}); the producer never waits
 * for a consumer. A closed watch names the last version it delivered, and a new watch can
 * {@linkplain WatchRequest#getResumeFrom() resume} from it while the store's commit history
 * still holds the commits after it. Build requests with {@link WatchRequests}.
 *
 * <p>Events are matched and queued on the watch service's own thread and delivered on the
 * consumer's thread ({@link Watch#take}) or on an executor (listener watches); never on the
 * store's apply thread. Every method may be called from any thread, except from a store
 * transaction closure or a {@link io.hearth.store.spi.CommitListener}.
 *
 * <p>Listeners can also be registered as OSGi services: see {@link StoreEventListener}.
 */
@ProviderType
public interface WatchService {

  /**
   * Opens a watch whose commits the caller takes with {@link Watch#take} or {@link Watch#poll}.
   *
   * @throws IllegalArgumentException if the request has no entry, or an entry has a selector
   *     its kind does not have (for example {@code service_id} on nodes)
   * @throws CompactedException if {@code resume_from} is older than the store's history
   * @throws FutureVersionException if {@code resume_from} is beyond the store's version
   * @throws WatchClosedException if the watch service is stopping
   */
  Watch watch(WatchRequest request);

  /**
   * Opens a watch that delivers to {@code listener} on the watch service's delivery threads,
   * one call at a time, in commit order. Throws as {@link #watch(WatchRequest)}.
   */
  Watch watch(WatchRequest request, StoreEventListener listener);

  /**
   * Opens a watch that delivers to {@code listener} on {@code executor}, one call at a time, in
   * commit order. Throws as {@link #watch(WatchRequest)}.
   */
  Watch watch(WatchRequest request, StoreEventListener listener, Executor executor);

  /**
   * Reads a snapshot of the store with {@code view} and opens a watch that starts exactly after
   * that snapshot: every matching commit newer than the snapshot is delivered and none that it
   * already contains. The usual way to build a cache and keep it current.
   *
   * @param request the watch; it must not set {@code resume_from}
   * @throws IllegalArgumentException as {@link #watch(WatchRequest)}, or if the request sets
   *     {@code resume_from}
   */
  <R> WatchedView<R> viewAndWatch(WatchRequest request, Function<? super ReadTx, R> view);

  /**
   * {@link #viewAndWatch(WatchRequest, Function)} with the watch delivering to {@code listener}
   * on the watch service's delivery threads. The first call may come before this returns.
   */
  <R> WatchedView<R> viewAndWatch(WatchRequest request, Function<? super ReadTx, R> view,
      StoreEventListener listener);
}
