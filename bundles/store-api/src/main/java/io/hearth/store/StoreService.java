package io.hearth.store;

import java.util.function.Function;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The replicated object store. Reads run on immutable snapshots; writes run one at a time and
 * return once committed and applied on this node.
 *
 * <p>Threading: every method may be called from any thread. Closures run on the caller's
 * thread; they must not call back into this service.
 */
@ProviderType
public interface StoreService {

  /**
   * Runs {@code fn} on an atomic snapshot of this node's committed state and returns its
   * result. Never blocks on writers; any number of views run at once.
   */
  <R> R view(Function<? super ReadTx, R> fn);

  /**
   * Like {@link #view}, but linearizable: first waits until this node has applied everything
   * the group had committed when the call was made, so the snapshot includes every write
   * acknowledged before it, even on a follower.
   *
   * @throws NotLeaderException if no leader can confirm the commit index
   */
  <R> R viewLinearizable(Function<? super ReadTx, R> fn);

  /**
   * Runs {@code work} as one atomic transaction and returns the version it committed as (or the
   * current version if it changed nothing). If the closure throws, nothing it did is kept and
   * the exception propagates unchanged.
   *
   * @throws SequenceConflictException if an update was built on a stale version
   * @throws AlreadyExistsException, NameConflictException, NotFoundException,
   *     InvalidObjectException from the writes inside the closure
   * @throws TransactionTooLargeException if the changes exceed the size limit
   * @throws NotLeaderException if this node cannot write (not the leader, or lost leadership
   *     before the transaction committed)
   */
  long update(TxWork work);

  /**
   * Runs {@code work}, whose {@link Batch#update} calls are each atomic on their own, and
   * commits them in as many proposals as the size limits require. Inner updates that completed
   * are committed even if {@code work} later throws.
   *
   * @return the number of inner updates committed
   */
  int batch(BatchWork work);

  /** The version of the latest state applied on this node. */
  long version();
}
