package io.hearth.store.internal.component;

import io.hearth.store.internal.log.InProcessLog;
import io.hearth.store.spi.ForwardingReplicatedLog;
import io.hearth.store.spi.ReplicatedLog;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * Provides the single-member in-process log as the store's {@link ReplicatedLog} until a
 * replicated log is configured. Service ranking -100 so that any real log wins.
 */
@Component(service = ReplicatedLog.class, configurationPid = "io.hearth.log.inprocess",
    property = {"service.ranking:Integer=-100", "hearth.log=in-process"})
@Designate(ocd = InProcessLogComponent.Config.class)
public final class InProcessLogComponent extends ForwardingReplicatedLog {

  /** Configuration of the in-process log. */
  @ObjectClassDefinition(name = "Hearth in-process log",
      description = "Single-member, in-memory log: commits at once, keeps nothing on disk.")
  public @interface Config {
    @AttributeDefinition(name = "Node id", description = "This node's id.")
    String node_id() default "local";
  }

  private final InProcessLog log;

  @Activate
  public InProcessLogComponent(Config config) {
    this.log = new InProcessLog(config.node_id());
  }

  @Deactivate
  void deactivate() {
    log.close();
  }

  @Override
  protected ReplicatedLog delegate() {
    return log;
  }
}
