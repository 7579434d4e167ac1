package io.hearth.store.spi;

import io.hearth.store.StoreException;

/**
 * A snapshot could not be read back: bad checksum, truncated, undecodable, or inconsistent. It
 * was not applied; the state is as it was before the attempt.
 */
public class CorruptSnapshotException extends StoreException {
  private static final long serialVersionUID = 1L;

  public CorruptSnapshotException(String message, Throwable cause) {
    super(message, cause);
  }
}
