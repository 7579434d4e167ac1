package io.hearth.replication.internal;

import io.hearth.store.NotLeaderException;
import io.hearth.store.StoreException;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyClosedException;
import org.apache.ratis.protocol.exceptions.LeaderSteppingDownException;
import org.apache.ratis.protocol.exceptions.RaftException;
import org.apache.ratis.protocol.exceptions.ReadException;
import org.apache.ratis.protocol.exceptions.ReadIndexException;
import org.apache.ratis.protocol.exceptions.ServerNotReadyException;
import org.apache.ratis.protocol.exceptions.StateMachineException;
import org.apache.ratis.protocol.exceptions.TimeoutIOException;

/**
 * Turns Ratis's failures into the store's exceptions, so that no Ratis type leaves this bundle:
 * the applier's own exception comes back unwrapped; anything that means "this node cannot
 * commit or read here now" becomes {@link NotLeaderException} naming the leader when known.
 */
final class Replies {

  private Replies() {}

  /** The failure a reply carries, as the store's exception; null for a successful reply. */
  static StoreException failure(RaftClientReply reply, Optional<String> leader) {
    if (reply.isSuccess()) {
      return null;
    }
    RaftException e = reply.getException();
    return e == null ? new StoreException("request failed without a reason: " + reply)
        : translate(e, leader);
  }

  /** Any throwable from Ratis (or our own future), unwrapped and translated. */
  static StoreException translate(Throwable t, Optional<String> leader) {
    Throwable e = unwrap(t);
    if (e instanceof StoreException store) {
      return store;
    }
    if (e instanceof StateMachineException sme) {
      Throwable cause = unwrap(sme.getCause());
      return cause instanceof StoreException store ? store
          : new StoreException("the state machine failed: " + sme.getMessage(), sme);
    }
    if (e instanceof org.apache.ratis.protocol.exceptions.NotLeaderException nle) {
      RaftPeer suggested = nle.getSuggestedLeader();
      String id = suggested == null ? leader.orElse(null) : suggested.getId().toString();
      return new NotLeaderException("this node is not the leader", id);
    }
    if (e instanceof ServerNotReadyException || e instanceof LeaderSteppingDownException) {
      // LeaderNotReadyException is a ServerNotReadyException: elected, not yet caught up.
      return new NotLeaderException("no ready leader here: " + e.getMessage(),
          leader.orElse(null));
    }
    if (e instanceof ReadIndexException || e instanceof ReadException) {
      return new NotLeaderException("no read index from a leader: " + e.getMessage(),
          leader.orElse(null));
    }
    if (e instanceof AlreadyClosedException) {
      return new NotLeaderException("the replication node is stopped", leader.orElse(null));
    }
    if (e instanceof TimeoutException || e instanceof TimeoutIOException) {
      return new NotLeaderException("no quorum answered in time: " + e.getMessage(),
          leader.orElse(null));
    }
    return new StoreException("replication failed: " + e, e);
  }

  static Throwable unwrap(Throwable t) {
    Throwable e = t;
    while ((e instanceof CompletionException || e instanceof ExecutionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }

  static Optional<String> id(RaftPeerId id) {
    return Optional.ofNullable(id).map(RaftPeerId::toString);
  }
}
