package io.hearth.watch.internal.component;

import io.hearth.model.WatchRequest;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreEventListener;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchService;
import io.hearth.store.WatchedView;
import io.hearth.store.spi.CommitFeed;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import io.hearth.watch.internal.Whiteboard;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Registers the {@link WatchService} over the store's {@link CommitFeed}, and serves the
 * whiteboard of {@link StoreEventListener} services. Immediate, so that whiteboard listeners are
 * served even when nobody uses the service. The store references ({@code feed}, {@code store};
 * configuration can pin them with {@code feed.target} and {@code store.target}) are static:
 * another store is another history, so the watchers are closed and the service comes back on
 * the new one.
 */
@Component(service = WatchService.class, configurationPid = "io.hearth.watch", immediate = true)
@Designate(ocd = WatchComponent.Config.class)
public final class WatchComponent implements WatchService {

  /** Configuration of the watch service. */
  @ObjectClassDefinition(name = "Hearth watch service",
      description = "Per-watcher queues and the threads that fill and drain them.")
  public @interface Config {
    @AttributeDefinition(name = "Queue size",
        description = "Commits one watcher may have waiting; one more closes the watch "
            + "(overflow). Applies to watches opened after a change.")
    int queue_size() default 1024;

    @AttributeDefinition(name = "Delivery threads",
        description = "Threads that call listeners registered without an executor of their own "
            + "(whiteboard listeners included).")
    int delivery_threads() default 2;

    @AttributeDefinition(name = "Dispatch queue size",
        description = "Commits handed from the store to the watch service and not yet "
            + "dispatched; beyond it they are re-read from the store's commit history. "
            + "Applies when the component is next activated.")
    int dispatch_queue_size() default 8192;
  }

  private final WatchHub hub;
  private final Whiteboard whiteboard;

  @Activate
  public WatchComponent(@Reference(name = "feed") CommitFeed feed,
      @Reference(name = "store") StoreService store, Config config) {
    hub = new WatchHub(feed, store, settings(config));
    whiteboard = new Whiteboard(hub);
  }

  private static WatchSettings settings(Config config) {
    return new WatchSettings(config.queue_size(), config.delivery_threads(),
        config.dispatch_queue_size());
  }

  @Modified
  void modified(Config config) {
    hub.reconfigure(settings(config));
  }

  @Deactivate
  void deactivate() {
    hub.close();
  }

  @Reference(name = "listener", service = StoreEventListener.class,
      cardinality = ReferenceCardinality.MULTIPLE,
      policy = ReferencePolicy.DYNAMIC)
  void bindListener(StoreEventListener listener, Map<String, Object> properties) {
    whiteboard.add(listener, properties);
  }

  void updatedListener(StoreEventListener listener, Map<String, Object> properties) {
    whiteboard.update(listener, properties);
  }

  void unbindListener(StoreEventListener listener) {
    whiteboard.remove(listener);
  }

  @Override
  public Watch watch(WatchRequest request) {
    return hub.watch(request);
  }

  @Override
  public Watch watch(WatchRequest request, StoreEventListener listener) {
    return hub.watch(request, listener);
  }

  @Override
  public Watch watch(WatchRequest request, StoreEventListener listener, Executor executor) {
    return hub.watch(request, listener, executor);
  }

  @Override
  public <R> WatchedView<R> viewAndWatch(WatchRequest request,
      Function<? super ReadTx, R> view) {
    return hub.viewAndWatch(request, view);
  }

  @Override
  public <R> WatchedView<R> viewAndWatch(WatchRequest request,
      Function<? super ReadTx, R> view, StoreEventListener listener) {
    return hub.viewAndWatch(request, view, listener);
  }
}
