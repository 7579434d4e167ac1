package io.hearth.store.internal;

import io.hearth.model.Annotations;
import io.hearth.model.ConfigReference;
import io.hearth.model.ContainerSpec;
import io.hearth.model.Meta;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Node;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.SecretReference;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.model.Version;

/** Small builders for test objects. */
final class TestObjects {
  private TestObjects() {
  }

  static Node node(String id, String name) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(name)))
        .build();
  }

  static Node node(String id, String name, NodeRole role, NodeMembership membership) {
    Node n = node(id, name);
    return n.toBuilder().setRole(role)
        .setSpec(n.getSpec().toBuilder().setMembership(membership)).build();
  }

  static Service service(String id, String name) {
    return Service.newBuilder().setId(id)
        .setSpec(ServiceSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(name)))
        .build();
  }

  static Service service(String id, String name, String network, String secret, String config) {
    Service s = service(id, name);
    TaskSpec task = TaskSpec.newBuilder()
        .addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(network))
        .setContainer(ContainerSpec.newBuilder()
            .addSecrets(SecretReference.newBuilder().setSecretId(secret))
            .addConfigs(ConfigReference.newBuilder().setConfigId(config)))
        .build();
    return s.toBuilder().setSpec(s.getSpec().toBuilder().setTask(task)).build();
  }

  static Task task(String id, String serviceId, long slot, String nodeId) {
    return Task.newBuilder().setId(id).setServiceId(serviceId).setSlot(slot).setNodeId(nodeId)
        .setAnnotations(Annotations.newBuilder().setName(serviceId + "." + slot))
        .build();
  }

  static Task task(String id, String serviceId, long slot, String nodeId, TaskState desired,
      TaskState observed) {
    return task(id, serviceId, slot, nodeId).toBuilder().setDesiredState(desired)
        .setStatus(TaskStatus.newBuilder().setState(observed)).build();
  }

  static Task attached(Task task, String network) {
    return task.toBuilder()
        .addNetworks(NetworkAttachment.newBuilder().setNetworkId(network).addAddresses("10.0.0.2/24"))
        .build();
  }

  static Task labelled(Task task, String key, String value) {
    return task.toBuilder()
        .setAnnotations(task.getAnnotations().toBuilder().putLabels(key, value)).build();
  }

  static Meta forgedMeta(long version) {
    return Meta.newBuilder().setVersion(Version.newBuilder().setIndex(version)).build();
  }
}
