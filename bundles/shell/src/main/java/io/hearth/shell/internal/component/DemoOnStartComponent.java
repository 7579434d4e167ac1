package io.hearth.shell.internal.component;

import io.hearth.shell.internal.Demo;
import io.hearth.shell.internal.Errors;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import java.io.PrintStream;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.component.annotations.Reference;

/**
 * The launcher's {@code --demo}: with a configuration for PID {@code io.hearth.shell.demo}, runs
 * {@link Demo} once this node leads (it writes, so it needs the leader). Demo only adds what is
 * missing, so a new leader running it again after a failover changes nothing, and says nothing.
 */
@Component(service = {}, immediate = true, configurationPid = "io.hearth.shell.demo",
    configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = DemoOnStartComponent.Config.class)
public final class DemoOnStartComponent {
  private final Thread thread;

  /** What the demo registers. */
  @ObjectClassDefinition(name = "Hearth demo on start",
      description = "Registers simulated nodes and services once this node leads.")
  public @interface Config {
    @AttributeDefinition(description = "Simulated worker nodes.")
    int nodes() default 5;

    @AttributeDefinition(description = "Services.")
    int services() default 3;
  }

  @Activate
  public DemoOnStartComponent(@Reference(name = "leadership") Leadership leadership,
      @Reference(name = "store") StoreService store, Config config) {
    PrintStream out = System.out;
    // Off the activating thread: the store may still be activating its other users.
    thread = new Thread(() -> {
      try {
        Demo.Outcome outcome = Demo.run(store, config.nodes(), config.services());
        if (outcome.created() > 0) {
          outcome.lines().forEach(l -> out.println("hearth demo: " + l));
        }
      } catch (RuntimeException e) {
        out.println("hearth demo: not run: " + Errors.message(e, id -> null));
      }
    }, "hearth-demo");
    thread.setDaemon(true);
    thread.start();
  }

  @Deactivate
  void deactivate() throws InterruptedException {
    thread.join(10_000);
  }
}
