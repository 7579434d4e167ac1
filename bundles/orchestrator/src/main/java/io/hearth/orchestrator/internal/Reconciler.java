package io.hearth.orchestrator.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Plans the steps that bring one service's tasks to what its spec asks, from the tasks and
 * nodes as one view read them. A pure function of its input: nothing is written here, and the
 * same input gives the same plan (but for the new ids), so a pass planned twice, or by two
 * orchestrators, asks for the same slots, which {@link Step} then creates at most once.
 *
 * <p>Tasks are grouped by slot (replicated: slots 1..replicas) or by node (global: one group per
 * eligible node). In each wanted group the orchestrator keeps one task meant to run: it creates
 * one where there is none, replaces one that ended (failed, rejected, complete) or whose node
 * was lost (down, drained, removed) in the same slot, and shuts down any extra. Groups no longer
 * wanted (slots above the replicas, nodes no longer eligible; a paused node keeps its task but
 * gets no new one) have their tasks shut down. Tasks
 * still carrying an older template are replaced a few groups at a time ({@code parallelism}):
 * the next ones only once the new tasks have reached the healthy state. Stopped tasks are kept
 * as history, the newest few per group.
 */
final class Reconciler {
  private static final Comparator<Task> BEST = Comparator
      .comparingInt((Task t) -> t.getStatus().getState().getNumber())
      .thenComparingLong(Templates::version);
  private static final Comparator<Task> NEWEST_FIRST =
      Comparator.comparingLong(Templates::version).reversed();

  private final OrchestratorSettings settings;
  private final Function<String, Node> nodes;
  private final Collection<Node> allNodes;
  private final Supplier<String> ids;
  private final Timestamp now;

  Reconciler(OrchestratorSettings settings, Function<String, Node> nodes,
      Collection<Node> allNodes, Supplier<String> ids, Timestamp now) {
    this.settings = settings;
    this.nodes = nodes;
    this.allNodes = allNodes;
    this.ids = ids;
    this.now = now;
  }

  /** The steps for a service that exists, given every task of it. */
  List<Step> plan(Service service, Collection<Task> tasks) {
    Plan plan = new Plan(service);
    if (Templates.isGlobal(service)) {
      Map<String, List<Task>> byNode = new TreeMap<>();
      for (Task task : tasks) {
        byNode.computeIfAbsent(task.getNodeId(), k -> new ArrayList<>()).add(task);
      }
      for (Node node : allNodes) {
        if (Templates.eligible(node)) {
          byNode.computeIfAbsent(node.getId(), k -> new ArrayList<>());
        }
      }
      byNode.forEach((nodeId, group) -> plan.group(nodeId, 0, group));
    } else {
      // Slots as numbers: this runs for every slot of a service on every pass that concerns it.
      Map<Long, List<Task>> bySlot = new TreeMap<>();
      for (Task task : tasks) {
        bySlot.computeIfAbsent(task.getSlot(), k -> new ArrayList<>()).add(task);
      }
      for (long slot = 1; slot <= Templates.replicas(service); slot++) {
        bySlot.computeIfAbsent(slot, k -> new ArrayList<>());
      }
      bySlot.forEach((slot, group) -> plan.group("", slot, group));
    }
    plan.rollOut();
    return plan.steps;
  }

  /** The steps for tasks whose service was removed: each goes, once off its node. */
  List<Step> planRemoved(Collection<Task> tasks) {
    List<Step> steps = new ArrayList<>();
    for (Task task : tasks) {
      if (!Templates.holdsNode(task)) {
        steps.add(Step.remove(task));
      } else if (task.getDesiredState() != TaskState.TASK_STATE_REMOVE) {
        steps.add(Step.update(task.toBuilder().setDesiredState(TaskState.TASK_STATE_REMOVE)
            .build(), "shutdown"));
      }
    }
    return steps;
  }

  /** The plan of one service, built group by group. */
  private final class Plan {
    final Service service;
    final boolean global;
    final TaskSpec template;
    final List<Step> steps = new ArrayList<>();
    /** Groups whose one task carries an older template, in slot (node id) order. */
    final List<Task> outdated = new ArrayList<>();
    /** New-template tasks not yet healthy: a rolling update waits for them. */
    long starting;

    Plan(Service service) {
      this.service = service;
      this.global = Templates.isGlobal(service);
      this.template = Templates.task(service);
    }

    /** Plans one group: the tasks on {@code nodeId} (global) or in {@code slot} (replicated). */
    void group(String nodeId, long slot, List<Task> tasks) {
      Node node = global ? nodes.apply(nodeId) : null;
      // A paused node keeps the global task it has but gets no new one.
      boolean mayCreate = global ? Templates.eligible(node) : inRange(slot);
      boolean wanted = mayCreate || (global && Templates.paused(node));
      List<Task> live = new ArrayList<>();
      List<Task> broken = new ArrayList<>();
      List<Task> stopped = new ArrayList<>();
      for (Task task : tasks) {
        if (!Templates.runnable(task)) {
          if (!Templates.holdsNode(task)) {
            stopped.add(task);
          }
        } else if (Templates.ended(task)
            || (!task.getNodeId().isEmpty() && Templates.nodeLost(nodes.apply(task.getNodeId())))) {
          broken.add(task);
        } else {
          live.add(task);
        }
      }
      boolean keepHistory = wanted || node != null;
      trimHistory(stopped, keepHistory ? settings.taskHistory() : 0);
      if (!wanted) {
        live.addAll(broken);
        for (Task task : live) {
          steps.add(retire(task, "shutdown"));
        }
        return;
      }
      live.sort(BEST.reversed().thenComparing(t -> !t.getSpec().equals(template)));
      Task keep = live.isEmpty() ? null : pickCurrent(live);
      for (Task task : live) {
        if (task != keep) {
          steps.add(retire(task, "shutdown"));
        }
      }
      if (keep == null && !mayCreate) {
        broken.forEach(task -> steps.add(retire(task, "shutdown")));
        return;
      }
      if (keep == null) {
        List<Task> updates = new ArrayList<>();
        List<Task> removals = new ArrayList<>();
        for (Task task : broken) {
          retireInto(task, updates, removals);
        }
        steps.add(new Step(service.getId(), updates, removals, newTask(slot, nodeId),
            broken.isEmpty() ? "create" : "replace"));
        starting++;
        return;
      }
      for (Task task : broken) {
        steps.add(retire(task, "shutdown"));
      }
      if (!keep.getSpec().equals(template)) {
        outdated.add(keep);
      } else if (keep.getStatus().getState().getNumber() < settings.healthyState().getNumber()) {
        starting++;
      }
    }

    /** Among the live tasks of a group, the one to keep: the template's if any, else the best. */
    private Task pickCurrent(List<Task> live) {
      for (Task task : live) {
        if (task.getSpec().equals(template)) {
          return task;
        }
      }
      return live.get(0);
    }

    /** Replaces outdated tasks while fewer than {@code parallelism} new ones are starting. */
    void rollOut() {
      long room = Templates.parallelism(service) - starting;
      for (int i = 0; i < outdated.size() && i < room; i++) {
        Task old = outdated.get(i);
        List<Task> updates = new ArrayList<>();
        List<Task> removals = new ArrayList<>();
        retireInto(old, updates, removals);
        steps.add(new Step(service.getId(), updates, removals,
            newTask(old.getSlot(), global ? old.getNodeId() : ""), "update"));
      }
    }

    private boolean inRange(long slot) {
      return slot >= 1 && slot <= Templates.replicas(service);
    }

    private void trimHistory(List<Task> stopped, int keep) {
      if (stopped.size() <= keep) {
        return;
      }
      stopped.sort(NEWEST_FIRST);
      for (Task task : stopped.subList(keep, stopped.size())) {
        steps.add(Step.remove(task));
      }
    }

    private Task newTask(long slot, String nodeId) {
      String name = service.getSpec().getAnnotations().getName();
      Task.Builder task = Task.newBuilder().setId(ids.get()).setServiceId(service.getId())
          .setSlot(slot).setNodeId(nodeId).setSpec(template)
          .setSpecVersion(service.getMeta().getVersion().getIndex())
          .setAnnotations(Annotations.newBuilder()
              .setName(name + "." + (nodeId.isEmpty() ? Long.toString(slot) : nodeId)))
          .setServiceAnnotations(service.getSpec().getAnnotations())
          .setDesiredState(TaskState.TASK_STATE_RUNNING)
          .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_NEW)
              .setTimestamp(now).setMessage("created"));
      if (service.hasEndpoint()) {
        task.setEndpoint(service.getEndpoint());
      }
      return task.build();
    }
  }

  /** A step that takes one task out of service. */
  private static Step retire(Task task, String what) {
    List<Task> updates = new ArrayList<>();
    List<Task> removals = new ArrayList<>();
    retireInto(task, updates, removals);
    return new Step(task.getServiceId(), updates, removals, null,
        removals.isEmpty() ? what : "remove");
  }

  /**
   * A task never placed (NEW, PENDING) is removed outright; one placed or that has run gets
   * desired SHUTDOWN, so its agent stops it and it stays as history.
   */
  private static void retireInto(Task task, List<Task> updates, List<Task> removals) {
    if (task.getStatus().getState().getNumber() < TaskState.TASK_STATE_ASSIGNED_VALUE) {
      removals.add(task);
    } else {
      updates.add(task.toBuilder().setDesiredState(TaskState.TASK_STATE_SHUTDOWN).build());
    }
  }
}
