package io.hearth.shell.internal.component;

import io.hearth.shell.internal.SimulatedAgents;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import io.hearth.store.WatchService;
import java.time.Clock;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;

/**
 * Runs the {@link SimulatedAgents} while this node leads, like the control-plane plugins (static
 * mandatory {@link Leadership}): the agents of the demo's nodes live with the leader, since only
 * the leader can write, and move with it. Touches only nodes labelled as simulated.
 */
@Component(service = {}, immediate = true)
public final class SimulatedAgentsComponent {
  private final SimulatedAgents agents;

  @Activate
  public SimulatedAgentsComponent(@Reference(name = "leadership") Leadership leadership,
      @Reference(name = "store") StoreService store,
      @Reference(name = "watches") WatchService watches) {
    agents = new SimulatedAgents(store, watches, Clock.systemUTC());
    agents.start();
  }

  @Deactivate
  void deactivate() {
    agents.close();
  }
}
