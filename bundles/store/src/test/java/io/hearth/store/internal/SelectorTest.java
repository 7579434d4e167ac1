package io.hearth.store.internal;

import static io.hearth.store.By.all;
import static io.hearth.store.By.byCustom;
import static io.hearth.store.By.byDesiredState;
import static io.hearth.store.By.byIdPrefix;
import static io.hearth.store.By.byMembership;
import static io.hearth.store.By.byName;
import static io.hearth.store.By.byNamePrefix;
import static io.hearth.store.By.byNodeId;
import static io.hearth.store.By.byReferencedConfigId;
import static io.hearth.store.By.byReferencedNetworkId;
import static io.hearth.store.By.byReferencedSecretId;
import static io.hearth.store.By.byRole;
import static io.hearth.store.By.byServiceId;
import static io.hearth.store.By.bySlot;
import static io.hearth.store.By.byTaskState;
import static io.hearth.store.By.or;
import static io.hearth.store.internal.TestObjects.attached;
import static io.hearth.store.internal.TestObjects.labelled;
import static io.hearth.store.internal.TestObjects.node;
import static io.hearth.store.internal.TestObjects.service;
import static io.hearth.store.internal.TestObjects.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.ReadTable;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SelectorTest {
  private static StoreFixture fixture;

  @BeforeAll
  static void fill() {
    fixture = new StoreFixture();
    fixture.store.update(tx -> {
      tx.nodes().create(node("n1", "Alpha", NodeRole.NODE_ROLE_MANAGER,
          NodeMembership.NODE_MEMBERSHIP_ACCEPTED));
      tx.nodes().create(node("n2", "alpine", NodeRole.NODE_ROLE_WORKER,
          NodeMembership.NODE_MEMBERSHIP_ACCEPTED));
      tx.nodes().create(node("m3", "beta", NodeRole.NODE_ROLE_WORKER,
          NodeMembership.NODE_MEMBERSHIP_PENDING));
      tx.services().create(service("s1", "web", "net1", "sec1", "cfg1"));
      tx.services().create(service("s2", "db", "net2", "sec1", "cfg2"));
      tx.tasks().create(task("t1", "s1", 1, "n1", TaskState.TASK_STATE_RUNNING,
          TaskState.TASK_STATE_RUNNING));
      tx.tasks().create(labelled(task("t2", "s1", 2, "n2", TaskState.TASK_STATE_RUNNING,
          TaskState.TASK_STATE_PENDING), "zone", "east"));
      tx.tasks().create(labelled(attached(task("t3", "s2", 1, "n1", TaskState.TASK_STATE_SHUTDOWN,
          TaskState.TASK_STATE_FAILED), "net9"), "zone", "west"));
    });
  }

  @AfterAll
  static void close() {
    fixture.close();
  }

  private static <T> List<String> ids(Function<io.hearth.store.ReadTx, ReadTable<T>> table,
      By by) {
    return fixture.store.view(tx -> {
      ReadTable<T> t = table.apply(tx);
      return t.find(by).stream().map(o -> t.kind().id(o)).toList();
    });
  }

  @Test
  void allReturnsEveryObjectInIdOrder() {
    assertEquals(List.of("m3", "n1", "n2"), ids(tx -> tx.nodes(), all()));
  }

  @Test
  void nameAndNamePrefixIgnoreCase() {
    assertEquals(List.of("n1"), ids(tx -> tx.nodes(), byName("ALPHA")));
    assertEquals(List.of("n1", "n2"), ids(tx -> tx.nodes(), byNamePrefix("alp")));
    assertEquals(List.of(), ids(tx -> tx.nodes(), byName("alp")));
  }

  @Test
  void idPrefixMatchesTheStartOfIds() {
    assertEquals(List.of("n1", "n2"), ids(tx -> tx.nodes(), byIdPrefix("n")));
    assertEquals(List.of("t1", "t2", "t3"), ids(tx -> tx.tasks(), byIdPrefix("")));
  }

  @Test
  void taskSelectorsUseTheirIndexes() {
    assertEquals(List.of("t1", "t2"), ids(tx -> tx.tasks(), byServiceId("s1")));
    assertEquals(List.of("t1", "t3"), ids(tx -> tx.tasks(), byNodeId("n1")));
    assertEquals(List.of("t2"), ids(tx -> tx.tasks(), bySlot("s1", 2)));
    assertEquals(List.of("t3"), ids(tx -> tx.tasks(), bySlot("s2", 1)));
    assertEquals(List.of("t1", "t2"),
        ids(tx -> tx.tasks(), byDesiredState(TaskState.TASK_STATE_RUNNING)));
    assertEquals(List.of("t2"), ids(tx -> tx.tasks(), byTaskState(TaskState.TASK_STATE_PENDING)));
  }

  @Test
  void nodeSelectorsUseRoleAndMembership() {
    assertEquals(List.of("n1"), ids(tx -> tx.nodes(), byRole(NodeRole.NODE_ROLE_MANAGER)));
    assertEquals(List.of("m3"),
        ids(tx -> tx.nodes(), byMembership(NodeMembership.NODE_MEMBERSHIP_PENDING)));
  }

  @Test
  void referencedIdsCoverServicesAndTasks() {
    assertEquals(List.of("s1", "s2"), ids(tx -> tx.services(), byReferencedSecretId("sec1")));
    assertEquals(List.of("s2"), ids(tx -> tx.services(), byReferencedConfigId("cfg2")));
    assertEquals(List.of("s1"), ids(tx -> tx.services(), byReferencedNetworkId("net1")));
    assertEquals(List.of("t3"), ids(tx -> tx.tasks(), byReferencedNetworkId("net9")));
  }

  @Test
  void customSelectsByLabelKeyOrKeyAndValue() {
    assertEquals(List.of("t2", "t3"), ids(tx -> tx.tasks(), byCustom("zone")));
    assertEquals(List.of("t3"), ids(tx -> tx.tasks(), byCustom("zone", "west")));
    assertEquals(List.of(), ids(tx -> tx.tasks(), byCustom("zon")));
  }

  @Test
  void orReturnsTheUnionWithoutDuplicates() {
    assertEquals(List.of("t1", "t2", "t3"),
        ids(tx -> tx.tasks(), or(byServiceId("s1"), byNodeId("n1"))));
  }

  @Test
  void aSelectorThatDoesNotApplyToTheKindIsRejected() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ids(tx -> tx.nodes(), byServiceId("s1")));
    assertEquals(true, e.getMessage().contains("node"));
  }
}
