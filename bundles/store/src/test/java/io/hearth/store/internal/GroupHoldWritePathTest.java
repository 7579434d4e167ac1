package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.LogEntry;
import io.hearth.sequencer.StandardSequencer;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * The group hold on the write path: after an entry is applied, the next waits briefly for the
 * callers that entry released (see {@link GroupHold}). One entry in flight, a 2 ms hold at
 * most, and a ticker that moves only when the test moves it, so a hold lasts exactly as long
 * as the test wants.
 */
class GroupHoldWritePathTest {
  private final ManualLog log = new ManualLog();
  private final AtomicLong ticker = new AtomicLong();
  private final HearthStore store = new HearthStore(log.member("a", true),
      new StandardSequencer(), new StoreLimits(16 * 1024, 200, 8 * 1024, 1,
          StoreLimits.DEFAULT_COMMIT_HISTORY, 2_000), Clock.systemUTC(), ticker::get);

  private CompletableFuture<Long> create(String id) {
    return CompletableFuture.supplyAsync(() -> store.update(tx -> tx.nodes().create(node(id, id))));
  }

  /** Commits the next proposal 10 ms (on the ticker) after it was made. */
  private void commitAfterTenMs() throws InterruptedException {
    log.awaitProposal();
    ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(10));
    log.commitNext();
  }

  /**
   * Applies an entry of three callers (queued behind a first one), which holds the next entry
   * for two of them; then starts one update and returns it once the proposer has looked at it.
   */
  private CompletableFuture<Long> threeReleasedThenOneBack() throws Exception {
    List<CompletableFuture<Long>> first = new ArrayList<>();
    first.add(create("first"));
    log.awaitProposal();
    for (int i = 0; i < 3; i++) {
      first.add(create("queued" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingTransactions() == 4);
    commitAfterTenMs(); // "first": one caller released, nothing held
    commitAfterTenMs(); // the three queued
    for (CompletableFuture<Long> u : first) {
      u.get(10, TimeUnit.SECONDS);
    }
    CompletableFuture<Long> back = create("back");
    await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingTransactions() == 1);
    store.awaitProposer();
    return back;
  }

  @Test
  void callersJustReleasedByAnAppliedEntryJoinTheNextEntryBeforeItIsProposed() throws Exception {
    CompletableFuture<Long> back = threeReleasedThenOneBack();
    assertEquals(2, log.proposals.size(), "one caller of the three released is not enough");

    CompletableFuture<Long> second = create("second");
    log.commitNext();

    assertEquals(List.of(5L, 6L), List.of(back.get(10, TimeUnit.SECONDS),
        second.get(10, TimeUnit.SECONDS)).stream().sorted().toList());
    assertEquals(3, log.proposals.size());
    assertEquals(2, LogEntry.parseFrom(log.proposals.get(2)).getTransactionsCount());
  }

  @Test
  void aHeldEntryGoesAloneWhenTheHoldRunsOutThoughTheOtherCallersNeverComeBack()
      throws Exception {
    CompletableFuture<Long> back = threeReleasedThenOneBack();
    ticker.addAndGet(TimeUnit.MILLISECONDS.toNanos(2));
    log.commitNext(); // waits for the proposal that the hold's timer makes

    assertEquals(5L, back.get(10, TimeUnit.SECONDS));
    assertEquals(1, LogEntry.parseFrom(log.proposals.get(2)).getTransactionsCount());
  }

  @Test
  void aLoneWriterIsNeverHeldThoughEveryRoundTripLeavesRoomForAHold() throws Exception {
    for (int i = 1; i <= 5; i++) {
      CompletableFuture<Long> u = create("n" + i);
      commitAfterTenMs();
      assertEquals(i, u.get(10, TimeUnit.SECONDS));
    }
  }

  @Test
  void aBatchIsOneCallerSoItsEntriesAreNeverHeldForEachOther() throws Exception {
    CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> store.batch(b -> {
      for (int i = 0; i < 1000; i++) {
        String id = "b" + i;
        b.update(tx -> tx.nodes().create(node(id, id)));
      }
    }));
    // The ticker moves only here, at commits: were the batch's transactions counted as
    // callers, its next entry would wait for them until the ticker moved again, which it
    // would not, and the batch would not end by the deadline.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!batch.isDone() && System.nanoTime() < deadline) {
      if (log.hasProposal(50, TimeUnit.MILLISECONDS)) {
        commitAfterTenMs();
      }
    }
    assertEquals(1000, batch.get(1, TimeUnit.SECONDS));
    assertTrue(log.proposals.size() > 1, "a batch over one entry: " + log.proposals.size());
  }

  @Test
  void closingTheStoreFailsAHeldEntryInsteadOfLeavingItsCallerWaiting() throws Exception {
    CompletableFuture<Long> back = threeReleasedThenOneBack();
    store.close();

    // The held entry went to the (detached) log on close; the log fails it, as Raft would fail
    // a proposal of a stopped server.
    log.failNext(new io.hearth.store.NotLeaderException("stopped", null));
    assertTrue(back.handle((v, e) -> e != null).get(10, TimeUnit.SECONDS));
  }
}
