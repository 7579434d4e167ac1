package io.hearth.scheduler.internal;

import static io.hearth.scheduler.internal.TestCluster.CPU;
import static io.hearth.scheduler.internal.TestCluster.node;
import static io.hearth.scheduler.internal.TestCluster.reserving;
import static io.hearth.scheduler.internal.TestCluster.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeState;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import io.hearth.watch.internal.WatchSettings;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler as a whole on a real store: spreading, waiting, retrying, scale. */
class SchedulerTest {
  private TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void spreadsAServiceBeforeBalancingTotals() {
    cluster.create(node("n1"), node("n2"), node("n3"));
    cluster.create(running("o1", "other", "n1"), running("o2", "other", "n1"),
        running("o3", "other", "n1"));
    cluster.create(task("s-1", "s", 1), task("s-2", "s", 2), task("s-3", "s", 3),
        task("s-4", "s", 4), task("s-5", "s", 5), task("s-6", "s", 6));
    cluster.startScheduler();

    await().atMost(Duration.ofSeconds(10)).until(() -> assignedCount() == 6);
    // Two of s on each node, n1's three other tasks notwithstanding.
    assertEquals(Map.of("n1", 2L, "n2", 2L, "n3", 2L), perNode("s"));

    // A new service goes where the fewest tasks are (n1 has 5, n2 and n3 two each), then
    // spreads: n2, then n3.
    cluster.create(task("u-1", "u", 1), task("u-2", "u", 2));
    assertEquals("n2", cluster.awaitAssigned("u-1"));
    assertEquals("n3", cluster.awaitAssigned("u-2"));
  }

  @Test
  void theReasonIsWrittenOnceAndOnlyRewrittenWhenItChanges() {
    cluster.create(node("n1").setStatus(node("x").getStatusBuilder()
        .setState(NodeState.NODE_STATE_DOWN)));
    cluster.create(task("t", "s", 1));
    Scheduler scheduler = cluster.startScheduler();
    assertEquals("no suitable node (1 node not ready)", cluster.awaitReason("t"));

    // A change to the node that changes nothing for the task: a pass, and no write.
    long index = cluster.log.lastIndex();
    long passes = scheduler.passes();
    updateNode("n1", n -> n.getSpecBuilder().getAnnotationsBuilder().putLabels("rack", "7"));
    await().atMost(Duration.ofSeconds(10)).until(() -> scheduler.passes() > passes);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.log.lastIndex() == index + 1);
    long taskVersion = cluster.get("t").getMeta().getVersion().getIndex();

    // Another reason: written once.
    updateNode("n1", n -> {
      n.getStatusBuilder().setState(NodeState.NODE_STATE_READY);
      n.getSpecBuilder().setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN);
    });
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.get("t").getStatus().getErr(),
        "no suitable node (1 node drained)"::equals);
    assertTrue(cluster.get("t").getMeta().getVersion().getIndex() > taskVersion);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.log.lastIndex() == index + 3);
  }

  @Test
  void aConcurrentWriteWinsAndTheTaskIsPlannedAgainOnFreshState() {
    cluster.create(node("n1"), node("n2"));
    cluster.create(task("keep", "s", 1), task("stop", "s", 2), task("plain", "s", 3));
    Scheduler scheduler = cluster.startScheduler();
    AtomicBoolean first = new AtomicBoolean(true);
    scheduler.beforeWrite(writes -> {
      if (first.getAndSet(false)) {
        // Someone else writes two of the tasks after the scheduler read them.
        cluster.store.update(tx -> {
          Task keep = tx.tasks().require("keep");
          tx.tasks().update(keep.toBuilder().setAnnotations(keep.getAnnotations().toBuilder()
              .putLabels("touched", "yes")).build());
          Task stop = tx.tasks().require("stop");
          tx.tasks().update(stop.toBuilder().setDesiredState(TaskState.TASK_STATE_SHUTDOWN)
              .build());
        });
      }
    });

    cluster.awaitAssigned("plain");
    cluster.awaitAssigned("keep");
    // The retry was built on the other writer's version: its change is kept.
    assertEquals("yes", cluster.get("keep").getAnnotations().getLabelsOrThrow("touched"));
    assertEquals(2, scheduler.conflicts());
    // The task that is no longer meant to run was not assigned on the retry.
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.get("stop").getNodeId().isEmpty());
    assertEquals(TaskState.TASK_STATE_PENDING, cluster.get("stop").getStatus().getState());
  }

  @Test
  void waitingTasksGoToANodeThatArrives() {
    cluster.create(task("t1", "s", 1), task("t2", "s", 2), task("t3", "s", 3));
    cluster.startScheduler();
    assertEquals("no suitable node (no nodes)", cluster.awaitReason("t3"));

    cluster.create(node("n1"));
    assertEquals("n1", cluster.awaitAssigned("t1"));
    assertEquals("n1", cluster.awaitAssigned("t2"));
    assertEquals("n1", cluster.awaitAssigned("t3"));
    assertEquals("", cluster.get("t3").getStatus().getErr());
  }

  @Test
  void aThousandTasksOnAHundredNodesInAFewLogEntries() {
    Node.Builder[] nodes = new Node.Builder[100];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node(String.format("node-%03d", i));
    }
    cluster.create(nodes);
    createTasks(0, 1000);
    long before = cluster.log.lastIndex();

    Scheduler scheduler = cluster.startScheduler();
    await().atMost(Duration.ofSeconds(30)).until(() -> assignedCount() == 1000);
    long entries = cluster.log.lastIndex() - before;
    // 1,000 writes at the store's 200 changes per entry: 5 entries, not 1,000.
    assertTrue(entries <= 6, entries + " log entries");
    assertEquals(1000, scheduler.assigned());
    assertEveryNodeHolds(10);

    // A second wave while it runs: still batched, still spread.
    createTasks(1000, 2000);
    await().atMost(Duration.ofSeconds(30)).until(() -> assignedCount() == 2000);
    assertEveryNodeHolds(20);
    assertTrue(cluster.log.lastIndex() - before < 60, (cluster.log.lastIndex() - before)
        + " log entries");
  }

  private void createTasks(int from, int to) {
    cluster.store.batch(batch -> {
      for (int i = from; i < to; i++) {
        Task t = task(String.format("task-%05d", i), "svc-" + (i % 10), i / 10).build();
        batch.update(tx -> tx.tasks().create(t));
      }
    });
  }

  private void assertEveryNodeHolds(int tasks) {
    Map<String, Map<String, Long>> byNode = cluster.store.view(tx ->
        tx.tasks().find(By.byTaskState(TaskState.TASK_STATE_ASSIGNED)).stream()
            .collect(Collectors.groupingBy(Task::getNodeId,
                Collectors.groupingBy(Task::getServiceId, Collectors.counting()))));
    assertEquals(100, byNode.size());
    for (Map.Entry<String, Map<String, Long>> e : byNode.entrySet()) {
      assertEquals(tasks, e.getValue().values().stream().mapToLong(Long::longValue).sum(),
          e.getKey());
      assertEquals(10, e.getValue().size(), e.getKey() + " runs every service");
      for (long perService : e.getValue().values()) {
        assertEquals(tasks / 10, perService, e.getKey());
      }
    }
  }

  @Test
  void twoSchedulersAtOnceNeverAssignATaskTwice() throws Exception {
    Node.Builder[] nodes = new Node.Builder[20];
    for (int i = 0; i < nodes.length; i++) {
      nodes[i] = node("node-" + i);
    }
    cluster.create(nodes);
    Map<String, AtomicInteger> assignments = new ConcurrentHashMap<>();
    Watch watch = cluster.hub.watch(WatchRequests.on(ObjectKind.TASK, StoreEvent.Action.UPDATE)
        .includeOldObject().build(), commit -> {
          for (StoreEvent e : commit.events()) {
            Task now = e.object(ObjectKind.TASK);
            Task old = ObjectKind.TASK.cast(e.oldObject());
            if (old.getNodeId().isEmpty() && !now.getNodeId().isEmpty()) {
              assignments.computeIfAbsent(now.getId(), k -> new AtomicInteger()).incrementAndGet();
            }
          }
        });
    Scheduler a = cluster.startScheduler(new SchedulerSettings(50, Duration.ZERO,
        Duration.ZERO));
    Scheduler b = cluster.startScheduler(new SchedulerSettings(50, Duration.ZERO,
        Duration.ZERO));
    for (int wave = 0; wave < 5; wave++) {
      int base = wave * 100;
      cluster.store.batch(batch -> {
        for (int i = base; i < base + 100; i++) {
          Task t = task("task-" + i, "svc-" + (i % 3), i).build();
          batch.update(tx -> tx.tasks().create(t));
        }
      });
    }
    await().atMost(Duration.ofSeconds(30)).until(() -> assignedCount() == 500);
    await().atMost(Duration.ofSeconds(10)).until(() -> assignments.size() == 500);
    watch.close();
    assertTrue(assignments.values().stream().allMatch(n -> n.get() == 1), "assigned twice: "
        + assignments.entrySet().stream().filter(e -> e.getValue().get() > 1).toList());
    assertEquals(500, a.assigned() + b.assigned());
  }

  @Test
  void aWatchThatOverflowsIsReplacedByAFreshRead() throws Exception {
    cluster.close();
    cluster = new TestCluster(new WatchSettings(4, 1, 8192));
    cluster.create(node("n1"));
    cluster.create(task("t1", "s", 1));
    Scheduler scheduler = cluster.startScheduler();
    CountDownLatch holding = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    scheduler.beforeWrite(writes -> {
      holding.countDown();
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    assertTrue(holding.await(10, TimeUnit.SECONDS));
    // While the scheduler is held, more commits than its watch's queue holds.
    for (int i = 0; i < 10; i++) {
      cluster.create(node("extra-" + i));
    }
    cluster.create(reserving(task("t2", "s", 2), CPU, 0));
    scheduler.beforeWrite(writes -> { });
    release.countDown();

    cluster.awaitAssigned("t1");
    cluster.awaitAssigned("t2");
    assertTrue(scheduler.resyncs() >= 2, "resyncs " + scheduler.resyncs());
  }

  @Test
  void closingStopsTheThreadAndTheWatch() {
    cluster.create(node("n1"));
    int watchesBefore = cluster.hub.watchCount();
    Scheduler scheduler = cluster.startScheduler();
    cluster.create(task("t1", "s", 1));
    cluster.awaitAssigned("t1");
    assertEquals(watchesBefore + 1, cluster.hub.watchCount());

    scheduler.close();
    // The dispatcher lets go of a closed watch on its own thread.
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.hub.watchCount() == watchesBefore);
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("hearth-scheduler")));
    cluster.create(task("t2", "s", 2));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.get("t2").getStatus().getMessage().isEmpty());
  }

  private static Task.Builder running(String id, String serviceId, String nodeId) {
    return task(id, serviceId, 0).setNodeId(nodeId).setStatus(task("x", "s", 0)
        .getStatusBuilder().setState(TaskState.TASK_STATE_RUNNING));
  }

  private void updateNode(String id, java.util.function.Consumer<Node.Builder> change) {
    cluster.store.update(tx -> {
      Node.Builder n = tx.nodes().require(id).toBuilder();
      change.accept(n);
      tx.nodes().update(n.build());
    });
  }

  private long assignedCount() {
    return cluster.store.view(tx -> tx.tasks().find(
        By.byTaskState(TaskState.TASK_STATE_ASSIGNED)).size());
  }

  private Map<String, Long> perNode(String serviceId) {
    Map<String, Long> counts = new HashMap<>();
    List<Task> tasks = cluster.store.view(tx -> tx.tasks().find(By.byServiceId(serviceId)));
    for (Task t : tasks) {
      counts.merge(t.getNodeId(), 1L, Long::sum);
    }
    return counts;
  }
}
