package io.hearth.sequencer;

import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.spi.Sequencer;

/**
 * SwarmKit's rule: versions count transactions (each one is its base plus one, so every
 * replica derives the same number from the same log), and an update must carry exactly the
 * version of the object it replaces. Stateless and thread-safe.
 */
public final class StandardSequencer implements Sequencer {

  @Override
  public long nextVersion(long baseVersion) {
    if (baseVersion < 0 || baseVersion == Long.MAX_VALUE) {
      throw new IllegalArgumentException("no version follows " + baseVersion);
    }
    return baseVersion + 1;
  }

  @Override
  public void checkUpdate(ObjectKind<?> kind, String id, long givenVersion, long storedVersion) {
    if (givenVersion != storedVersion) {
      throw new SequenceConflictException(kind, id, givenVersion, storedVersion);
    }
  }
}
