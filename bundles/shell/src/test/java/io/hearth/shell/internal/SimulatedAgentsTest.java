package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.By;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SimulatedAgentsTest {
  private final TestStore t = new TestStore();
  private final SimulatedAgents agents = new SimulatedAgents(t.store, t.hub, Clock.systemUTC());

  @AfterEach
  void close() {
    agents.close();
    t.close();
  }

  private String nodeId(String name) {
    return t.store.view(tx -> tx.nodes().find(By.byName(name)).get(0).getId());
  }

  private void task(String id, String nodeId, TaskState observed, TaskState desired) {
    t.store.update(tx -> tx.tasks().create(Task.newBuilder().setId(id).setNodeId(nodeId)
        .setDesiredState(desired).setStatus(TaskStatus.newBuilder().setState(observed))
        .build()));
  }

  private TaskState state(String id) {
    return t.store.view(tx -> tx.tasks().require(id)).getStatus().getState();
  }

  @Test
  void tasksOnSimulatedNodesRunAndStopAsAnAgentWouldReport() throws Exception {
    t.ok("node-add", "sim", "--label", Demo.SIMULATED_LABEL + "=true");
    t.ok("node-add", "real");
    agents.start();
    task("assigned", nodeId("sim"), TaskState.TASK_STATE_ASSIGNED, TaskState.TASK_STATE_RUNNING);
    task("stopping", nodeId("sim"), TaskState.TASK_STATE_RUNNING, TaskState.TASK_STATE_SHUTDOWN);
    task("elsewhere", nodeId("real"), TaskState.TASK_STATE_ASSIGNED, TaskState.TASK_STATE_RUNNING);

    TestStore.await("assigned task running",
        () -> state("assigned") == TaskState.TASK_STATE_RUNNING);
    TestStore.await("stopping task shut down",
        () -> state("stopping") == TaskState.TASK_STATE_SHUTDOWN);
    assertEquals(TaskState.TASK_STATE_ASSIGNED, state("elsewhere"), "not a simulated node");
  }

  @Test
  void aSimulatedNodeThatIsDownReportsNothingUntilItIsUpAgain() throws Exception {
    t.ok("node-add", "sim", "--label", Demo.SIMULATED_LABEL + "=true", "--state", "down");
    agents.start();
    task("waiting", nodeId("sim"), TaskState.TASK_STATE_ASSIGNED, TaskState.TASK_STATE_RUNNING);
    task("marker", nodeId("sim"), TaskState.TASK_STATE_NEW, TaskState.TASK_STATE_RUNNING);
    long passes = agents.passes();
    TestStore.await("a pass after the tasks", () -> agents.passes() > passes);
    assertEquals(TaskState.TASK_STATE_ASSIGNED, state("waiting"));
    t.ok("node-up", "sim");
    TestStore.await("task running once the node is up",
        () -> state("waiting") == TaskState.TASK_STATE_RUNNING);
    assertEquals(TaskState.TASK_STATE_NEW, state("marker"), "not on its node yet");
  }

  @Test
  void nextStateFollowsTheTaskLifecycle() {
    assertEquals(TaskState.TASK_STATE_RUNNING, SimulatedAgents.next(t(TaskState.TASK_STATE_ASSIGNED,
        TaskState.TASK_STATE_RUNNING)));
    assertEquals(null, SimulatedAgents.next(t(TaskState.TASK_STATE_RUNNING,
        TaskState.TASK_STATE_RUNNING)));
    assertEquals(null, SimulatedAgents.next(t(TaskState.TASK_STATE_PENDING,
        TaskState.TASK_STATE_RUNNING)));
    assertEquals(TaskState.TASK_STATE_SHUTDOWN, SimulatedAgents.next(t(
        TaskState.TASK_STATE_ASSIGNED, TaskState.TASK_STATE_REMOVE)));
    assertEquals(null, SimulatedAgents.next(t(TaskState.TASK_STATE_SHUTDOWN,
        TaskState.TASK_STATE_SHUTDOWN)));
  }

  private static Task t(TaskState observed, TaskState desired) {
    return Task.newBuilder().setDesiredState(desired)
        .setStatus(TaskStatus.newBuilder().setState(observed)).build();
  }
}
