package io.hearth.store.spi;

import java.io.IOException;
import java.io.OutputStream;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An immutable image of a replica's applied state, for a snapshot. Taking one is O(1); writing
 * it may run on any thread, for as long as it takes, while entries keep being applied.
 */
@ProviderType
public interface StateImage {

  /** The store version of the last transaction the image contains. */
  long version();

  /** The number of objects the image holds. */
  long objectCount();

  /**
   * Writes every object as a length-delimited {@link io.hearth.model.StoreObject}, in a fixed
   * order (kind, then id), so equal states give equal bytes. Framing and checksums are the
   * caller's.
   */
  void writeTo(OutputStream out) throws IOException;
}
