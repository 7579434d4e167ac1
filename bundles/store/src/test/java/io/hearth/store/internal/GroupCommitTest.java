package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.model.LogEntry;
import io.hearth.store.NotLeaderException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class GroupCommitTest {
  private final ManualLog log = new ManualLog();
  private final ManualLog.Member member = log.member("a", true);
  private final HearthStore store = new HearthStore(member,
      new StoreLimits(1536 * 1024, 200, 1024 * 1024, 1, StoreLimits.DEFAULT_COMMIT_HISTORY), Clock.systemUTC());

  private CompletableFuture<Long> create(String id) {
    return CompletableFuture.supplyAsync(() -> store.update(tx -> tx.nodes().create(node(id, id))));
  }

  /** Starts one update whose entry is in flight, then three more that queue behind it. */
  private List<CompletableFuture<Long>> oneInFlightThreeQueued() throws InterruptedException {
    List<CompletableFuture<Long>> all = new ArrayList<>();
    all.add(create("first"));
    log.awaitProposal();
    for (int i = 0; i < 3; i++) {
      all.add(create("queued" + i));
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> store.pendingTransactions() == 4);
    assertEquals(1, log.proposals.size(), "nothing more is proposed while one entry is in flight");
    return all;
  }

  @Test
  void transactionsArrivingWhileAnEntryIsInFlightTravelTogetherInTheNextEntry() throws Exception {
    List<CompletableFuture<Long>> updates = oneInFlightThreeQueued();
    log.commitNext();
    log.commitNext();

    List<Long> versions = new ArrayList<>();
    for (CompletableFuture<Long> u : updates) {
      versions.add(u.get(10, TimeUnit.SECONDS));
    }
    assertEquals(1L, versions.get(0));
    assertEquals(List.of(2L, 3L, 4L), versions.subList(1, 4).stream().sorted().toList());
    assertEquals(2, log.proposals.size());
    LogEntry grouped = LogEntry.parseFrom(log.proposals.get(1));
    assertEquals(3, grouped.getTransactionsCount());
    assertEquals(1, grouped.getPreviousVersion());
    assertEquals(4, store.version());
    assertEquals(4, (int) store.view(tx -> tx.nodes().count()));
  }

  @Test
  void whenTheEntryInFlightFailsEveryTransactionQueuedBehindItFailsAndNothingIsApplied()
      throws Exception {
    List<CompletableFuture<Long>> updates = oneInFlightThreeQueued();
    log.failNext(new NotLeaderException("lost leadership", "b"));

    for (CompletableFuture<Long> u : updates) {
      ExecutionException e = assertThrows(ExecutionException.class, () -> u.get(10, TimeUnit.SECONDS));
      assertInstanceOf(NotLeaderException.class, e.getCause());
    }
    assertEquals(0, store.version());
    assertNull(store.view(tx -> tx.nodes().get("first")));
    assertEquals(0, store.pendingTransactions());

    CompletableFuture<Long> next = create("after");
    log.commitNext();
    assertEquals(1L, next.get(10, TimeUnit.SECONDS));
  }
}
