package io.hearth.store;

/**
 * An update was built on a version of the object other than the stored one: someone changed it
 * since it was read. Read it again, reapply the change, and retry.
 */
public class SequenceConflictException extends ObjectException {
  private static final long serialVersionUID = 1L;
  private final long expectedVersion;
  private final long actualVersion;

  public SequenceConflictException(ObjectKind<?> kind, String id, long givenVersion,
      long storedVersion) {
    super("update of " + kind + " " + id + " was built on version " + givenVersion
        + " but the stored version is " + storedVersion, kind, id);
    this.expectedVersion = givenVersion;
    this.actualVersion = storedVersion;
  }

  /** The version the update carried. */
  public long givenVersion() {
    return expectedVersion;
  }

  /** The version currently stored. */
  public long storedVersion() {
    return actualVersion;
  }
}
