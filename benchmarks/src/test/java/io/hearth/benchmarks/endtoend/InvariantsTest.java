package io.hearth.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Endpoint;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The benchmark's final check finds each kind of wrong outcome, so it cannot pass a bad run. */
class InvariantsTest {
  /** 4 tasks on 2 nodes: room for 5 tasks per node. */
  private final Workload workload = new Workload(4, 2, 4);
  private HearthStore store;

  @BeforeEach
  void createNodesNetworkAndService() {
    store = new HearthStore(new InProcessLog("invariants"), StoreLimits.DEFAULTS,
        Clock.systemUTC());
    store.update(tx -> {
      tx.nodes().create(workload.node(1));
      tx.nodes().create(workload.node(2));
      tx.networks().create(workload.network());
      tx.services().create(workload.service().toBuilder().setEndpoint(Endpoint.newBuilder()
          .addVirtualIps(Endpoint.VirtualIP.newBuilder().setNetworkId(Workload.NETWORK_ID)
              .setAddr("10.16.0.2/16"))).build());
    });
  }

  @AfterEach
  void closeStore() {
    store.close();
  }

  @Test
  void oneAssignedTaskPerSlotWithDistinctAddressesPasses() {
    create(task("t1", 1, "node-00001", "10.16.0.3/16"), task("t2", 2, "node-00001", "10.16.0.4/16"),
        task("t3", 3, "node-00002", "10.16.0.5/16"), task("t4", 4, "node-00002", "10.16.0.6/16"));

    assertEquals(List.of(), problems());
  }

  @Test
  void twoRunnableTasksInOneSlotAreReported() {
    create(task("t1", 1, "node-00001", "10.16.0.3/16"), task("t2", 2, "node-00001", "10.16.0.4/16"),
        task("t3", 3, "node-00002", "10.16.0.5/16"), task("t4", 3, "node-00002", "10.16.0.6/16"));

    assertTrue(problems().contains("slot 3 has two tasks meant to run"), problems().toString());
  }

  @Test
  void anAddressHeldTwiceIsReported() {
    create(task("t1", 1, "node-00001", "10.16.0.3/16"), task("t2", 2, "node-00001", "10.16.0.4/16"),
        task("t3", 3, "node-00002", "10.16.0.5/16"), task("t4", 4, "node-00002", "10.16.0.2/16"));

    assertTrue(problems().contains("task t4 holds 10.16.0.2/16, which another holder has too"),
        problems().toString());
  }

  @Test
  void aNodeOverItsResourcesIsReportedCountingShutDownTasksStillOnIt() {
    Task[] tasks = new Task[6];
    for (int i = 0; i < 4; i++) {
      tasks[i] = task("t" + (i + 1), i + 1, "node-00001", "10.16.0." + (i + 3) + "/16");
    }
    // Old tasks told to shut down but not yet stopped by an agent still hold their node.
    for (int i = 4; i < 6; i++) {
      tasks[i] = task("old" + i, i - 3, "node-00001", "10.16.0." + (i + 3) + "/16").toBuilder()
          .setDesiredState(TaskState.TASK_STATE_SHUTDOWN).build();
    }
    create(tasks);

    assertTrue(problems().stream().anyMatch(p -> p.startsWith("node node-00001 over its resources")),
        problems().toString());
  }

  @Test
  void missingPendingAndOldImageTasksAreReported() {
    create(task("t1", 1, "node-00001", "10.16.0.3/16"),
        task("t2", 2, "", "10.16.0.4/16").toBuilder().setStatus(
            TaskStatus.newBuilder().setState(TaskState.TASK_STATE_PENDING)).build(),
        task("t3", 3, "node-00002", "10.16.0.5/16").toBuilder().setSpec(
            workload.spec(Workload.IMAGE_V2).getTask()).build());

    List<String> problems = problems();
    assertTrue(problems.contains("3 tasks meant to run, not 4"), problems.toString());
    assertTrue(problems.contains("task t2 is TASK_STATE_PENDING"), problems.toString());
    assertTrue(problems.contains("task t3 runs " + Workload.IMAGE_V2), problems.toString());
  }

  private List<String> problems() {
    return store.view(tx -> Invariants.check(tx, workload, Workload.IMAGE_V1));
  }

  private void create(Task... tasks) {
    store.update(tx -> {
      for (Task task : tasks) {
        tx.tasks().create(task);
      }
    });
  }

  private Task task(String id, long slot, String nodeId, String address) {
    return Task.newBuilder().setId(id).setServiceId(Workload.SERVICE_ID).setSlot(slot)
        .setNodeId(nodeId).setSpec(workload.spec(Workload.IMAGE_V1).getTask())
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_ASSIGNED))
        .addNetworks(NetworkAttachment.newBuilder().setNetworkId(Workload.NETWORK_ID)
            .addAddresses(address))
        .build();
  }
}
