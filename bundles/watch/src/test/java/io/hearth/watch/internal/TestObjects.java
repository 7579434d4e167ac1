package io.hearth.watch.internal;

import io.hearth.model.Annotations;
import io.hearth.model.Cluster;
import io.hearth.model.ClusterSpec;
import io.hearth.model.Config;
import io.hearth.model.ConfigReference;
import io.hearth.model.ConfigSpec;
import io.hearth.model.ContainerSpec;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Network;
import io.hearth.model.NetworkSpec;
import io.hearth.model.Node;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.Secret;
import io.hearth.model.SecretReference;
import io.hearth.model.SecretSpec;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.Map;

/** Builders of test objects and events. */
final class TestObjects {
  private TestObjects() {
  }

  static Annotations annotations(String name, Map<String, String> labels) {
    return Annotations.newBuilder().setName(name).putAllLabels(labels).build();
  }

  static Node node(String id, String name) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  static Node node(String id, String name, NodeRole role, NodeMembership membership) {
    Node n = node(id, name);
    return n.toBuilder().setRole(role)
        .setSpec(n.getSpec().toBuilder().setMembership(membership)).build();
  }

  static Service service(String id, String name) {
    return Service.newBuilder().setId(id)
        .setSpec(ServiceSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  /** A service whose task spec uses {@code network}, {@code secret} and {@code config}. */
  static Service service(String id, String name, String network, String secret,
      String config) {
    Service s = service(id, name);
    return s.toBuilder().setSpec(s.getSpec().toBuilder()
        .setTask(taskSpec(network, secret, config))).build();
  }

  static TaskSpec taskSpec(String network, String secret, String config) {
    TaskSpec.Builder spec = TaskSpec.newBuilder();
    ContainerSpec.Builder container = ContainerSpec.newBuilder();
    if (network != null) {
      spec.addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(network));
    }
    if (secret != null) {
      container.addSecrets(SecretReference.newBuilder().setSecretId(secret));
    }
    if (config != null) {
      container.addConfigs(ConfigReference.newBuilder().setConfigId(config));
    }
    return spec.setContainer(container).build();
  }

  static Task task(String id, String serviceId, long slot, String nodeId) {
    return Task.newBuilder().setId(id).setServiceId(serviceId).setSlot(slot).setNodeId(nodeId)
        .setAnnotations(annotations(serviceId + "." + slot, Map.of())).build();
  }

  static Task task(String id, String serviceId, long slot, String nodeId, TaskState desired,
      TaskState observed) {
    return task(id, serviceId, slot, nodeId).toBuilder().setDesiredState(desired)
        .setStatus(TaskStatus.newBuilder().setState(observed)).build();
  }

  static Task attached(Task task, String network) {
    return task.toBuilder().addNetworks(NetworkAttachment.newBuilder().setNetworkId(network))
        .build();
  }

  static Task labelled(Task task, String key, String value) {
    return task.toBuilder()
        .setAnnotations(task.getAnnotations().toBuilder().putLabels(key, value)).build();
  }

  static Cluster cluster(String id, String name) {
    return Cluster.newBuilder().setId(id)
        .setSpec(ClusterSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  static Network network(String id, String name) {
    return Network.newBuilder().setId(id)
        .setSpec(NetworkSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  static Secret secret(String id, String name) {
    return Secret.newBuilder().setId(id)
        .setSpec(SecretSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  static Config config(String id, String name) {
    return Config.newBuilder().setId(id)
        .setSpec(ConfigSpec.newBuilder().setAnnotations(annotations(name, Map.of()))).build();
  }

  static <T> StoreEvent created(T object) {
    return new StoreEvent(ObjectKind.of(object), StoreEvent.Action.CREATE, object, null);
  }

  static <T> StoreEvent updated(T before, T after) {
    return new StoreEvent(ObjectKind.of(after), StoreEvent.Action.UPDATE, after, before);
  }

  static <T> StoreEvent removed(T object) {
    return new StoreEvent(ObjectKind.of(object), StoreEvent.Action.REMOVE, object, object);
  }
}
