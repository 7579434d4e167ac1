package io.hearth.orchestrator.internal;

import static io.hearth.store.By.byServiceId;
import static org.awaitility.Awaitility.await;

import io.hearth.model.Annotations;
import io.hearth.model.ContainerSpec;
import io.hearth.model.GlobalService;
import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeState;
import io.hearth.model.NodeStatus;
import io.hearth.model.ReplicatedService;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * A real store on an in-process log, a real watch hub over it, and orchestrators started on
 * them; close it to stop every thread. Builders for services and nodes, and the moves an agent
 * or the scheduler would make on tasks.
 */
final class TestCluster implements AutoCloseable {
  static final OrchestratorSettings FAST = new OrchestratorSettings(1000, Duration.ofMillis(5),
      Duration.ofMillis(200), TaskState.TASK_STATE_RUNNING, 5);
  static final Duration WAIT = Duration.ofSeconds(20);

  final InProcessLog log = new InProcessLog("orchestrator-test");
  final HearthStore store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
  final WatchHub hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
  private final List<Orchestrator> orchestrators = new ArrayList<>();

  Orchestrator startOrchestrator() {
    return startOrchestrator(FAST);
  }

  Orchestrator startOrchestrator(OrchestratorSettings settings) {
    Orchestrator orchestrator = new Orchestrator(store, hub, settings, Clock.systemUTC());
    orchestrators.add(orchestrator);
    orchestrator.start();
    return orchestrator;
  }

  /** A ready, accepted, active worker. */
  static Node.Builder node(String id) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id))
            .setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED)
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_READY));
  }

  /** A replicated service named after its id, running {@code image}. */
  static Service.Builder replicated(String id, long replicas, String image) {
    return Service.newBuilder().setId(id).setSpec(ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(id))
        .setTask(TaskSpec.newBuilder().setContainer(ContainerSpec.newBuilder().setImage(image)))
        .setReplicated(ReplicatedService.newBuilder().setReplicas(replicas)));
  }

  static Service.Builder global(String id, String image) {
    return Service.newBuilder().setId(id).setSpec(ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(id))
        .setTask(TaskSpec.newBuilder().setContainer(ContainerSpec.newBuilder().setImage(image)))
        .setGlobal(GlobalService.getDefaultInstance()));
  }

  void create(Node.Builder... nodes) {
    store.update(tx -> {
      for (Node.Builder n : nodes) {
        tx.nodes().create(n.build());
      }
    });
  }

  void create(Service.Builder... services) {
    store.update(tx -> {
      for (Service.Builder s : services) {
        tx.services().create(s.build());
      }
    });
  }

  void updateService(String id, Consumer<Service.Builder> change) {
    store.update(tx -> {
      Service.Builder s = tx.services().require(id).toBuilder();
      change.accept(s);
      tx.services().update(s.build());
    });
  }

  void updateNode(String id, Consumer<Node.Builder> change) {
    store.update(tx -> {
      Node.Builder n = tx.nodes().require(id).toBuilder();
      change.accept(n);
      tx.nodes().update(n.build());
    });
  }

  /** Sets a task's observed state (and node), as the scheduler or an agent would. */
  void observe(String taskId, TaskState state, String nodeId) {
    store.update(tx -> {
      Task.Builder t = tx.tasks().require(taskId).toBuilder();
      t.getStatusBuilder().setState(state);
      if (nodeId != null) {
        t.setNodeId(nodeId);
      }
      tx.tasks().update(t.build());
    });
  }

  List<Task> tasks(String serviceId) {
    return store.view(tx -> tx.tasks().find(byServiceId(serviceId)));
  }

  /** The tasks of a service meant to run, by slot. */
  List<Task> runnable(String serviceId) {
    return tasks(serviceId).stream().filter(Templates::runnable)
        .sorted(Comparator.comparingLong(Task::getSlot).thenComparing(Task::getNodeId)).toList();
  }

  /** Waits until the runnable tasks of a service pass {@code check}; returns them. */
  List<Task> awaitRunnable(String serviceId, Predicate<List<Task>> check) {
    return await().atMost(WAIT).until(() -> runnable(serviceId), check);
  }

  @Override
  public void close() {
    for (Orchestrator o : orchestrators) {
      o.close();
    }
    hub.close();
    store.close();
    log.close();
  }
}
