package io.hearth.sequencer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import org.junit.jupiter.api.Test;

class StandardSequencerTest {
  private final StandardSequencer sequencer = new StandardSequencer();

  @Test
  void eachTransactionIsItsBasePlusOne() {
    assertEquals(1, sequencer.nextVersion(0));
    assertEquals(190, sequencer.nextVersion(189));
  }

  @Test
  void noVersionFollowsANegativeOrTheLastOne() {
    assertThrows(IllegalArgumentException.class, () -> sequencer.nextVersion(-1));
    assertThrows(IllegalArgumentException.class, () -> sequencer.nextVersion(Long.MAX_VALUE));
  }

  @Test
  void anUpdateCarryingTheStoredVersionPasses() {
    sequencer.checkUpdate(ObjectKind.SERVICE, "abc", 189, 189);
  }

  @Test
  void anUpdateBuiltOnAnOlderVersionIsAConflictNamingBothVersions() {
    SequenceConflictException e = assertThrows(SequenceConflictException.class,
        () -> sequencer.checkUpdate(ObjectKind.SERVICE, "abc", 189, 190));
    assertEquals("service", e.kind());
    assertEquals("abc", e.id());
    assertEquals(189, e.givenVersion());
    assertEquals(190, e.storedVersion());
  }
}
