package io.hearth.orchestrator.internal;

import static io.hearth.orchestrator.internal.TestCluster.WAIT;
import static io.hearth.orchestrator.internal.TestCluster.global;
import static io.hearth.orchestrator.internal.TestCluster.node;
import static io.hearth.orchestrator.internal.TestCluster.replicated;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeState;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The orchestrator on a real store: scaling, replacing, rolling updates, global services. */
class OrchestratorTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void createsOneTaskPerSlotAndScalesUpAndDown() {
    cluster.startOrchestrator();
    cluster.create(replicated("web", 3, "nginx:1"));
    List<Task> tasks = cluster.awaitRunnable("web", t -> t.size() == 3);
    assertEquals(List.of(1L, 2L, 3L), slots(tasks));
    Task first = tasks.get(0);
    assertEquals("web.1", first.getAnnotations().getName());
    assertEquals("web", first.getServiceAnnotations().getName());
    assertEquals(TaskState.TASK_STATE_NEW, first.getStatus().getState());
    assertEquals(TaskState.TASK_STATE_RUNNING, first.getDesiredState());
    assertEquals("nginx:1", first.getSpec().getContainer().getImage());
    assertTrue(first.getSpecVersion() > 0);
    assertTrue(first.getId().matches("[0-9a-v]{25}"), first.getId());
    assertTrue(first.getNodeId().isEmpty());

    cluster.updateService("web", s -> s.getSpecBuilder().getReplicatedBuilder().setReplicas(5));
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
        slots(cluster.awaitRunnable("web", t -> t.size() == 5)));
    // The first three were kept.
    assertTrue(ids(cluster.runnable("web")).containsAll(ids(tasks)));

    // Slot 2 runs on a node: scaling down to 1 shuts it down (its agent stops it); the
    // others never left NEW and go at once.
    cluster.create(node("n1"));
    cluster.observe(tasks.get(1).getId(), TaskState.TASK_STATE_RUNNING, "n1");
    cluster.updateService("web", s -> s.getSpecBuilder().getReplicatedBuilder().setReplicas(1));
    assertEquals(List.of(1L), slots(cluster.awaitRunnable("web", t -> t.size() == 1)));
    await().atMost(WAIT).until(() -> cluster.tasks("web").size() == 2);
    Task slot2 = cluster.store.view(tx -> tx.tasks().require(tasks.get(1).getId()));
    assertEquals(TaskState.TASK_STATE_SHUTDOWN, slot2.getDesiredState());
  }

  @Test
  void replacesTheTaskOfANodeThatWentDownInTheSameSlot() {
    cluster.create(node("n1"), node("n2"));
    cluster.startOrchestrator();
    cluster.create(replicated("api", 2, "api:1"));
    List<Task> tasks = cluster.awaitRunnable("api", t -> t.size() == 2);
    cluster.observe(tasks.get(0).getId(), TaskState.TASK_STATE_RUNNING, "n1");
    cluster.observe(tasks.get(1).getId(), TaskState.TASK_STATE_RUNNING, "n2");

    cluster.updateNode("n1", n -> n.getStatusBuilder().setState(NodeState.NODE_STATE_DOWN));
    List<Task> now = cluster.awaitRunnable("api",
        t -> t.size() == 2 && !t.get(0).getId().equals(tasks.get(0).getId()));
    assertEquals(List.of(1L, 2L), slots(now));
    assertEquals(TaskState.TASK_STATE_NEW, now.get(0).getStatus().getState());
    assertEquals(tasks.get(1).getId(), now.get(1).getId());
    Task old = get(tasks.get(0).getId());
    assertEquals(TaskState.TASK_STATE_SHUTDOWN, old.getDesiredState());

    // A drained node too.
    cluster.updateNode("n2",
        n -> n.getSpecBuilder().setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN));
    cluster.awaitRunnable("api",
        t -> t.size() == 2 && !t.get(1).getId().equals(tasks.get(1).getId()));
  }

  @Test
  void replacesAFailedTaskAndKeepsItAsHistory() {
    cluster.create(node("n1"));
    cluster.startOrchestrator();
    cluster.create(replicated("job", 1, "job:1"));
    Task task = cluster.awaitRunnable("job", t -> t.size() == 1).get(0);
    cluster.observe(task.getId(), TaskState.TASK_STATE_RUNNING, "n1");
    cluster.observe(task.getId(), TaskState.TASK_STATE_FAILED, null);

    Task next = cluster.awaitRunnable("job",
        t -> t.size() == 1 && !t.get(0).getId().equals(task.getId())).get(0);
    assertEquals(1, next.getSlot());
    assertEquals(TaskState.TASK_STATE_SHUTDOWN, get(task.getId()).getDesiredState());

    // Failing again and again: the slot keeps at most 5 stopped tasks besides the live one.
    for (int i = 0; i < 7; i++) {
      Task current = cluster.awaitRunnable("job", t -> t.size() == 1).get(0);
      cluster.observe(current.getId(), TaskState.TASK_STATE_REJECTED, "n1");
      cluster.awaitRunnable("job",
          t -> t.size() == 1 && !t.get(0).getId().equals(current.getId()));
    }
    await().atMost(WAIT).until(() -> cluster.tasks("job").size() == 6);
  }

  @Test
  void rollsANewTemplateOutOneSlotAtATime() {
    cluster.create(node("n1"));
    cluster.startOrchestrator();
    cluster.create(replicated("web", 4, "nginx:1"));
    for (Task t : cluster.awaitRunnable("web", t -> t.size() == 4)) {
      cluster.observe(t.getId(), TaskState.TASK_STATE_RUNNING, "n1");
    }

    cluster.updateService("web", s -> s.getSpecBuilder().getTaskBuilder().getContainerBuilder()
        .setImage("nginx:2"));
    for (int updated = 1; updated <= 4; updated++) {
      int expected = updated;
      List<Task> now = cluster.awaitRunnable("web", t -> countImage(t, "nginx:2") == expected);
      // Exactly one new task is starting; the others wait for it.
      await().during(Duration.ofMillis(150)).atMost(WAIT)
          .until(() -> countImage(cluster.runnable("web"), "nginx:2") == expected);
      assertEquals(4, now.size());
      assertEquals(List.of(1L, 2L, 3L, 4L), slots(now));
      Task fresh = now.stream().filter(t -> t.getSpec().getContainer().getImage()
          .equals("nginx:2") && t.getStatus().getState() == TaskState.TASK_STATE_NEW)
          .findFirst().orElseThrow();
      cluster.observe(fresh.getId(), TaskState.TASK_STATE_RUNNING, "n1");
    }
    // The old tasks were shut down, not removed: their agents stop them.
    long shutdown = cluster.tasks("web").stream()
        .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_SHUTDOWN).count();
    assertEquals(4, shutdown);
  }

  @Test
  void rollsOutWithParallelismAndAnotherHealthyState() {
    cluster.create(node("n1"));
    cluster.startOrchestrator(TestCluster.FAST.withHealthyState(TaskState.TASK_STATE_ASSIGNED));
    cluster.create(replicated("web", 6, "nginx:1"));
    for (Task t : cluster.awaitRunnable("web", t -> t.size() == 6)) {
      cluster.observe(t.getId(), TaskState.TASK_STATE_ASSIGNED, "n1");
    }
    cluster.updateService("web", s -> {
      s.getSpecBuilder().getUpdateBuilder().setParallelism(3);
      s.getSpecBuilder().getTaskBuilder().getContainerBuilder().setImage("nginx:2");
    });
    cluster.awaitRunnable("web", t -> countImage(t, "nginx:2") == 3);
    await().during(Duration.ofMillis(150)).atMost(WAIT)
        .until(() -> countImage(cluster.runnable("web"), "nginx:2") == 3);
    for (Task t : cluster.runnable("web")) {
      if (t.getStatus().getState() == TaskState.TASK_STATE_NEW) {
        cluster.observe(t.getId(), TaskState.TASK_STATE_ASSIGNED, "n1");
      }
    }
    cluster.awaitRunnable("web", t -> countImage(t, "nginx:2") == 6);
  }

  @Test
  void aGlobalServiceFollowsTheEligibleNodes() {
    cluster.create(node("n1"), node("n2"));
    cluster.startOrchestrator();
    cluster.create(global("agent", "agent:1"));
    List<Task> tasks = cluster.awaitRunnable("agent", t -> t.size() == 2);
    assertEquals(List.of("n1", "n2"), nodes(tasks));
    assertEquals("agent.n1", tasks.get(0).getAnnotations().getName());
    assertEquals(0, tasks.get(0).getSlot());

    cluster.create(node("n3"));
    assertEquals(List.of("n1", "n2", "n3"),
        nodes(cluster.awaitRunnable("agent", t -> t.size() == 3)));
    cluster.updateNode("n2",
        n -> n.getSpecBuilder().setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN));
    cluster.observe(tasks.get(0).getId(), TaskState.TASK_STATE_RUNNING, "n1");
    cluster.updateNode("n1", n -> n.getStatusBuilder().setState(NodeState.NODE_STATE_DOWN));
    assertEquals(List.of("n3"), nodes(cluster.awaitRunnable("agent", t -> t.size() == 1)));
    // The never-placed task of n2 went; the one that ran on n1 is shut down.
    assertEquals(TaskState.TASK_STATE_SHUTDOWN, get(tasks.get(0).getId()).getDesiredState());
    await().atMost(WAIT).until(() -> cluster.tasks("agent").size() == 2);

    cluster.updateNode("n1", n -> n.getStatusBuilder().setState(NodeState.NODE_STATE_READY));
    assertEquals(List.of("n1", "n3"),
        nodes(cluster.awaitRunnable("agent", t -> t.size() == 2)));

    // A paused node keeps its task; once it is gone (failed), it gets no new one.
    cluster.updateNode("n3",
        n -> n.getSpecBuilder().setAvailability(NodeAvailability.NODE_AVAILABILITY_PAUSE));
    Task onN3 = cluster.runnable("agent").get(1);
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> nodes(cluster.runnable("agent")).equals(List.of("n1", "n3")));
    cluster.observe(onN3.getId(), TaskState.TASK_STATE_FAILED, null);
    assertEquals(List.of("n1"), nodes(cluster.awaitRunnable("agent", t -> t.size() == 1)));
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> cluster.runnable("agent").size() == 1);
  }

  @Test
  void theTasksOfARemovedServiceGoOnceOffTheirNodes() {
    cluster.create(node("n1"));
    cluster.startOrchestrator();
    cluster.create(replicated("old", 3, "old:1"));
    List<Task> tasks = cluster.awaitRunnable("old", t -> t.size() == 3);
    cluster.observe(tasks.get(0).getId(), TaskState.TASK_STATE_RUNNING, "n1");

    cluster.store.update(tx -> tx.services().delete("old"));
    await().atMost(WAIT).until(() -> cluster.tasks("old").size() == 1);
    Task running = get(tasks.get(0).getId());
    assertEquals(TaskState.TASK_STATE_REMOVE, running.getDesiredState());

    cluster.observe(running.getId(), TaskState.TASK_STATE_SHUTDOWN, null);
    await().atMost(WAIT).until(() -> cluster.tasks("old").isEmpty());
  }

  @Test
  void tasksOfAServiceThatNeverExistedAreLeftAlone() {
    Task standalone = Task.newBuilder().setId("t1").setServiceId("s").setSlot(1)
        .setSpec(TaskSpec.getDefaultInstance()).setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_PENDING)).build();
    cluster.store.update(tx -> tx.tasks().create(standalone));
    Orchestrator orchestrator = cluster.startOrchestrator();
    cluster.create(replicated("web", 1, "nginx:1"));
    cluster.awaitRunnable("web", t -> t.size() == 1);
    await().atMost(WAIT).until(() -> orchestrator.passes() > 0);
    assertEquals(standalone.getDesiredState(), get("t1").getDesiredState());
  }

  @Test
  void closingStopsTheThreadAndTheWatch() {
    int watchesBefore = cluster.hub.watchCount();
    Orchestrator orchestrator = cluster.startOrchestrator();
    cluster.create(replicated("web", 1, "nginx:1"));
    cluster.awaitRunnable("web", t -> t.size() == 1);
    assertEquals(watchesBefore + 1, cluster.hub.watchCount());
    orchestrator.close();
    await().atMost(WAIT).until(() -> cluster.hub.watchCount() == watchesBefore);
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("hearth-orchestrator")));
    cluster.updateService("web", s -> s.getSpecBuilder().getReplicatedBuilder().setReplicas(3));
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> cluster.runnable("web").size() == 1);
  }

  private Task get(String id) {
    return cluster.store.view(tx -> tx.tasks().require(id));
  }

  static List<Long> slots(List<Task> tasks) {
    return tasks.stream().map(Task::getSlot).toList();
  }

  static List<String> nodes(List<Task> tasks) {
    return tasks.stream().map(Task::getNodeId).sorted().toList();
  }

  static Set<String> ids(List<Task> tasks) {
    return tasks.stream().map(Task::getId).collect(Collectors.toSet());
  }

  static long countImage(List<Task> tasks, String image) {
    return tasks.stream().filter(t -> t.getSpec().getContainer().getImage().equals(image))
        .count();
  }
}
