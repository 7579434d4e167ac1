package io.hearth.store.internal.component;

import io.hearth.store.internal.log.InProcessLog;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
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
public final class InProcessLogComponent implements ReplicatedLog {

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
  public void attach(LogApplier applier) {
    log.attach(applier);
  }

  @Override
  public void detach(LogApplier applier) {
    log.detach(applier);
  }

  @Override
  public CompletableFuture<Long> propose(byte[] entry) {
    return log.propose(entry);
  }

  @Override
  public CompletableFuture<Void> readBarrier() {
    return log.readBarrier();
  }

  @Override
  public boolean isLeader() {
    return log.isLeader();
  }

  @Override
  public Optional<String> leader() {
    return log.leader();
  }

  @Override
  public String localId() {
    return log.localId();
  }
}
