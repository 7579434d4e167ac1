package io.hearth.orchestrator.internal;

import static io.hearth.orchestrator.internal.TestCluster.WAIT;
import static io.hearth.orchestrator.internal.TestCluster.replicated;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Task;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Stale plans, two orchestrators at once, and many services at once. */
class ConcurrencyAndScaleTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void aStepPlannedOnAnOldTemplateIsDroppedAndPlannedAgain() {
    Orchestrator orchestrator = cluster.startOrchestrator();
    AtomicBoolean first = new AtomicBoolean(true);
    orchestrator.beforeWrite(steps -> {
      if (first.getAndSet(false)) {
        // The service changes after the pass read it.
        cluster.updateService("web", s -> s.getSpecBuilder().getTaskBuilder()
            .getContainerBuilder().setImage("nginx:2"));
      }
    });
    Set<String> imagesCreated = ConcurrentHashMap.newKeySet();
    Watch watch = cluster.hub.watch(WatchRequests.on(ObjectKind.TASK, StoreEvent.Action.CREATE)
        .build(), commit -> commit.events().forEach(e ->
            imagesCreated.add(e.object(ObjectKind.TASK).getSpec().getContainer().getImage())));
    cluster.create(replicated("web", 3, "nginx:1"));

    List<Task> tasks = cluster.awaitRunnable("web",
        t -> t.size() == 3 && OrchestratorTest.countImage(t, "nginx:2") == 3);
    assertEquals(List.of(1L, 2L, 3L), OrchestratorTest.slots(tasks));
    assertEquals(3, orchestrator.stale());
    watch.close();
    assertEquals(Set.of("nginx:2"), imagesCreated);
  }

  @Test
  void twoOrchestratorsNeverPutTwoRunnableTasksInOneSlot() {
    SlotWatcher slots = new SlotWatcher();
    Watch watch = cluster.hub.watch(WatchRequests.on(ObjectKind.TASK).build(), slots::accept);
    OrchestratorSettings eager = new OrchestratorSettings(50, Duration.ZERO, Duration.ZERO,
        TestCluster.FAST.healthyState(), 5);
    Orchestrator a = cluster.startOrchestrator(eager);
    Orchestrator b = cluster.startOrchestrator(eager);

    Random random = new Random(42);
    long[] replicas = new long[10];
    for (int i = 0; i < replicas.length; i++) {
      replicas[i] = 1 + random.nextInt(30);
      cluster.create(replicated("svc-" + i, replicas[i], "img:1"));
    }
    for (int round = 0; round < 20; round++) {
      int i = random.nextInt(replicas.length);
      replicas[i] = random.nextInt(40);
      long n = replicas[i];
      cluster.updateService("svc-" + i,
          s -> s.getSpecBuilder().getReplicatedBuilder().setReplicas(n));
    }
    for (int i = 0; i < replicas.length; i++) {
      long n = replicas[i];
      List<Task> tasks = cluster.awaitRunnable("svc-" + i, t -> t.size() == n);
      assertEquals(LongStream.rangeClosed(1, n).boxed().toList(), OrchestratorTest.slots(tasks));
    }
    long version = cluster.store.version();
    await().atMost(WAIT).until(() -> watch.lastVersion() >= version);
    watch.close();
    assertTrue(slots.violations.isEmpty(), "slots with two tasks: " + slots.violations);
    assertTrue(a.created() + b.created() > 0);
    System.out.printf("two orchestrators: created %d + %d, stale steps %d + %d%n", a.created(),
        b.created(), a.stale(), b.stale());
  }

  @Test
  void aHundredServicesOfAHundredReplicasInAFewLogEntries() {
    cluster.startOrchestrator();
    long before = cluster.log.lastIndex();
    cluster.store.update(tx -> {
      for (int i = 0; i < 100; i++) {
        tx.services().create(replicated(String.format("svc-%03d", i), 100, "img:1").build());
      }
    });
    await().atMost(Duration.ofSeconds(40)).until(() -> cluster.store.view(tx ->
        tx.tasks().count()) == 10_000);
    // 10,000 creations at the store's 200 changes per entry: 50 entries, plus the services'.
    long entries = cluster.log.lastIndex() - before;
    System.out.printf("100 x 100 replicas: %d log entries%n", entries);
    assertTrue(entries <= 60, entries + " log entries");
    Map<String, Set<Long>> slots = new HashMap<>();
    for (Task t : cluster.store.view(tx -> tx.tasks().find(By.all()))) {
      slots.computeIfAbsent(t.getServiceId(), k -> new HashSet<>()).add(t.getSlot());
    }
    assertEquals(100, slots.size());
    slots.values().forEach(s -> assertEquals(100, s.size()));

    // A second orchestrator reading everything afresh finds nothing to do.
    long index = cluster.log.lastIndex();
    Orchestrator second = cluster.startOrchestrator();
    await().atMost(WAIT).until(() -> second.passes() > 0);
    await().during(Duration.ofMillis(200)).atMost(WAIT)
        .until(() -> cluster.log.lastIndex() == index);
  }

  /** Follows the runnable tasks of every slot and notes any moment a slot had two. */
  private static final class SlotWatcher {
    final Map<String, Set<String>> runnable = new HashMap<>();
    final ConcurrentLinkedQueue<String> violations = new ConcurrentLinkedQueue<>();

    void accept(io.hearth.store.Commit commit) {
      Set<String> touched = new HashSet<>();
      for (StoreEvent e : commit.events()) {
        Task task = e.object(ObjectKind.TASK);
        String key = task.getServiceId() + "/" + task.getSlot();
        Set<String> ids = runnable.computeIfAbsent(key, k -> new HashSet<>());
        if (e.action() == StoreEvent.Action.REMOVE || !Templates.runnable(task)) {
          ids.remove(task.getId());
        } else {
          ids.add(task.getId());
        }
        touched.add(key);
      }
      for (String key : touched) {
        if (runnable.get(key).size() > 1) {
          violations.add(key + "@" + commit.version() + runnable.get(key));
        }
      }
    }
  }

}
