package io.hearth.watch.internal;

import static io.hearth.watch.internal.TestObjects.attached;
import static io.hearth.watch.internal.TestObjects.cluster;
import static io.hearth.watch.internal.TestObjects.config;
import static io.hearth.watch.internal.TestObjects.created;
import static io.hearth.watch.internal.TestObjects.labelled;
import static io.hearth.watch.internal.TestObjects.network;
import static io.hearth.watch.internal.TestObjects.node;
import static io.hearth.watch.internal.TestObjects.removed;
import static io.hearth.watch.internal.TestObjects.secret;
import static io.hearth.watch.internal.TestObjects.service;
import static io.hearth.watch.internal.TestObjects.task;
import static io.hearth.watch.internal.TestObjects.taskSpec;
import static io.hearth.watch.internal.TestObjects.updated;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreEvent.Action;
import io.hearth.store.WatchRequests;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each selector of a watch entry, matching and not matching, and what a request refuses. */
class SelectorMatchingTest {

  private static final Task T1 = task("t1", "svc-a", 3, "node-1",
      TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_STARTING);

  private static boolean matches(WatchRequests.Builder request, Object object) {
    return matches(request, created(object));
  }

  private static boolean matches(WatchRequests.Builder request, StoreEvent event) {
    for (EntryMatcher m : Requests.compile(request.build())) {
      if (m.matches(event)) {
        return true;
      }
    }
    return false;
  }

  private static WatchRequests.Builder tasks() {
    return WatchRequests.on(ObjectKind.TASK);
  }

  @Test
  void kindAndActions() {
    assertTrue(matches(tasks(), T1));
    assertFalse(matches(WatchRequests.on(ObjectKind.NODE), T1));
    assertTrue(matches(WatchRequests.onAnyKind(), T1));
    assertTrue(matches(WatchRequests.onAnyKind(), node("n1", "a")));

    WatchRequests.Builder updates = WatchRequests.on(ObjectKind.TASK, Action.UPDATE);
    assertFalse(matches(updates, created(T1)));
    assertTrue(matches(updates, updated(T1, T1)));
    assertFalse(matches(updates, removed(T1)));
    WatchRequests.Builder createOrRemove =
        WatchRequests.on(ObjectKind.TASK, Action.CREATE, Action.REMOVE);
    assertTrue(matches(createOrRemove, created(T1)));
    assertFalse(matches(createOrRemove, updated(T1, T1)));
    assertTrue(matches(createOrRemove, removed(T1)));
  }

  @Test
  void idAndIdPrefix() {
    assertTrue(matches(tasks().id("t1"), T1));
    assertFalse(matches(tasks().id("t"), T1));
    assertTrue(matches(tasks().idPrefix("t"), T1));
    assertTrue(matches(tasks().idPrefix(""), T1));
    assertFalse(matches(tasks().idPrefix("t2"), T1));
    assertTrue(matches(WatchRequests.onAnyKind().id("c1"), cluster("c1", "x")));
  }

  @Test
  void nameAndNamePrefixIgnoreCase() {
    Service web = service("s1", "Web-Frontend");
    WatchRequests.Builder services = WatchRequests.on(ObjectKind.SERVICE);
    assertTrue(matches(services.name("web-frontend"), web));
    assertTrue(matches(WatchRequests.on(ObjectKind.SERVICE).name("WEB-FRONTEND"), web));
    assertFalse(matches(WatchRequests.on(ObjectKind.SERVICE).name("web"), web));
    assertTrue(matches(WatchRequests.on(ObjectKind.SERVICE).namePrefix("wEb-"), web));
    assertFalse(matches(WatchRequests.on(ObjectKind.SERVICE).namePrefix("front"), web));
    // As in the store's name index, an object without a name has no name to match.
    assertFalse(matches(WatchRequests.on(ObjectKind.SERVICE).namePrefix(""), service("s2", "")));
    // Every kind has a name: tasks (their own annotations), nodes, networks, secrets, configs.
    assertTrue(matches(tasks().name("svc-a.3"), T1));
    assertTrue(matches(WatchRequests.on(ObjectKind.NODE).name("n"), node("n1", "N")));
    assertTrue(matches(WatchRequests.on(ObjectKind.NETWORK).name("ingress"),
        network("w1", "ingress")));
    assertTrue(matches(WatchRequests.on(ObjectKind.SECRET).namePrefix("db"),
        secret("x1", "db-password")));
    assertTrue(matches(WatchRequests.on(ObjectKind.CONFIG).name("nginx.conf"),
        config("g1", "nginx.conf")));
  }

  @Test
  void labelKeyOrKeyAndValue() {
    Task labelled = labelled(T1, "zone", "east");
    assertTrue(matches(tasks().label("zone"), labelled));
    assertTrue(matches(tasks().label("zone", "east"), labelled));
    assertFalse(matches(tasks().label("zone", "west"), labelled));
    assertFalse(matches(tasks().label("rack"), labelled));
    assertFalse(matches(tasks().label("zone"), T1));
    assertTrue(matches(tasks().where(By.byCustom("zone", "east")), labelled));
  }

  @Test
  void taskFields() {
    assertTrue(matches(tasks().serviceId("svc-a"), T1));
    assertFalse(matches(tasks().serviceId("svc-b"), T1));
    assertTrue(matches(tasks().nodeId("node-1"), T1));
    assertFalse(matches(tasks().nodeId("node-2"), T1));
    assertTrue(matches(tasks().slot("svc-a", 3), T1));
    assertFalse(matches(tasks().slot("svc-a", 4), T1));
    assertFalse(matches(tasks().slot("svc-b", 3), T1));
    assertTrue(matches(tasks().desiredState(TaskState.TASK_STATE_RUNNING), T1));
    assertFalse(matches(tasks().desiredState(TaskState.TASK_STATE_SHUTDOWN), T1));
    assertTrue(matches(tasks().observedState(TaskState.TASK_STATE_STARTING), T1));
    assertFalse(matches(tasks().observedState(TaskState.TASK_STATE_RUNNING), T1));
  }

  @Test
  void observedStateGreaterThanFollowsTheLifecycle() {
    WatchRequests.Builder pastRunning =
        tasks().observedStateGreaterThan(TaskState.TASK_STATE_RUNNING);
    for (TaskState state : TaskState.values()) {
      if (state == TaskState.UNRECOGNIZED) {
        continue;
      }
      Task t = T1.toBuilder().setStatus(T1.getStatus().toBuilder().setState(state)).build();
      assertEquals(state.getNumber() > TaskState.TASK_STATE_RUNNING.getNumber(),
          matches(tasks().observedStateGreaterThan(TaskState.TASK_STATE_RUNNING), t),
          state.name());
    }
    assertFalse(matches(pastRunning, T1));
  }

  @Test
  void nodeRoleAndMembership() {
    var manager = node("n1", "a", NodeRole.NODE_ROLE_MANAGER, NodeMembership.NODE_MEMBERSHIP_ACCEPTED);
    WatchRequests.Builder nodes = WatchRequests.on(ObjectKind.NODE);
    assertTrue(matches(nodes.role(NodeRole.NODE_ROLE_MANAGER), manager));
    assertFalse(matches(WatchRequests.on(ObjectKind.NODE).role(NodeRole.NODE_ROLE_WORKER),
        manager));
    assertTrue(matches(WatchRequests.on(ObjectKind.NODE)
        .membership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED), manager));
    assertFalse(matches(WatchRequests.on(ObjectKind.NODE)
        .membership(NodeMembership.NODE_MEMBERSHIP_PENDING), manager));
  }

  @Test
  void referencedNetworkSecretConfigOnServicesAndTasks() {
    Service svc = service("s1", "web", "net-1", "sec-1", "cfg-1");
    Service alsoOwnNetworks = service("s2", "api").toBuilder().setSpec(
        service("s2", "api").getSpec().toBuilder().addNetworks(
            io.hearth.model.NetworkAttachmentConfig.newBuilder().setTarget("net-2"))).build();
    Task fromSpec = T1.toBuilder().setSpec(taskSpec("net-1", "sec-1", "cfg-1")).build();
    Task fromAttachment = attached(T1, "net-3");
    for (ObjectKind<?> kind : List.of(ObjectKind.SERVICE, ObjectKind.TASK)) {
      Object object = kind == ObjectKind.SERVICE ? svc : fromSpec;
      assertTrue(matches(WatchRequests.on(kind).referencedNetworkId("net-1"), object));
      assertFalse(matches(WatchRequests.on(kind).referencedNetworkId("net-9"), object));
      assertTrue(matches(WatchRequests.on(kind).referencedSecretId("sec-1"), object));
      assertFalse(matches(WatchRequests.on(kind).referencedSecretId("sec-9"), object));
      assertTrue(matches(WatchRequests.on(kind).referencedConfigId("cfg-1"), object));
      assertFalse(matches(WatchRequests.on(kind).referencedConfigId("cfg-9"), object));
    }
    assertTrue(matches(WatchRequests.on(ObjectKind.SERVICE).referencedNetworkId("net-2"),
        alsoOwnNetworks));
    assertTrue(matches(tasks().referencedNetworkId("net-3"), fromAttachment));
  }

  @Test
  void selectorsOfAnEntryAllHoldEntriesAnyOne() {
    assertTrue(matches(tasks().serviceId("svc-a").nodeId("node-1"), T1));
    assertFalse(matches(tasks().serviceId("svc-a").nodeId("node-2"), T1));
    assertTrue(matches(tasks().serviceId("svc-b").or(ObjectKind.TASK).nodeId("node-1"), T1));
    assertFalse(matches(tasks().serviceId("svc-b").or(ObjectKind.NODE), T1));
  }

  @Test
  void theRemovedObjectIsWhatARemoveMatches() {
    assertTrue(matches(tasks().serviceId("svc-a"), removed(T1)));
    Task moved = T1.toBuilder().setNodeId("node-2").build();
    // An update matches on the object after the change.
    assertTrue(matches(tasks().nodeId("node-2"), updated(T1, moved)));
    assertFalse(matches(tasks().nodeId("node-1"), updated(T1, moved)));
  }

  @Test
  void selectorsAKindDoesNotHaveAreRefused() {
    assertRefused(WatchRequests.on(ObjectKind.NODE).serviceId("s"), "does not apply to node");
    assertRefused(WatchRequests.on(ObjectKind.SERVICE).nodeId("n"), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.SERVICE).slot("s", 1), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.NODE)
        .desiredState(TaskState.TASK_STATE_RUNNING), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.NODE)
        .observedStateGreaterThan(TaskState.TASK_STATE_RUNNING), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.TASK).role(NodeRole.NODE_ROLE_MANAGER),
        "does not apply to task");
    assertRefused(WatchRequests.on(ObjectKind.TASK)
        .membership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.NODE).referencedNetworkId("w"), "does not apply");
    assertRefused(WatchRequests.on(ObjectKind.SECRET).referencedSecretId("x"), "does not apply");
    assertRefused(WatchRequests.onAnyKind().serviceId("s"), "every kind");
    assertRefused(WatchRequests.on(ObjectKind.TASK).id(""), "id is empty");
    assertRefused(WatchRequests.on(ObjectKind.TASK).label(""), "label key is empty");
  }

  @Test
  void malformedRequestsAreRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> Requests.compile(WatchRequest.getDefaultInstance()));
    WatchEntry unknownKind = WatchEntry.newBuilder().setKindValue(42).build();
    assertThrows(IllegalArgumentException.class,
        () -> Requests.compile(WatchRequest.newBuilder().addEntries(unknownKind).build()));
    WatchEntry unknownAction = WatchEntry.newBuilder().setKind(WatchKind.WATCH_KIND_TASK)
        .setActions(8).build();
    assertThrows(IllegalArgumentException.class,
        () -> Requests.compile(WatchRequest.newBuilder().addEntries(unknownAction).build()));
    WatchEntry emptySelector = WatchEntry.newBuilder().setKind(WatchKind.WATCH_KIND_TASK)
        .addSelectors(WatchSelector.getDefaultInstance()).build();
    assertThrows(IllegalArgumentException.class,
        () -> Requests.compile(WatchRequest.newBuilder().addEntries(emptySelector).build()));
  }

  @Test
  void exactKeysIndexTheEntry() {
    EntryMatcher byId = Requests.compile(tasks().nodeId("n").serviceId("s").id("t").build())[0];
    assertEquals(EntryMatcher.Key.ID, byId.key);
    assertEquals("t", byId.keyValue);
    EntryMatcher byService = Requests.compile(tasks().nodeId("n").serviceId("s").build())[0];
    assertEquals(EntryMatcher.Key.SERVICE_ID, byService.key);
    EntryMatcher scan = Requests.compile(tasks().idPrefix("t").build())[0];
    assertEquals(EntryMatcher.Key.NONE, scan.key);
  }

  @Test
  void bySelectorsTranslate() {
    assertEquals(WatchSelector.newBuilder().setServiceId("s").build(),
        WatchRequests.selector(By.byServiceId("s")));
    assertEquals(WatchSelector.newBuilder().setObservedState(TaskState.TASK_STATE_FAILED).build(),
        WatchRequests.selector(By.byTaskState(TaskState.TASK_STATE_FAILED)));
    assertThrows(IllegalArgumentException.class,
        () -> WatchRequests.selector(By.or(By.byServiceId("a"), By.byServiceId("b"))));
    assertEquals(WatchKind.WATCH_KIND_CONFIG, WatchRequests.kind(ObjectKind.CONFIG));
    for (ObjectKind<?> kind : ObjectKind.all()) {
      assertEquals(kind, WatchRequests.kind(WatchRequests.kind(kind)));
    }
  }

  private static void assertRefused(WatchRequests.Builder request, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> Requests.compile(request.build()));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
