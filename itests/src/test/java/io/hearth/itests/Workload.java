package io.hearth.itests;

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
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeState;
import io.hearth.model.NodeStatus;
import io.hearth.model.ReplicatedService;
import io.hearth.model.Resources;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.By;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreService;
import java.util.List;

/**
 * The objects the three-node tests put in the store: simulated worker nodes (what an agent
 * would have registered: ready, accepted, active, with resources), networks, replicated
 * services, and the reads the tests make of tasks.
 */
final class Workload {

  private Workload() {}

  static Node workerNode(String id) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id))
            .setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setDescription(NodeDescription.newBuilder().setHostname(id)
            .setResources(Resources.newBuilder().setNanoCpus(8_000_000_000L)
                .setMemoryBytes(16L << 30)))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_READY))
        .build();
  }

  /** {@code count} worker nodes {@code prefix1..prefixN}, in one transaction. */
  static void createWorkers(StoreService store, String prefix, int count) {
    store.update(tx -> {
      for (int i = 1; i <= count; i++) {
        tx.nodes().create(workerNode(prefix + i));
      }
    });
  }

  static Network network(String id, String subnet) {
    return Network.newBuilder().setId(id)
        .setSpec(NetworkSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id))
            .setIpam(IPAMOptions.newBuilder().addConfigs(IPAMConfig.newBuilder().setSubnet(subnet))))
        .build();
  }

  /** A replicated service whose tasks attach to {@code networkId} (so each needs an address, and
   * the service a virtual IP there). */
  static Service service(String id, long replicas, String networkId) {
    return Service.newBuilder().setId(id).setSpec(ServiceSpec.newBuilder()
            .setAnnotations(Annotations.newBuilder().setName(id))
            .setTask(TaskSpec.newBuilder()
                .setContainer(ContainerSpec.newBuilder().setImage("nginx:1"))
                .addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(networkId)))
            .setReplicated(ReplicatedService.newBuilder().setReplicas(replicas)))
        .build();
  }

  /** Sets the service's replicas, on the state the transaction reads (no lost update). */
  static long scale(StoreService store, String serviceId, long replicas) {
    return store.update(tx -> {
      Service s = tx.services().require(serviceId);
      tx.services().update(s.toBuilder().setSpec(s.getSpec().toBuilder()
          .setReplicated(ReplicatedService.newBuilder().setReplicas(replicas))).build());
    });
  }

  /**
   * A task already allocated and waiting for a node, of a service that is not in the store: the
   * orchestrator leaves such tasks alone and the allocator has nothing to do for them, so only
   * a scheduler moves it.
   */
  static Task waitingTask(String id, String serviceId) {
    return Task.newBuilder().setId(id).setServiceId(serviceId)
        .setSpec(TaskSpec.newBuilder().setContainer(ContainerSpec.newBuilder().setImage("busybox")))
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_PENDING)).build();
  }

  /** Whether the task is meant to run (desired state up to RUNNING): it holds its slot. */
  static boolean runnable(Task t) {
    return t.getDesiredStateValue() <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  static List<Task> runnableTasks(ReadTx tx, String serviceId) {
    return tx.tasks().find(By.byServiceId(serviceId)).stream().filter(Workload::runnable).toList();
  }
}
