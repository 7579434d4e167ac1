package io.hearth.store.spi;

import java.io.IOException;
import java.io.InputStream;
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

  /**
   * An image of the state as of the last applied entry, for a snapshot. Called on the apply
   * thread (so no entry is half-applied); O(1).
   */
  StateImage image();

  /**
   * Replaces the whole state with the image in {@code in} (as {@link StateImage#writeTo} wrote
   * it) whose last transaction has version {@code version}. All or nothing: if reading fails
   * part-way, or {@code in} throws at its end (a failed checksum), the state is unchanged.
   * Called on the apply thread, never while an entry is being applied.
   *
   * @throws CorruptSnapshotException if the image cannot be decoded or is inconsistent
   * @throws IOException if reading fails
   */
  void restore(InputStream in, long version) throws IOException;
}
