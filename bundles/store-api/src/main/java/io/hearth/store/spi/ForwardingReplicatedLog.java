package io.hearth.store.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A {@link ReplicatedLog} that hands every call to another one: the shape of a component that
 * registers a plain-Java log as an OSGi service (the component object is the service, the log
 * does the work). Subclasses name the log; they may override any call.
 */
@ConsumerType
public abstract class ForwardingReplicatedLog implements ReplicatedLog {

  /** The log every call goes to. */
  protected abstract ReplicatedLog delegate();

  @Override
  public void attach(LogApplier applier) {
    delegate().attach(applier);
  }

  @Override
  public void detach(LogApplier applier) {
    delegate().detach(applier);
  }

  @Override
  public CompletableFuture<Long> propose(byte[] entry) {
    return delegate().propose(entry);
  }

  @Override
  public CompletableFuture<Void> readBarrier() {
    return delegate().readBarrier();
  }

  @Override
  public boolean isLeader() {
    return delegate().isLeader();
  }

  @Override
  public Optional<String> leader() {
    return delegate().leader();
  }

  @Override
  public String localId() {
    return delegate().localId();
  }
}
