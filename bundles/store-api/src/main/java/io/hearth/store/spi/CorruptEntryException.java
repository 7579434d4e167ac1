package io.hearth.store.spi;

import io.hearth.store.StoreException;

/**
 * A log entry could not be decoded or does not fit the state it was applied to. The entry was
 * not applied; a replica that hits one must stop serving rather than serve divergent state.
 */
public class CorruptEntryException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final long index;

  public CorruptEntryException(long index, String message, Throwable cause) {
    super("log entry " + index + ": " + message, cause);
    this.index = index;
  }

  /** The log index of the entry. */
  public long index() {
    return index;
  }
}
