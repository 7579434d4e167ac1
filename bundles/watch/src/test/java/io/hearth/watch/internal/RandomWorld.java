package io.hearth.watch.internal;

import io.hearth.model.Annotations;
import io.hearth.model.Cluster;
import io.hearth.model.ClusterSpec;
import io.hearth.model.Config;
import io.hearth.model.ConfigSpec;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.Network;
import io.hearth.model.NetworkSpec;
import io.hearth.model.Node;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.Secret;
import io.hearth.model.SecretSpec;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Random objects, events and watch requests drawn from small pools of values, so that random
 * selectors match random objects often.
 */
final class RandomWorld {
  private static final String[] IDS = {"a1", "a2", "b1", "b2", "c1"};
  private static final String[] NAMES = {"web", "Web-1", "api", "db", ""};
  private static final String[] SERVICES = {"s1", "s2"};
  private static final String[] NODES = {"n1", "n2"};
  private static final String[] REFS = {"r1", "r2"};
  private static final String[] LABEL_KEYS = {"zone", "tier"};
  private static final String[] LABEL_VALUES = {"east", "west"};
  private static final TaskState[] STATES = {TaskState.TASK_STATE_NEW,
      TaskState.TASK_STATE_ASSIGNED, TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_FAILED};

  private final SplittableRandom random;

  RandomWorld(SplittableRandom random) {
    this.random = random;
  }

  private <T> T pick(T[] values) {
    return values[random.nextInt(values.length)];
  }

  private Annotations annotations() {
    Annotations.Builder a = Annotations.newBuilder().setName(pick(NAMES));
    if (random.nextInt(3) == 0) {
      a.putLabels(pick(LABEL_KEYS), pick(LABEL_VALUES));
    }
    return a.build();
  }

  Object object(ObjectKind<?> kind) {
    String id = pick(IDS);
    if (kind == ObjectKind.CLUSTER) {
      return Cluster.newBuilder().setId(id)
          .setSpec(ClusterSpec.newBuilder().setAnnotations(annotations())).build();
    } else if (kind == ObjectKind.NODE) {
      return Node.newBuilder().setId(id).setRole(pick(
              new NodeRole[] {NodeRole.NODE_ROLE_WORKER, NodeRole.NODE_ROLE_MANAGER}))
          .setSpec(NodeSpec.newBuilder().setAnnotations(annotations()).setMembership(pick(
              new NodeMembership[] {NodeMembership.NODE_MEMBERSHIP_PENDING,
                  NodeMembership.NODE_MEMBERSHIP_ACCEPTED}))).build();
    } else if (kind == ObjectKind.SERVICE) {
      return Service.newBuilder().setId(id)
          .setSpec(ServiceSpec.newBuilder().setAnnotations(annotations())
              .setTask(TestObjects.taskSpec(maybe(REFS), maybe(REFS), maybe(REFS)))).build();
    } else if (kind == ObjectKind.TASK) {
      Task.Builder t = Task.newBuilder().setId(id).setServiceId(pick(SERVICES))
          .setSlot(random.nextInt(3)).setNodeId(pick(NODES)).setAnnotations(annotations())
          .setDesiredState(pick(STATES))
          .setStatus(TaskStatus.newBuilder().setState(pick(STATES)))
          .setSpec(TestObjects.taskSpec(maybe(REFS), maybe(REFS), maybe(REFS)));
      if (random.nextInt(4) == 0) {
        t.addNetworks(NetworkAttachment.newBuilder().setNetworkId(pick(REFS)));
      }
      return t.build();
    } else if (kind == ObjectKind.NETWORK) {
      return Network.newBuilder().setId(id)
          .setSpec(NetworkSpec.newBuilder().setAnnotations(annotations())).build();
    } else if (kind == ObjectKind.SECRET) {
      return Secret.newBuilder().setId(id)
          .setSpec(SecretSpec.newBuilder().setAnnotations(annotations())).build();
    }
    return Config.newBuilder().setId(id)
        .setSpec(ConfigSpec.newBuilder().setAnnotations(annotations())).build();
  }

  private String maybe(String[] values) {
    return random.nextBoolean() ? pick(values) : null;
  }

  /** A random event; updates and removes carry an old object of the same kind. */
  StoreEvent event() {
    ObjectKind<?> kind = ObjectKind.all().get(random.nextInt(ObjectKind.all().size()));
    Object object = object(kind);
    return switch (random.nextInt(3)) {
      case 0 -> new StoreEvent(kind, StoreEvent.Action.CREATE, object, null);
      case 1 -> new StoreEvent(kind, StoreEvent.Action.UPDATE, object, object(kind));
      default -> new StoreEvent(kind, StoreEvent.Action.REMOVE, object, object);
    };
  }

  StoreEvent[] events() {
    StoreEvent[] events = new StoreEvent[1 + (random.nextInt(3) == 0 ? random.nextInt(4) : 0)];
    for (int i = 0; i < events.length; i++) {
      events[i] = event();
    }
    return events;
  }

  /** A valid random request without resume_from. */
  WatchRequest request() {
    WatchRequest.Builder r = WatchRequest.newBuilder().setIncludeOldObject(random.nextBoolean());
    int entries = 1 + random.nextInt(3);
    for (int i = 0; i < entries; i++) {
      int kindNumber = random.nextInt(8) == 0 ? 0 : 1 + random.nextInt(7);
      ObjectKind<?> kind = kindNumber == 0 ? null : ObjectKind.all().get(kindNumber - 1);
      WatchEntry.Builder e = WatchEntry.newBuilder().setKind(WatchKind.forNumber(kindNumber))
          .setActions(random.nextInt(8));
      int selectors = random.nextInt(3);
      for (int j = 0; j < selectors; j++) {
        e.addSelectors(selector(kind));
      }
      r.addEntries(e);
    }
    return r.build();
  }

  private WatchSelector selector(ObjectKind<?> kind) {
    List<Integer> choices = new ArrayList<>(List.of(0, 1, 2, 3, 4));
    if (kind == ObjectKind.TASK) {
      choices.addAll(List.of(5, 6, 7, 8, 9, 10, 13, 14, 15));
    } else if (kind == ObjectKind.NODE) {
      choices.addAll(List.of(11, 12));
    } else if (kind == ObjectKind.SERVICE) {
      choices.addAll(List.of(13, 14, 15));
    }
    WatchSelector.Builder s = WatchSelector.newBuilder();
    switch (choices.get(random.nextInt(choices.size()))) {
      case 0 -> s.setId(pick(IDS));
      case 1 -> s.setIdPrefix(pick(IDS).substring(0, random.nextInt(3)));
      case 2 -> s.setName(pick(new String[] {"web", "WEB-1", "api", "db"}));
      case 3 -> s.setNamePrefix(pick(new String[] {"w", "WE", "", "a"}));
      case 4 -> {
        WatchSelector.Label.Builder l = WatchSelector.Label.newBuilder().setKey(pick(LABEL_KEYS));
        if (random.nextBoolean()) {
          l.setValue(pick(LABEL_VALUES));
        }
        s.setLabel(l);
      }
      case 5 -> s.setServiceId(pick(SERVICES));
      case 6 -> s.setNodeId(pick(NODES));
      case 7 -> s.setSlot(WatchSelector.Slot.newBuilder().setServiceId(pick(SERVICES))
          .setSlot(random.nextInt(3)));
      case 8 -> s.setDesiredState(pick(STATES));
      case 9 -> s.setObservedState(pick(STATES));
      case 10 -> s.setObservedStateGreaterThan(pick(STATES));
      case 11 -> s.setRole(random.nextBoolean() ? NodeRole.NODE_ROLE_MANAGER
          : NodeRole.NODE_ROLE_WORKER);
      case 12 -> s.setMembership(random.nextBoolean() ? NodeMembership.NODE_MEMBERSHIP_ACCEPTED
          : NodeMembership.NODE_MEMBERSHIP_PENDING);
      case 13 -> s.setReferencedNetworkId(pick(REFS));
      case 14 -> s.setReferencedSecretId(pick(REFS));
      default -> s.setReferencedConfigId(pick(REFS));
    }
    return s.build();
  }
}
