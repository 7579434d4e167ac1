package io.hearth.store;

/**
 * A resume was asked from a version older than the history still kept: the commits between it
 * and {@link #oldestAvailable()} are gone. Read the current state again ({@code viewAndWatch})
 * instead.
 */
public class CompactedException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final long requested;
  private final long oldestAvailable;

  public CompactedException(long requested, long oldestAvailable) {
    super("cannot resume after version " + requested + ": history starts after version "
        + oldestAvailable);
    this.requested = requested;
    this.oldestAvailable = oldestAvailable;
  }

  /** The version the caller wanted to resume after. */
  public long requested() {
    return requested;
  }

  /** The oldest version a resume may still name. */
  public long oldestAvailable() {
    return oldestAvailable;
  }
}
