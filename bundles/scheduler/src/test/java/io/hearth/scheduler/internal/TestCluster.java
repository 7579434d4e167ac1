package io.hearth.scheduler.internal;

import static org.awaitility.Awaitility.await;

import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeDescription;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeState;
import io.hearth.model.NodeStatus;
import io.hearth.model.Platform;
import io.hearth.model.Resources;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A real store on an in-process log, a real watch hub over it, and schedulers started on them;
 * close it to stop every thread. Builders for nodes and tasks with the defaults a test wants to
 * override one field of.
 */
final class TestCluster implements AutoCloseable {
  static final long GIB = 1L << 30;
  static final long CPU = 1_000_000_000L;
  static final SchedulerSettings FAST =
      new SchedulerSettings(1000, Duration.ofMillis(5), Duration.ofMillis(200));

  final InProcessLog log = new InProcessLog("scheduler-test");
  final HearthStore store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
  final WatchHub hub;
  private final List<Scheduler> schedulers = new ArrayList<>();

  TestCluster() {
    this(WatchSettings.DEFAULTS);
  }

  TestCluster(WatchSettings watchSettings) {
    hub = new WatchHub(store.commitFeed(), store, watchSettings);
  }

  Scheduler startScheduler() {
    return startScheduler(FAST);
  }

  Scheduler startScheduler(SchedulerSettings settings) {
    Scheduler scheduler = new Scheduler(store, hub, settings, Clock.systemUTC());
    schedulers.add(scheduler);
    scheduler.start();
    return scheduler;
  }

  /** A ready, accepted, active linux/amd64 worker with 4 CPUs and 8 GiB, named after its id. */
  static Node.Builder node(String id) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder()
            .setAnnotations(Annotations.newBuilder().setName(id))
            .setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setDescription(NodeDescription.newBuilder().setHostname(id)
            .setPlatform(Platform.newBuilder().setOs("linux").setArchitecture("x86_64"))
            .setResources(Resources.newBuilder().setNanoCpus(4 * CPU).setMemoryBytes(8 * GIB)))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_READY))
        .setRole(NodeRole.NODE_ROLE_WORKER);
  }

  /** A task of {@code serviceId} waiting for the scheduler, with an empty spec. */
  static Task.Builder task(String id, String serviceId, long slot) {
    return Task.newBuilder().setId(id).setServiceId(serviceId).setSlot(slot)
        .setSpec(TaskSpec.getDefaultInstance())
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_PENDING));
  }

  /** Reserves {@code cpus} CPUs and {@code gib} GiB. */
  static Task.Builder reserving(Task.Builder task, long nanoCpus, long memoryBytes) {
    task.getSpecBuilder().getResourcesBuilder().setReservations(
        Resources.newBuilder().setNanoCpus(nanoCpus).setMemoryBytes(memoryBytes));
    return task;
  }

  static Task.Builder constrained(Task.Builder task, String... constraints) {
    for (String c : constraints) {
      task.getSpecBuilder().getPlacementBuilder().addConstraints(c);
    }
    return task;
  }

  void create(Node.Builder... nodes) {
    store.update(tx -> {
      for (Node.Builder n : nodes) {
        tx.nodes().create(n.build());
      }
    });
  }

  void create(Task.Builder... tasks) {
    store.update(tx -> {
      for (Task.Builder t : tasks) {
        tx.tasks().create(t.build());
      }
    });
  }

  Task get(String taskId) {
    return store.view(tx -> tx.tasks().require(taskId));
  }

  /** Waits until the task is ASSIGNED and returns its node. */
  String awaitAssigned(String taskId) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> get(taskId),
        t -> t.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED).getNodeId();
  }

  /** Waits until the task, still PENDING, carries a reason; returns it. */
  String awaitReason(String taskId) {
    Task t = await().atMost(Duration.ofSeconds(10)).until(() -> get(taskId),
        x -> !x.getStatus().getErr().isEmpty());
    if (t.getStatus().getState() != TaskState.TASK_STATE_PENDING) {
      throw new AssertionError("expected a pending task, got " + t);
    }
    return t.getStatus().getErr();
  }

  @Override
  public void close() {
    for (Scheduler s : schedulers) {
      s.close();
    }
    hub.close();
    store.close();
    log.close();
  }
}
