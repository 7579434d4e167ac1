package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.forgedMeta;
import static io.hearth.store.internal.TestObjects.node;
import static io.hearth.store.internal.TestObjects.service;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.store.AlreadyExistsException;
import io.hearth.store.By;
import io.hearth.store.InvalidObjectException;
import io.hearth.store.NameConflictException;
import io.hearth.store.NotFoundException;
import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.WriteTable;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WritePathTest {
  private final StoreFixture fixture = new StoreFixture();
  private final HearthStore store = fixture.store;

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void createStampsMetaFromTheStoreAndIgnoresForgedMeta() {
    Node forged = node("n1", "node-1").toBuilder().setMeta(forgedMeta(999)).build();
    long version = store.update(tx -> tx.nodes().create(forged));

    Node stored = store.view(tx -> tx.nodes().get("n1"));
    assertEquals(version, stored.getMeta().getVersion().getIndex());
    assertNotEquals(999, version);
    assertTrue(stored.getMeta().hasCreatedAt());
    assertEquals(stored.getMeta().getCreatedAt(), stored.getMeta().getUpdatedAt());
    assertEquals(version, store.version());
  }

  @Test
  void createReturnsTheObjectAsStored() {
    Node[] returned = new Node[1];
    store.update(tx -> returned[0] = tx.nodes().create(node("n1", "a")));
    assertEquals(returned[0], store.view(tx -> tx.nodes().get("n1")));
  }

  @Test
  void updateAdvancesVersionAndKeepsCreationTime() {
    store.update(tx -> tx.nodes().create(node("n1", "a")));
    Node first = store.view(tx -> tx.nodes().get("n1"));
    long v2 = store.update(tx -> tx.nodes().update(
        first.toBuilder().setRole(io.hearth.model.NodeRole.NODE_ROLE_MANAGER).build()));

    Node second = store.view(tx -> tx.nodes().get("n1"));
    assertEquals(v2, second.getMeta().getVersion().getIndex());
    assertTrue(v2 > first.getMeta().getVersion().getIndex());
    assertEquals(first.getMeta().getCreatedAt(), second.getMeta().getCreatedAt());
  }

  @Test
  void updateBuiltOnStaleVersionFailsWithSequenceConflictAndChangesNothing() {
    store.update(tx -> tx.services().create(service("s1", "web")));
    Service read = store.view(tx -> tx.services().get("s1"));
    store.update(tx -> tx.services().update(read.toBuilder()
        .setSpec(read.getSpec().toBuilder().setTask(read.getSpec().getTask())).build()));
    long before = store.version();

    SequenceConflictException e = assertThrows(SequenceConflictException.class,
        () -> store.update(tx -> tx.services().update(read)));

    assertEquals("s1", e.id());
    assertEquals(read.getMeta().getVersion().getIndex(), e.givenVersion());
    assertEquals(before, e.storedVersion());
    assertEquals(before, store.version());
  }

  @Test
  void createWithExistingIdFailsWithAlreadyExists() {
    store.update(tx -> tx.nodes().create(node("n1", "a")));
    AlreadyExistsException e = assertThrows(AlreadyExistsException.class,
        () -> store.update(tx -> tx.nodes().create(node("n1", "b"))));
    assertEquals("node", e.kind());
    assertEquals("a", store.view(tx -> tx.nodes().get("n1")).getSpec().getAnnotations().getName());
  }

  @Test
  void aCreateOfAnExistingIdThatTheClosureCatchesLeavesTheStoredObjectAndItsIndexesAsTheyWere() {
    store.update(tx -> tx.services().create(service("s1", "web")));
    Service stored = store.view(tx -> tx.services().get("s1"));
    long version = store.update(tx -> {
      assertThrows(AlreadyExistsException.class,
          () -> tx.services().create(service("s1", "other-name")));
      tx.nodes().create(node("n-after", "a"));
    });
    assertEquals(stored, store.view(tx -> tx.services().get("s1")));
    assertEquals(List.of(stored), store.view(tx -> tx.services().find(By.byName("web"))));
    assertEquals(List.of(), store.view(tx -> tx.services().find(By.byName("other-name"))));
    assertEquals(version, store.view(tx -> tx.nodes().get("n-after")).getMeta().getVersion()
        .getIndex());
  }

  @Test
  void aCreateOfAnExistingIdFailsWithAlreadyExistsEvenWhenItsNameIsAnothersToo() {
    store.update(tx -> tx.services().create(service("s1", "web")));
    store.update(tx -> tx.services().create(service("s2", "db")));
    assertThrows(AlreadyExistsException.class,
        () -> store.update(tx -> tx.services().create(service("s1", "db"))));
  }

  @Test
  void serviceNamesAreUniqueIgnoringCaseButNodeNamesMayRepeat() {
    store.update(tx -> tx.services().create(service("s1", "Web")));
    NameConflictException e = assertThrows(NameConflictException.class,
        () -> store.update(tx -> tx.services().create(service("s2", "web"))));
    assertEquals("s1", e.holderId());
    assertEquals("s2", e.id());
    assertNull(store.view(tx -> tx.services().get("s2")));

    store.update(tx -> {
      tx.nodes().create(node("n1", "worker"));
      tx.nodes().create(node("n2", "worker"));
    });
    assertEquals(2, store.view(tx -> tx.nodes().find(By.byName("WORKER"))).size());
  }

  @Test
  void renamingOntoATakenNameFailsAndFreeingANameLetsItBeReused() {
    store.update(tx -> {
      tx.services().create(service("s1", "a"));
      tx.services().create(service("s2", "b"));
    });
    Service s2 = store.view(tx -> tx.services().get("s2"));
    assertThrows(NameConflictException.class,
        () -> store.update(tx -> tx.services().update(service("s2", "a").toBuilder()
            .setMeta(s2.getMeta()).build())));

    store.update(tx -> tx.services().delete("s1"));
    store.update(tx -> tx.services().update(service("s2", "a").toBuilder()
        .setMeta(s2.getMeta()).build()));
    assertEquals("s2", store.view(tx -> tx.services().find(By.byName("a"))).get(0).getId());
  }

  @Test
  void objectWithoutIdOrOfTheWrongKindIsInvalid() {
    assertThrows(InvalidObjectException.class,
        () -> store.update(tx -> tx.nodes().create(node("", "a"))));
    @SuppressWarnings({"unchecked", "rawtypes"})
    WriteTable<Object>[] raw = new WriteTable[1];
    assertThrows(InvalidObjectException.class, () -> store.update(tx -> {
      raw[0] = (WriteTable) tx.table(ObjectKind.NODE);
      raw[0].create(Task.newBuilder().setId("t1").build());
    }));
    assertEquals(0, store.version());
  }

  @Test
  void updateOrDeleteOfAMissingObjectFailsWithNotFound() {
    assertThrows(NotFoundException.class,
        () -> store.update(tx -> tx.nodes().update(node("nope", "a"))));
    NotFoundException e = assertThrows(NotFoundException.class,
        () -> store.update(tx -> tx.tasks().delete("nope")));
    assertEquals("task", e.kind());
    assertThrows(NotFoundException.class, () -> store.view(tx -> tx.tasks().require("nope")));
  }

  @Test
  void aFailingClosureRollsBackEverythingItDid() {
    store.update(tx -> tx.nodes().create(node("n0", "keep")));
    long before = store.version();
    IllegalStateException boom = new IllegalStateException("boom");
    IllegalStateException thrown = assertThrows(IllegalStateException.class, () ->
        store.update(tx -> {
          tx.nodes().create(node("n1", "a"));
          tx.nodes().delete("n0");
          throw boom;
        }));
    assertEquals(boom, thrown);
    assertEquals(before, store.version());
    assertNull(store.view(tx -> tx.nodes().get("n1")));
    assertEquals("keep", store.view(tx -> tx.nodes().get("n0")).getSpec().getAnnotations().getName());
  }

  @Test
  void aTransactionOverTheSizeLimitFailsBeforeProposalAndChangesNothing() {
    try (StoreFixture small = new StoreFixture(new StoreLimits(4096, 200, 2048))) {
      TransactionTooLargeException e = assertThrows(TransactionTooLargeException.class,
          () -> small.store.update(tx -> {
            for (int i = 0; i < 100; i++) {
              tx.nodes().create(node("node-" + i, "a-rather-long-node-name-" + i));
            }
          }));
      assertTrue(e.size() > 4096);
      assertEquals(4096, e.limit());
      assertEquals(0, small.store.version());
      assertEquals(0, small.log.lastIndex());
    }
  }

  @Test
  void aClosureThatChangesNothingProposesNothing() {
    store.update(tx -> tx.nodes().create(node("n1", "a")));
    long before = fixture.log.lastIndex();
    long version = store.update(tx -> tx.nodes().get("n1"));
    assertEquals(store.version(), version);
    assertEquals(before, fixture.log.lastIndex());
  }

  @Test
  void updateInsideATransactionIsRejected() {
    assertThrows(IllegalStateException.class,
        () -> store.update(tx -> store.update(inner -> inner.nodes().create(node("n", "a")))));
  }

  @Test
  void readsInsideATransactionSeeItsOwnWrites() {
    store.update(tx -> {
      Node created = tx.nodes().create(node("n1", "a"));
      assertEquals(created, tx.nodes().get("n1"));
      tx.nodes().update(created.toBuilder().setRole(io.hearth.model.NodeRole.NODE_ROLE_MANAGER).build());
      assertEquals(1, tx.nodes().count());
    });
    assertEquals(io.hearth.model.NodeRole.NODE_ROLE_MANAGER,
        store.view(tx -> tx.nodes().get("n1")).getRole());
  }
}
