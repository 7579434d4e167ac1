package io.hearth.store;

import java.util.Optional;

/**
 * This node cannot write: it is not the leader, or it lost leadership before the transaction
 * committed (the transaction then did not happen here, but may have been committed by the
 * cluster if it reached a quorum). Retry on the leader.
 */
public class NotLeaderException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final String leader;

  public NotLeaderException(String message, String leader) {
    super(leader == null ? message : message + " (leader: " + leader + ")");
    this.leader = leader;
  }

  /** The current leader's id, when known. */
  public Optional<String> leader() {
    return Optional.ofNullable(leader);
  }
}
