package io.hearth.allocator.internal.component;

import io.hearth.allocator.internal.Allocator;
import io.hearth.allocator.internal.AllocatorSettings;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import io.hearth.store.WatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.logging.Logger;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Runs the {@link Allocator} while this node leads. {@link Leadership} is a static, mandatory
 * reference: the store registers it only on the leader, so the component activates there and is
 * deactivated (its thread stopped, its watch closed) the moment leadership moves. The store and
 * watch references are static too: another store or watch service means reading the state
 * again, which a fresh activation does. Provides no service.
 */
@Component(service = {}, configurationPid = "io.hearth.allocator", immediate = true)
@Designate(ocd = AllocatorComponent.Config.class)
public final class AllocatorComponent {
  private static final Logger LOG = Logger.getLogger(AllocatorComponent.class.getName());

  /** Configuration of the allocator. */
  @ObjectClassDefinition(name = "Hearth allocator",
      description = "Allocates virtual IPs and task addresses on the leader, then moves tasks to PENDING.")
  public @interface Config {
    @AttributeDefinition(name = "Batch size",
        description = "Object writes per store batch; the store splits each batch into as few "
            + "log entries as its size limits allow.")
    int batch_size() default 10_000;

    @AttributeDefinition(name = "Debounce (ms)",
        description = "A pass waits until no relevant change arrived for this long, so that a "
            + "burst of changes is allocated in one pass.")
    long debounce_ms() default 50;

    @AttributeDefinition(name = "Maximum delay (ms)",
        description = "A pass never waits longer than this after the first change it serves.")
    long max_delay_ms() default 1000;
  }

  private final Allocator allocator;

  @Activate
  public AllocatorComponent(@Reference(name = "leadership") Leadership leadership,
      @Reference(name = "store") StoreService store,
      @Reference(name = "watches") WatchService watches, Config config) {
    allocator = new Allocator(store, watches, settings(config), Clock.systemUTC());
    allocator.start();
    LOG.info("allocator started on leader " + leadership.nodeId() + " (since version "
        + leadership.since() + ")");
  }

  private static AllocatorSettings settings(Config config) {
    return new AllocatorSettings(config.batch_size(), Duration.ofMillis(config.debounce_ms()),
        Duration.ofMillis(config.max_delay_ms()));
  }

  @Modified
  void modified(Config config) {
    allocator.reconfigure(settings(config));
  }

  @Deactivate
  void deactivate() {
    allocator.close();
    LOG.info("allocator stopped");
  }
}
