package io.hearth.orchestrator.internal.component;

import io.hearth.model.TaskState;
import io.hearth.orchestrator.internal.Orchestrator;
import io.hearth.orchestrator.internal.OrchestratorSettings;
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
import org.osgi.service.metatype.annotations.Option;

/**
 * Runs the {@link Orchestrator} while this node leads. {@link Leadership} is a static,
 * mandatory reference: the store registers it only on the leader, so the component activates
 * there and is deactivated (its thread stopped, its watch closed) the moment leadership moves.
 * The store and watch references are static too: another store or watch service means reading
 * the state again, which a fresh activation does. Provides no service.
 */
@Component(service = {}, configurationPid = "io.hearth.orchestrator", immediate = true)
@Designate(ocd = OrchestratorComponent.Config.class)
public final class OrchestratorComponent {
  private static final Logger LOG = Logger.getLogger(OrchestratorComponent.class.getName());

  /** Configuration of the orchestrator. */
  @ObjectClassDefinition(name = "Hearth orchestrator",
      description = "Keeps services at their desired tasks on the leader: creates, replaces "
          + "and rolls out tasks in batches.")
  public @interface Config {
    @AttributeDefinition(name = "Batch size",
        description = "Steps (a task created, replaced, shut down or removed) per store batch; "
            + "the store splits each batch into as few log entries as its size limits allow.")
    int batch_size() default 10_000;

    @AttributeDefinition(name = "Debounce (ms)",
        description = "A pass waits until no relevant change arrived for this long, so that a "
            + "burst of changes is reconciled in one pass.")
    long debounce_ms() default 50;

    @AttributeDefinition(name = "Maximum delay (ms)",
        description = "A pass never waits longer than this after the first change it serves.")
    long max_delay_ms() default 1000;

    @AttributeDefinition(name = "Healthy state",
        description = "A rolling update moves on from a slot once the new task has reached this "
            + "observed state. RUNNING needs agents that run tasks; ASSIGNED suits a control "
            + "plane without them (simulated nodes).",
        options = {@Option(label = "running", value = "RUNNING"),
            @Option(label = "starting", value = "STARTING"),
            @Option(label = "assigned", value = "ASSIGNED"),
            @Option(label = "pending", value = "PENDING"),
            @Option(label = "new (do not wait)", value = "NEW")})
    String update_healthy_state() default "RUNNING";

    @AttributeDefinition(name = "Task history",
        description = "Stopped tasks kept per slot (per node for global services); older ones "
            + "are removed.")
    int task_history() default 5;
  }

  private final Orchestrator orchestrator;

  @Activate
  public OrchestratorComponent(@Reference(name = "leadership") Leadership leadership,
      @Reference(name = "store") StoreService store,
      @Reference(name = "watches") WatchService watches, Config config) {
    orchestrator = new Orchestrator(store, watches, settings(config), Clock.systemUTC());
    orchestrator.start();
    LOG.info("orchestrator started on leader " + leadership.nodeId() + " (since version "
        + leadership.since() + ")");
  }

  private static OrchestratorSettings settings(Config config) {
    return new OrchestratorSettings(config.batch_size(), Duration.ofMillis(config.debounce_ms()),
        Duration.ofMillis(config.max_delay_ms()),
        TaskState.valueOf("TASK_STATE_" + config.update_healthy_state().trim().toUpperCase()),
        config.task_history());
  }

  @Modified
  void modified(Config config) {
    orchestrator.reconfigure(settings(config));
  }

  @Deactivate
  void deactivate() {
    orchestrator.close();
    LOG.info("orchestrator stopped");
  }
}
