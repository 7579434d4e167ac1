package io.hearth.shell.internal.component;

import io.hearth.replication.ReplicationGroup;
import io.hearth.shell.internal.Command;
import io.hearth.shell.internal.Demo;
import io.hearth.shell.internal.GroupCommands;
import io.hearth.shell.internal.Shell;
import io.hearth.shell.internal.StoreCommands;
import io.hearth.shell.internal.WatchCommand;
import io.hearth.store.StoreService;
import io.hearth.store.WatchService;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.runtime.ServiceComponentRuntime;
import org.osgi.service.component.runtime.dto.ComponentConfigurationDTO;
import org.osgi.service.component.runtime.dto.ComponentDescriptionDTO;

/**
 * Registers each shell command as a Gogo function in scope {@code hearth}. Every reference is
 * optional and dynamic: the commands stay available while the store, the watch service or the
 * replication group come and go (say, across a bundle update), and say what is missing.
 *
 * <p>The replication group is held as an {@code Object} and used only through
 * {@link GroupCommands}, which is loaded only when the optional import of
 * {@code io.hearth.replication} is wired: without the replication bundle this class must still
 * load.
 */
@Component(service = {}, immediate = true)
public final class ShellComponent {
  static final String SCOPE = "hearth";
  /** Components whose activity {@code hearth:status} reports, by bundle and display name. */
  private static final Map<String, String> PLUGINS = new LinkedHashMap<>();

  static {
    PLUGINS.put("io.hearth.orchestrator", "orchestrator");
    PLUGINS.put("io.hearth.allocator", "allocator");
    PLUGINS.put("io.hearth.scheduler", "scheduler");
  }

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile StoreService store;

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile WatchService watches;

  @Reference(service = ReplicationGroup.class, cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC)
  private volatile Object group;

  @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
  private volatile ServiceComponentRuntime scr;

  private final List<ServiceRegistration<?>> registrations = new ArrayList<>();
  private WatchCommand watch;

  @Activate
  void activate(BundleContext context) {
    List<Command> commands = new ArrayList<>(new StoreCommands(() -> store, Clock.systemUTC())
        .commands());
    watch = new WatchCommand(() -> store, () -> watches);
    commands.add(watch.command());
    Function<String, String> leaderAddress = id -> null;
    java.util.function.Supplier<String> raft =
        () -> "replication: no replication bundle on this node";
    if (GroupCommands.available()) {
      GroupCommands group = new GroupCommands(() -> this.group);
      commands.addAll(group.commands());
      leaderAddress = group::address;
      raft = group::summary;
    } else {
      commands.addAll(GroupCommands.unavailable());
    }
    commands.add(Demo.command(() -> store));
    commands.add(Shell.status(() -> store, raft, this::plugins));
    Shell shell = new Shell(commands, leaderAddress);
    for (Command c : shell.commands()) {
      Hashtable<String, Object> props = new Hashtable<>();
      props.put("osgi.command.scope", SCOPE);
      props.put("osgi.command.function", c.name());
      registrations.add(context.registerService(
          org.apache.felix.service.command.Function.class, new GogoCommand(shell, c.name()),
          props));
    }
  }

  @Deactivate
  void deactivate() {
    registrations.forEach(r -> {
      try {
        r.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the bundle is stopping and the framework unregistered it first
      }
    });
    registrations.clear();
    watch.closeAll();
  }

  /** The plugins and the simulated agents, each with whether it is active on this node. */
  private Map<String, Boolean> plugins() {
    Map<String, Boolean> states = new LinkedHashMap<>();
    PLUGINS.values().forEach(name -> states.put(name, false));
    states.put("simulated agents", false);
    ServiceComponentRuntime runtime = scr;
    if (runtime == null) {
      return states;
    }
    for (ComponentDescriptionDTO d : runtime.getComponentDescriptionDTOs()) {
      String name = d.name.equals(SimulatedAgentsComponent.class.getName()) ? "simulated agents"
          : PLUGINS.get(d.bundle.symbolicName);
      if (name == null) {
        continue;
      }
      boolean active = runtime.getComponentConfigurationDTOs(d).stream()
          .anyMatch(c -> c.state == ComponentConfigurationDTO.ACTIVE);
      states.merge(name, active, Boolean::logicalOr);
    }
    return states;
  }
}
