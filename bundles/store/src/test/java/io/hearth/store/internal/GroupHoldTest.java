package io.hearth.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The decisions of {@link GroupHold}, on a ticker the test moves. */
class GroupHoldTest {
  private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);
  private final AtomicLong now = new AtomicLong();
  private final GroupHold hold = new GroupHold(2 * MS, now::get);

  /** An entry proposed at 0 and applied at 10 ms, releasing {@code callers}. */
  private void appliedAfterTenMs(int callers, int waiting) {
    now.set(10 * MS);
    hold.released(callers, 0, waiting);
  }

  @Test
  void theNextEntryWaitsForThreeInFourOfTheCallersJustReleasedOnTopOfThoseAlreadyWaiting() {
    appliedAfterTenMs(8, 2);

    assertFalse(hold.mayPropose(7), "2 waiting + 6 of the 8 released is 8");
    assertTrue(hold.mayPropose(8));
    assertEquals(-1, hold.remainingNanos(), "the hold ended when the entry went");
    assertTrue(hold.mayPropose(1), "nothing is held until the next release");
  }

  @Test
  void aLoneWriterIsNeverHeld() {
    appliedAfterTenMs(1, 0);

    assertEquals(-1, hold.remainingNanos());
    assertTrue(hold.mayPropose(1));
  }

  @Test
  void aHoldRunsOutAtTheConfiguredMaximumWhenTheReleasedCallersDoNotComeBack() {
    appliedAfterTenMs(8, 0);
    assertEquals(2 * MS, hold.remainingNanos(), "half the 10 ms round trip is over the maximum");

    now.set(12 * MS - 1);
    assertFalse(hold.mayPropose(1));
    now.set(12 * MS);
    assertTrue(hold.mayPropose(1));
  }

  @Test
  void aHoldThatRunsOutWithNobodyWaitingEndsSoTheProposerHasNothingToTime() {
    appliedAfterTenMs(8, 0);
    now.set(12 * MS);

    assertEquals(-1, hold.remainingNanos());
    now.set(11 * MS); // even were the clock to be read again inside the old window
    assertTrue(hold.mayPropose(1));
  }

  @Test
  void aHoldNeverLastsLongerThanHalfTheReleasedEntrysRoundTrip() {
    now.set(2 * MS);
    hold.released(8, 0, 0);
    assertEquals(MS, hold.remainingNanos());

    now.set(3 * MS);
    assertTrue(hold.mayPropose(1));
  }

  @Test
  void releasesBeforeTheNextProposalAddUp() {
    appliedAfterTenMs(4, 0);
    appliedAfterTenMs(4, 0);

    assertFalse(hold.mayPropose(5));
    assertTrue(hold.mayPropose(6));
  }

  @Test
  void aZeroMaximumNeverHolds() {
    GroupHold off = new GroupHold(0, now::get);
    now.set(10 * MS);
    off.released(64, 0, 0);

    assertEquals(-1, off.remainingNanos());
    assertTrue(off.mayPropose(1));
  }

  @Test
  void endingAHoldLetsTheEntryGoAtOnce() {
    appliedAfterTenMs(8, 0);
    hold.end();

    assertTrue(hold.mayPropose(1));
  }
}
