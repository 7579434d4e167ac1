package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.AlreadyExistsException;
import io.hearth.store.TransactionTooLargeException;
import org.junit.jupiter.api.Test;

class BatchTest {

  @Test
  void aBatchIsSplitIntoProposalsByChangeCount() {
    try (StoreFixture f = new StoreFixture(new StoreLimits(1 << 20, 200, 1 << 19))) {
      int committed = f.store.batch(b -> {
        for (int i = 0; i < 1000; i++) {
          String id = "n" + i;
          b.update(tx -> tx.nodes().create(node(id, id)));
        }
      });
      assertEquals(1000, committed);
      assertEquals(1000, (int) f.store.view(tx -> tx.nodes().count()));
      // One transaction (one version) per 200 changes; group commit may carry several
      // transactions in one log entry, never more than five entries.
      assertEquals(5, f.store.version());
      assertTrue(f.log.lastIndex() <= 5);
    }
  }

  @Test
  void aBatchIsSplitIntoProposalsByBytes() {
    try (StoreFixture f = new StoreFixture(new StoreLimits(64 * 1024, 10_000, 16 * 1024))) {
      String padding = "x".repeat(1000);
      f.store.batch(b -> {
        for (int i = 0; i < 100; i++) {
          String id = "n" + i;
          b.update(tx -> tx.nodes().create(node(id, id + padding)));
        }
      });
      assertEquals(100, (int) f.store.view(tx -> tx.nodes().count()));
      long transactions = f.store.version();
      assertTrue(transactions >= 6 && transactions <= 8,
          "about 100 KB in 16 KB transactions: " + transactions);
    }
  }

  @Test
  void aFailingStepIsUndoneAloneAndTheOthersCommit() {
    try (StoreFixture f = new StoreFixture()) {
      int committed = f.store.batch(b -> {
        b.update(tx -> tx.nodes().create(node("a", "a")));
        assertThrows(AlreadyExistsException.class, () -> b.update(tx -> {
          tx.nodes().create(node("b", "b"));
          tx.nodes().create(node("a", "again"));
        }));
        b.update(tx -> tx.nodes().create(node("c", "c")));
      });
      assertEquals(2, committed);
      assertNull(f.store.view(tx -> tx.nodes().get("b")));
      assertEquals("a", f.store.view(tx -> tx.nodes().get("a")).getSpec().getAnnotations().getName());
    }
  }

  @Test
  void aFailingStepsUpdatesAndDeletesAreTakenBackToo() {
    try (StoreFixture f = new StoreFixture()) {
      f.store.batch(b -> {
        b.update(tx -> {
          tx.nodes().create(node("a", "a"));
          tx.nodes().create(node("b", "b"));
        });
        assertThrows(IllegalStateException.class, () -> b.update(tx -> {
          io.hearth.model.Node a = tx.nodes().require("a");
          tx.nodes().update(a.toBuilder().setRole(io.hearth.model.NodeRole.NODE_ROLE_MANAGER)
              .build());
          tx.nodes().delete("b");
          tx.nodes().create(node("c", "c"));
          throw new IllegalStateException("undo me");
        }));
      });
      assertEquals(io.hearth.model.NodeRole.NODE_ROLE_WORKER,
          f.store.view(tx -> tx.nodes().require("a")).getRole());
      assertEquals("b", f.store.view(tx -> tx.nodes().require("b")).getId());
      assertNull(f.store.view(tx -> tx.nodes().get("c")));
      assertEquals(1, f.store.version(), "one transaction, holding only the first step");
    }
  }

  @Test
  void stepsThatCompletedAreCommittedWhenTheBatchClosureFails() {
    try (StoreFixture f = new StoreFixture()) {
      assertThrows(IllegalStateException.class, () -> f.store.batch(b -> {
        b.update(tx -> tx.nodes().create(node("a", "a")));
        throw new IllegalStateException("stop");
      }));
      assertEquals("a", f.store.view(tx -> tx.nodes().require("a")).getId());
    }
  }

  @Test
  void aStepLargerThanTheHardLimitFailsAndLeavesTheRestIntact() {
    try (StoreFixture f = new StoreFixture(new StoreLimits(8 * 1024, 200, 4 * 1024))) {
      String huge = "y".repeat(10 * 1024);
      int committed = f.store.batch(b -> {
        b.update(tx -> tx.nodes().create(node("small", "small")));
        assertThrows(TransactionTooLargeException.class,
            () -> b.update(tx -> tx.nodes().create(node("big", huge))));
      });
      assertEquals(1, committed);
      assertNull(f.store.view(tx -> tx.nodes().get("big")));
    }
  }
}
