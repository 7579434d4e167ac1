package io.hearth.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Groups many small updates and lets the store split them across several proposals, so a large
 * job neither makes one oversized log entry nor pays one replication round trip per update.
 * Valid only inside the {@link BatchWork} it was given to.
 */
@ProviderType
public interface Batch {

  /**
   * Runs {@code work} as one atomic step of the batch: if it throws, its changes are undone and
   * the exception propagates; the batch's earlier steps are unaffected.
   */
  void update(TxWork work);
}
