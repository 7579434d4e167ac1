package io.hearth.watch.internal;

import static io.hearth.store.StoreEventListener.ACTIONS;
import static io.hearth.store.StoreEventListener.DESIRED_STATE;
import static io.hearth.store.StoreEventListener.ID;
import static io.hearth.store.StoreEventListener.ID_PREFIX;
import static io.hearth.store.StoreEventListener.INCLUDE_OLD_OBJECT;
import static io.hearth.store.StoreEventListener.KIND;
import static io.hearth.store.StoreEventListener.LABEL;
import static io.hearth.store.StoreEventListener.MEMBERSHIP;
import static io.hearth.store.StoreEventListener.NAME;
import static io.hearth.store.StoreEventListener.NAME_PREFIX;
import static io.hearth.store.StoreEventListener.NODE_ID;
import static io.hearth.store.StoreEventListener.OBSERVED_STATE;
import static io.hearth.store.StoreEventListener.OBSERVED_STATE_GREATER_THAN;
import static io.hearth.store.StoreEventListener.REFERENCED_CONFIG_ID;
import static io.hearth.store.StoreEventListener.REFERENCED_NETWORK_ID;
import static io.hearth.store.StoreEventListener.REFERENCED_SECRET_ID;
import static io.hearth.store.StoreEventListener.REQUEST;
import static io.hearth.store.StoreEventListener.ROLE;
import static io.hearth.store.StoreEventListener.SERVICE_ID;
import static io.hearth.store.StoreEventListener.SLOT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.TaskState;
import io.hearth.model.WatchRequest;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent.Action;
import io.hearth.store.WatchRequests;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Whiteboard service properties to watch requests. */
class ListenerRequestsTest {

  @Test
  void everySelectorProperty() {
    Map<String, Object> p = new HashMap<>();
    p.put(KIND, "Task");
    p.put(ACTIONS, new String[] {"create", "UPDATE"});
    p.put(ID, "t1");
    p.put(ID_PREFIX, "t");
    p.put(NAME, "web.1");
    p.put(NAME_PREFIX, "web");
    p.put(LABEL, new String[] {"zone=east", "gpu"});
    p.put(SERVICE_ID, "s1");
    p.put(SLOT, 3L);
    p.put(NODE_ID, "n1");
    p.put(DESIRED_STATE, "running");
    p.put(OBSERVED_STATE, "TASK_STATE_STARTING");
    p.put(OBSERVED_STATE_GREATER_THAN, "assigned");
    p.put(REFERENCED_NETWORK_ID, "w1");
    p.put(REFERENCED_SECRET_ID, "x1");
    p.put(REFERENCED_CONFIG_ID, "g1");
    p.put(INCLUDE_OLD_OBJECT, Boolean.TRUE);

    WatchRequest expected = WatchRequests.on(ObjectKind.TASK, Action.CREATE, Action.UPDATE)
        .id("t1").idPrefix("t").name("web.1").namePrefix("web")
        .label("zone", "east").label("gpu")
        .serviceId("s1").slot("s1", 3).nodeId("n1")
        .desiredState(TaskState.TASK_STATE_RUNNING)
        .observedState(TaskState.TASK_STATE_STARTING)
        .observedStateGreaterThan(TaskState.TASK_STATE_ASSIGNED)
        .referencedNetworkId("w1").referencedSecretId("x1").referencedConfigId("g1")
        .includeOldObject()
        .build();
    assertEquals(expected, ListenerRequests.parse(p));
    Requests.compile(ListenerRequests.parse(p)); // and it is a valid request
  }

  @Test
  void nodeProperties() {
    WatchRequest r = ListenerRequests.parse(Map.of(KIND, "node", ROLE, "manager",
        MEMBERSHIP, "NODE_MEMBERSHIP_ACCEPTED"));
    assertEquals(WatchRequests.on(ObjectKind.NODE).role(NodeRole.NODE_ROLE_MANAGER)
        .membership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED).build(), r);
  }

  @Test
  void severalKindsAreOneEntryEachAndNoneIsEveryKind() {
    WatchRequest r = ListenerRequests.parse(Map.of(KIND, List.of("service", "task"),
        ID_PREFIX, "x"));
    assertEquals(WatchRequests.on(ObjectKind.SERVICE).idPrefix("x")
        .or(ObjectKind.TASK).idPrefix("x").build(), r);
    assertEquals(WatchRequests.everything(), ListenerRequests.parse(Map.of()));
    assertEquals(WatchRequests.onAnyKind(Action.REMOVE).build(),
        ListenerRequests.parse(Map.of(ACTIONS, "remove", "service.ranking", 3)));
  }

  @Test
  void aWholeRequestInBase64() {
    WatchRequest request = WatchRequests.on(ObjectKind.TASK).serviceId("s")
        .or(ObjectKind.SERVICE).id("s").resumeFrom(7).build();
    String encoded = Base64.getEncoder().encodeToString(request.toByteArray());
    assertEquals(request.toBuilder().clearResumeFrom().build(),
        ListenerRequests.parse(Map.of(REQUEST, encoded)), "resume_from comes from the listener");
    refused(Map.of(REQUEST, encoded, KIND, "task"), "excludes");
    refused(Map.of(REQUEST, "not base64!"), "");
  }

  @Test
  void badValuesAreRefusedWithTheirName() {
    refused(Map.of(KIND, "tasks"), "unknown kind 'tasks'");
    refused(Map.of(ACTIONS, "delete"), "unknown value 'delete'");
    refused(Map.of(KIND, "task", DESIRED_STATE, "up"), "hearth.watch.desired.state");
    refused(Map.of(KIND, "task", SLOT, 2L), "needs hearth.watch.service.id");
    refused(Map.of(KIND, "task", SERVICE_ID, "s", SLOT, "two"), "not a number");
    refused(Map.of(KIND, "task", SERVICE_ID, 5), "must be a String");
    refused(Map.of(INCLUDE_OLD_OBJECT, "yes"), "hearth.watch.include.old.object");
  }

  private static void refused(Map<String, ?> properties, String why) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> ListenerRequests.parse(properties));
    assertTrue(e.getMessage().contains(why), e.getMessage());
  }
}
