package io.hearth.store.spi;

import org.osgi.annotation.versioning.ConsumerType;

/** The state machine a {@link ReplicatedLog} drives: applies committed entries in log order. */
@ConsumerType
public interface LogApplier {

  /**
   * Applies one committed entry. Called on the log's apply thread, in log order, exactly once
   * per entry. Throwing rejects the entry: the state must then be exactly as before the call,
   * and the proposer's future fails with the thrown exception.
   */
  void apply(long index, byte[] entry);

  /** Told when this node gains or loses leadership. The default does nothing. */
  default void leadershipChanged(boolean leader) {
  }
}
