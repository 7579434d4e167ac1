package io.hearth.scheduler.internal.component;

import io.hearth.scheduler.internal.Scheduler;
import io.hearth.scheduler.internal.SchedulerSettings;
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
 * Runs the {@link Scheduler} while this node leads. {@link Leadership} is a static, mandatory
 * reference: the store registers it only on the leader, so the component activates there and is
 * deactivated (its thread stopped, its watch closed) the moment leadership moves. The store and
 * watch references are static too: another store or watch service means reading the state
 * again, which a fresh activation does. Provides no service.
 */
@Component(service = {}, configurationPid = "io.hearth.scheduler", immediate = true)
@Designate(ocd = SchedulerComponent.Config.class)
public final class SchedulerComponent {
  private static final Logger LOG = Logger.getLogger(SchedulerComponent.class.getName());

  /** Configuration of the scheduler. */
  @ObjectClassDefinition(name = "Hearth scheduler",
      description = "Assigns pending tasks to nodes on the leader, in batches.")
  public @interface Config {
    @AttributeDefinition(name = "Batch size",
        description = "Task writes per store batch; the store splits each batch into as few "
            + "log entries as its size limits allow.")
    int batch_size() default 10_000;

    @AttributeDefinition(name = "Debounce (ms)",
        description = "A pass waits until no relevant change arrived for this long, so that a "
            + "burst of changes is scheduled in one pass.")
    long debounce_ms() default 50;

    @AttributeDefinition(name = "Maximum delay (ms)",
        description = "A pass never waits longer than this after the first change it serves.")
    long max_delay_ms() default 1000;
  }

  private final Scheduler scheduler;

  @Activate
  public SchedulerComponent(@Reference(name = "leadership") Leadership leadership,
      @Reference(name = "store") StoreService store,
      @Reference(name = "watches") WatchService watches, Config config) {
    scheduler = new Scheduler(store, watches, settings(config), Clock.systemUTC());
    scheduler.start();
    LOG.info("scheduler started on leader " + leadership.nodeId() + " (since version "
        + leadership.since() + ")");
  }

  private static SchedulerSettings settings(Config config) {
    return new SchedulerSettings(config.batch_size(), Duration.ofMillis(config.debounce_ms()),
        Duration.ofMillis(config.max_delay_ms()));
  }

  @Modified
  void modified(Config config) {
    scheduler.reconfigure(settings(config));
  }

  @Deactivate
  void deactivate() {
    scheduler.close();
    LOG.info("scheduler stopped");
  }
}
