package io.hearth.store;

/** A resume was asked from a version this node has not reached yet. */
public class FutureVersionException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final long requested;
  private final long current;

  public FutureVersionException(long requested, long current) {
    super("cannot resume after version " + requested + ": this node is at version " + current);
    this.requested = requested;
    this.current = current;
  }

  public long requested() {
    return requested;
  }

  public long current() {
    return current;
  }
}
