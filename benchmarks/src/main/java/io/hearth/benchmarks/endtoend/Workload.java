package io.hearth.benchmarks.endtoend;

import io.hearth.model.Annotations;
import io.hearth.model.ContainerSpec;
import io.hearth.model.IPAMConfig;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.NetworkSpec;
import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeDescription;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeState;
import io.hearth.model.NodeStatus;
import io.hearth.model.Platform;
import io.hearth.model.ReplicatedService;
import io.hearth.model.ResourceRequirements;
import io.hearth.model.Resources;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.TaskSpec;
import io.hearth.model.UpdateConfig;

/**
 * The objects of the benchmark: ready, active worker nodes, one overlay network with a /16,
 * and one replicated service attached to it.
 *
 * <p>Resources are sized so that the scheduler's resource filter matters: each node has room for
 * {@code 2.5 × tasks / nodes} tasks (rounded up), enough for a spread-out service plus a full
 * second template during a rolling update (old tasks hold their node until an agent stops them,
 * and this benchmark runs no agents), but not for a badly skewed placement.
 *
 * @param tasks replicas of the service
 * @param nodes worker nodes
 * @param parallelism the service's {@code update.parallelism}: slots replaced at once
 */
record Workload(int tasks, int nodes, long parallelism) {
  static final String SERVICE_ID = "svc-e2e";
  static final String NETWORK_ID = "net-e2e";
  static final String SUBNET = "10.16.0.0/16";
  static final String IMAGE_V1 = "registry.local/app:1";
  static final String IMAGE_V2 = "registry.local/app:2";
  /** A task reserves 1/10 CPU and 64 MiB. */
  static final long TASK_NANO_CPUS = 100_000_000L;
  static final long TASK_MEMORY = 64L << 20;

  Workload {
    if (tasks <= 0 || nodes <= 0 || parallelism < 0) {
      throw new IllegalArgumentException("tasks and nodes must be positive, parallelism not "
          + "negative: " + tasks + ", " + nodes + ", " + parallelism);
    }
    if (tasks * 2L + 2 > 65_533) {
      throw new IllegalArgumentException(tasks + " tasks need more than a /16 during an update");
    }
  }

  /** How many tasks one node has room for. */
  long tasksPerNode() {
    return Math.max(1, (5L * tasks + 2L * nodes - 1) / (2L * nodes));
  }

  Node node(int i) {
    String id = String.format("node-%05d", i);
    long room = tasksPerNode();
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id))
            .setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setDescription(NodeDescription.newBuilder().setHostname(id)
            .setPlatform(Platform.newBuilder().setOs("linux").setArchitecture("x86_64"))
            .setResources(Resources.newBuilder().setNanoCpus(room * TASK_NANO_CPUS)
                .setMemoryBytes(room * TASK_MEMORY)))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_READY))
        .setRole(NodeRole.NODE_ROLE_WORKER)
        .build();
  }

  Network network() {
    return Network.newBuilder().setId(NETWORK_ID)
        .setSpec(NetworkSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName("e2e"))
            .setDriver("overlay")
            .setIpam(IPAMOptions.newBuilder().addConfigs(IPAMConfig.newBuilder().setSubnet(SUBNET))))
        .build();
  }

  Service service() {
    return Service.newBuilder().setId(SERVICE_ID).setSpec(spec(IMAGE_V1)).build();
  }

  ServiceSpec spec(String image) {
    return ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName("web"))
        .setTask(TaskSpec.newBuilder()
            .setContainer(ContainerSpec.newBuilder().setImage(image))
            .setResources(ResourceRequirements.newBuilder().setReservations(
                Resources.newBuilder().setNanoCpus(TASK_NANO_CPUS).setMemoryBytes(TASK_MEMORY)))
            .addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(NETWORK_ID)))
        .setReplicated(ReplicatedService.newBuilder().setReplicas(tasks))
        .setUpdate(UpdateConfig.newBuilder().setParallelism(parallelism))
        .build();
  }
}
