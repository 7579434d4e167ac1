package io.hearth.store.spi;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An ordered, replicated log of opaque entries. Entries proposed on the leader are committed by
 * a quorum and handed, in log order, to the attached {@link LogApplier} on every replica.
 *
 * <p>Threading: {@link #propose} may be called from any thread; entries are applied on the
 * log's own apply thread, one at a time.
 */
@ProviderType
public interface ReplicatedLog {

  /**
   * Attaches the state machine. Entries committed from now on (and any the log must replay) are
   * handed to it. At most one applier is attached at a time.
   *
   * @throws IllegalStateException if another applier is attached
   */
  void attach(LogApplier applier);

  /** Detaches {@code applier}; no entry is handed to it after this returns. */
  void detach(LogApplier applier);

  /**
   * Proposes an entry. The future completes with the entry's log index once it is committed
   * and applied on this node; it fails with the exception the applier threw if the applier
   * rejected the entry, or with {@link io.hearth.store.NotLeaderException} if this node is not
   * (or stops being) the leader before the entry commits. The log may keep {@code entry}
   * without copying it: the caller must not change it afterwards.
   */
  CompletableFuture<Long> propose(byte[] entry);

  /**
   * Completes once this node has applied every entry committed before the call (a read index
   * in Raft terms), so that a read after it is linearizable. Fails with {@link
   * io.hearth.store.NotLeaderException} when the index cannot be established.
   */
  CompletableFuture<Void> readBarrier();

  /** Whether this node currently accepts proposals. */
  boolean isLeader();

  /** The current leader's id, when known. */
  Optional<String> leader();

  /** This node's id in the group. */
  String localId();
}
