package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.LogEntry;
import io.hearth.model.Transaction;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A batch fills whole log entries: its transactions (split by change count) are held back
 * while the batch runs, until an entry is full or the batch ends, instead of each going to the
 * log alone whenever the log has room. Followers then replay many transactions per entry.
 */
class BatchEntryFillingTest {
  private final ManualLog log = new ManualLog();

  private HearthStore store(long maxTransactionBytes) {
    return new HearthStore(log.member("a", true), new StoreLimits(maxTransactionBytes, 10,
        Math.min(maxTransactionBytes, 1024 * 1024), 2, StoreLimits.DEFAULT_COMMIT_HISTORY),
        Clock.systemUTC());
  }

  /** Commits proposals as they come until {@code done} completes. */
  private void commitUntil(CompletableFuture<?> done) throws Exception {
    while (!done.isDone()) {
      if (log.hasProposal(50, TimeUnit.MILLISECONDS)) {
        log.commitNext();
      }
    }
  }

  @Test
  void aBatchOfTenTransactionsThatFitOneEntryIsProposedAsOneEntry() throws Exception {
    HearthStore store = store(1536 * 1024);
    CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> store.batch(b -> {
      for (int i = 0; i < 100; i++) {
        String id = "n" + i;
        b.update(tx -> tx.nodes().create(node(id, id)));
      }
    }));
    commitUntil(batch);

    assertEquals(100, batch.get(10, TimeUnit.SECONDS));
    assertEquals(1, log.proposals.size(), "one entry for the whole batch");
    LogEntry entry = LogEntry.parseFrom(log.proposals.get(0));
    assertEquals(10, entry.getTransactionsCount(), "ten transactions of ten changes each");
    assertEquals(100, (int) store.view(tx -> tx.nodes().count()));
  }

  @Test
  void aFullEntryGoesToTheLogWhileTheBatchIsStillRunning() throws Exception {
    long limit = 2048; // room for one or two transactions of ten small nodes
    HearthStore store = store(limit);
    CompletableFuture<Integer> proposedDuringBatch = new CompletableFuture<>();
    CompletableFuture<Integer> batch = CompletableFuture.supplyAsync(() -> store.batch(b -> {
      for (int i = 0; i < 100; i++) {
        String id = "n" + i;
        b.update(tx -> tx.nodes().create(node(id, id)));
      }
      // Still inside the batch (nothing is committed yet): the entries already full have gone
      // to the log.
      await().atMost(Duration.ofSeconds(10)).until(() -> !log.proposals.isEmpty());
      proposedDuringBatch.complete(log.proposals.size());
    }));
    assertTrue(proposedDuringBatch.get(10, TimeUnit.SECONDS) > 0);
    commitUntil(batch);

    assertEquals(100, batch.get(10, TimeUnit.SECONDS));
    int actions = 0;
    long version = 0;
    for (byte[] bytes : log.proposals) {
      assertTrue(bytes.length <= limit, "an entry of " + bytes.length + " bytes over " + limit);
      LogEntry entry = LogEntry.parseFrom(bytes);
      assertEquals(version, entry.getPreviousVersion(), "each entry builds on the one before");
      for (Transaction tx : entry.getTransactionsList()) {
        assertEquals(++version, tx.getVersion(), "versions follow each other");
        assertTrue(tx.getActionsCount() <= 10, "at most ten changes per transaction");
        actions += tx.getActionsCount();
      }
    }
    assertEquals(100, actions);
    assertEquals(version, store.version());
    assertTrue(log.proposals.size() > 1, "several entries, each as full as the limit allows");
    assertTrue(log.proposals.size() < version, "but fewer than one per transaction: "
        + log.proposals.size() + " entries for " + version + " transactions");
    assertEquals(100, (int) store.view(tx -> tx.nodes().count()));
  }
}
