package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static io.hearth.store.internal.TestObjects.service;
import static io.hearth.store.internal.TestObjects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.model.LogEntry;
import io.hearth.model.Node;
import io.hearth.model.StoreAction;
import io.hearth.model.Transaction;
import io.hearth.store.By;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreException;
import io.hearth.store.spi.CorruptEntryException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ApplyPathTest {
  private final ManualLog log = new ManualLog();
  private final ManualLog.Member leaderLog = log.member("a", true);
  private final ManualLog.Member followerLog = log.member("b", false);
  private final HearthStore leader = new HearthStore(leaderLog, StoreLimits.DEFAULTS, Clock.systemUTC());
  private final HearthStore follower = new HearthStore(followerLog, StoreLimits.DEFAULTS, Clock.systemUTC());

  /** Runs an update on another thread, commits its entry, and returns the update's outcome. */
  private CompletableFuture<Long> updateAndCommit(io.hearth.store.TxWork work) throws Exception {
    CompletableFuture<Long> result = CompletableFuture.supplyAsync(() -> leader.update(work));
    log.commitNext();
    return result;
  }

  private static List<Object> contents(HearthStore store) {
    return store.view(tx -> {
      List<Object> all = new ArrayList<>();
      for (ObjectKind<?> kind : ObjectKind.all()) {
        all.addAll(tx.table(kind).find(By.all()));
      }
      return all;
    });
  }

  @Test
  void aFollowerReplayingTheLogReachesExactlyTheLeadersState() throws Exception {
    Random random = new Random(42);
    for (int round = 0; round < 200; round++) {
      int r = random.nextInt(100);
      String id = "o" + random.nextInt(30);
      updateAndCommit(tx -> {
        if (tx.nodes().get(id) == null) {
          tx.nodes().create(node(id, "name-" + r));
          tx.tasks().create(task("t-" + id + "-" + r, "svc", r, id));
        } else if (r < 50) {
          Node n = tx.nodes().get(id);
          tx.nodes().update(n.toBuilder().setSpec(n.getSpec().toBuilder()
              .setAnnotations(n.getSpec().getAnnotations().toBuilder().setName("r" + r))).build());
        } else {
          tx.nodes().delete(id);
          tx.tasks().find(By.byNodeId(id)).forEach(t -> tx.tasks().delete(t.getId()));
        }
      }).get(10, TimeUnit.SECONDS);
    }
    assertEquals(leader.version(), follower.version());
    assertEquals(contents(leader), contents(follower));
  }

  @Test
  void writesOnAFollowerFailWithNotLeaderNamingTheLeader() {
    NotLeaderException e = assertThrows(NotLeaderException.class,
        () -> follower.update(tx -> tx.nodes().create(node("n", "n"))));
    assertEquals("a", e.leader().orElseThrow());
    assertNull(follower.view(tx -> tx.nodes().get("n")));
  }

  @Test
  void anotherLeadersEntryCutsThisLeadersSpeculativeChain() throws Exception {
    CompletableFuture<Long> mine =
        CompletableFuture.supplyAsync(() -> leader.update(tx -> tx.nodes().create(node("mine", "m"))));
    // Another leader's entry, built on the same base (version 0), commits first.
    byte[] foreign = LogEntry.newBuilder().setPreviousVersion(0).setOrigin("c").setOriginSeq(1)
        .addTransactions(Transaction.newBuilder().setVersion(1).addActions(StoreAction.newBuilder()
            .setKind(StoreAction.Kind.CREATE).setTarget(ObjectKind.NODE.wrap(node("theirs", "t")))))
        .build().toByteArray();
    // Once the leader's proposal is queued, the foreign entry wins the race to commit.
    log.awaitProposal();
    log.commitForeign(foreign);
    log.commitNext();

    ExecutionException e = assertThrows(ExecutionException.class, () -> mine.get(10, TimeUnit.SECONDS));
    assertInstanceOf(NotLeaderException.class, e.getCause());
    for (HearthStore store : List.of(leader, follower)) {
      assertEquals(1, store.version());
      assertNull(store.view(tx -> tx.nodes().get("mine")));
      assertEquals("theirs", store.view(tx -> tx.nodes().require("theirs")).getId());
    }
    // The leader builds on the new state afterwards.
    assertEquals(2, (long) updateAndCommit(tx -> tx.services().create(service("s", "s")))
        .get(10, TimeUnit.SECONDS));
  }

  @Test
  void aCorruptEntryIsRefusedAndChangesNothing() throws Exception {
    updateAndCommit(tx -> tx.nodes().create(node("n1", "a"))).get(10, TimeUnit.SECONDS);
    CorruptEntryException e = assertThrows(CorruptEntryException.class,
        () -> followerLog.applier().apply(7, new byte[] {(byte) 0xff, 0x01, 0x02}));
    assertEquals(7, e.index());
    assertEquals(1, follower.version());
    assertEquals(contents(leader), contents(follower));
  }

  @Test
  void anEntryThatDoesNotFitTheStateIsRefusedWhole() throws Exception {
    updateAndCommit(tx -> tx.nodes().create(node("n1", "a"))).get(10, TimeUnit.SECONDS);
    // Creates a fresh node, then "creates" n1 again: the whole entry must be refused.
    byte[] bad = LogEntry.newBuilder().setPreviousVersion(1).setOrigin("c")
        .addTransactions(Transaction.newBuilder().setVersion(2)
            .addActions(StoreAction.newBuilder().setKind(StoreAction.Kind.CREATE)
                .setTarget(ObjectKind.NODE.wrap(node("n2", "b"))))
            .addActions(StoreAction.newBuilder().setKind(StoreAction.Kind.CREATE)
                .setTarget(ObjectKind.NODE.wrap(node("n1", "a")))))
        .build().toByteArray();
    StoreException e = assertThrows(StoreException.class, () -> followerLog.applier().apply(2, bad));
    assertInstanceOf(CorruptEntryException.class, e);
    assertEquals(1, follower.version());
    assertNull(follower.view(tx -> tx.nodes().get("n2")));
  }
}
