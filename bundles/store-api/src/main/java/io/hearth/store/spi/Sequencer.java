package io.hearth.store.spi;

import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The sequencer rule of the store: which version a transaction commits as, and when an update
 * may replace a stored object. Every replica must apply the same rule, so an implementation is
 * a pure function of its arguments.
 */
@ProviderType
public interface Sequencer {

  /** The version of a transaction built on a state whose version is {@code baseVersion}. */
  long nextVersion(long baseVersion);

  /**
   * Checks an update of {@code kind} {@code id}: {@code givenVersion} is the version the
   * caller's copy carries, {@code storedVersion} the version stored now.
   *
   * @throws SequenceConflictException if the update was built on another version
   */
  void checkUpdate(ObjectKind<?> kind, String id, long givenVersion, long storedVersion);
}
