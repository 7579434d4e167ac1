package io.hearth.scheduler.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.Node;
import io.hearth.model.Resources;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Decides, from a {@link ClusterView}, where each waiting task goes: the nodes that pass the
 * filters (ready, accepted, active, constraints, platform, resources left), and among them the
 * one with the fewest tasks of the task's service, then the fewest tasks, then the lowest id.
 * Tasks that fit nowhere keep waiting with the reason in {@code status.err}, rewritten only when
 * the reason changes. A pure function of the view: nothing is written here.
 */
final class Planner {
  static final String ASSIGNED_MESSAGE = "scheduler assigned task to node";
  static final String PENDING_MESSAGE = "pending task scheduling";

  private static final Comparator<Task> ORDER = Comparator.comparing(Task::getServiceId)
      .thenComparingLong(Task::getSlot).thenComparing(Task::getId);

  /** The tasks to write, each built on the version the view holds (compare-and-swap). */
  static List<Task> plan(ClusterView view, Timestamp now) {
    List<Slot> slots = new ArrayList<>();
    Map<String, Slot> byId = new HashMap<>();
    for (Node node : view.nodes()) {
      Slot slot = new Slot(node, view.usage(node.getId()));
      slots.add(slot);
      byId.put(node.getId(), slot);
    }
    slots.sort(Comparator.comparing(s -> s.node.getId()));

    List<Task> waiting = new ArrayList<>(view.pending());
    waiting.sort(ORDER);
    Map<GroupKey, List<Task>> groups = new LinkedHashMap<>();
    List<Task> preassigned = new ArrayList<>();
    for (Task task : waiting) {
      if (task.getNodeId().isEmpty()) {
        groups.computeIfAbsent(new GroupKey(task.getServiceId(), task.getSpec()),
            k -> new ArrayList<>()).add(task);
      } else {
        preassigned.add(task);
      }
    }

    List<Task> writes = new ArrayList<>();
    for (Task task : preassigned) {
      placePreassigned(task, byId.get(task.getNodeId()), now, writes);
    }
    for (Map.Entry<GroupKey, List<Task>> group : groups.entrySet()) {
      placeGroup(group.getKey().serviceId(), Requirements.of(group.getKey().spec()),
          group.getValue(), slots, now, writes);
    }
    return writes;
  }

  private static void placeGroup(String serviceId, Requirements req, List<Task> tasks,
      List<Slot> slots, Timestamp now, List<Task> writes) {
    if (req.invalid() != null) {
      for (Task task : tasks) {
        pending(task, "no suitable node (" + req.invalid() + ")", now, writes);
      }
      return;
    }
    Map<Misfit, Integer> misfits = new EnumMap<>(Misfit.class);
    List<Slot> eligible = new ArrayList<>();
    for (Slot slot : slots) {
      Misfit misfit = req.check(slot.node);
      if (misfit == null) {
        eligible.add(slot);
      } else {
        misfits.merge(misfit, 1, Integer::sum);
      }
    }
    int[] ofService = new int[eligible.size()];
    for (int i = 0; i < ofService.length; i++) {
      ofService[i] = eligible.get(i).tasksOf(serviceId);
    }
    // The eligible nodes, the best first: fewest tasks of the service, then fewest tasks, then
    // the lowest id (eligible is in id order). A heap instead of a scan per task: a service of
    // 10,000 tasks on 1,000 nodes is 10 million comparisons otherwise.
    PriorityQueue<Integer> best = new PriorityQueue<>(Math.max(1, ofService.length),
        Comparator.<Integer>comparingInt(i -> ofService[i])
            .thenComparingInt(i -> eligible.get(i).tasks)
            .thenComparingInt(i -> i));
    for (int i = 0; i < ofService.length; i++) {
      best.add(i);
    }
    String reason = null;
    for (Task task : tasks) {
      int chosen = reason == null ? pick(req, eligible, best) : -1;
      if (chosen < 0) {
        if (reason == null) {
          // Later tasks of the group ask the same of nodes that only fill up: same reason.
          reason = reason(misfits, req, eligible, slots.size());
        }
        pending(task, reason, now, writes);
        continue;
      }
      Slot slot = eligible.get(chosen);
      slot.take(serviceId, req);
      ofService[chosen]++;
      best.add(chosen);
      writes.add(assigned(task, slot.node.getId(), now));
    }
  }

  /**
   * Takes the best node with room for {@code req} off the heap, or returns -1. Nodes without
   * room are dropped: within one group every task asks the same and nodes only fill up, so
   * they would not fit a later task either. The caller puts the chosen node back once it
   * counted the task on it, so that it sorts by its new counts.
   */
  private static int pick(Requirements req, List<Slot> eligible, PriorityQueue<Integer> best) {
    Integer i;
    while ((i = best.poll()) != null) {
      Slot slot = eligible.get(i);
      if (req.fits(slot.freeCpus, slot.freeMemory) == null) {
        return i;
      }
    }
    return -1;
  }

  private static void placePreassigned(Task task, Slot slot, Timestamp now, List<Task> writes) {
    Requirements req = Requirements.of(task.getSpec());
    if (req.invalid() != null) {
      pending(task, "no suitable node (" + req.invalid() + ")", now, writes);
      return;
    }
    if (slot == null) {
      pending(task, "no suitable node (node " + task.getNodeId() + " does not exist)", now,
          writes);
      return;
    }
    Misfit misfit = req.check(slot.node);
    if (misfit == null) {
      misfit = req.fits(slot.freeCpus, slot.freeMemory);
    }
    if (misfit != null) {
      pending(task, "no suitable node (node " + task.getNodeId() + " " + misfit.text() + ")",
          now, writes);
      return;
    }
    slot.take(task.getServiceId(), req);
    writes.add(assigned(task, task.getNodeId(), now));
  }

  private static String reason(Map<Misfit, Integer> misfits, Requirements req,
      List<Slot> eligible, int nodes) {
    if (nodes == 0) {
      return "no suitable node (no nodes)";
    }
    Map<Misfit, Integer> all = new EnumMap<>(misfits);
    for (Slot slot : eligible) {
      Misfit misfit = req.fits(slot.freeCpus, slot.freeMemory);
      if (misfit != null) {
        all.merge(misfit, 1, Integer::sum);
      }
    }
    StringBuilder text = new StringBuilder("no suitable node (");
    String sep = "";
    for (Map.Entry<Misfit, Integer> e : all.entrySet()) {
      text.append(sep).append(e.getValue()).append(e.getValue() == 1 ? " node " : " nodes ")
          .append(e.getKey().text());
      sep = ", ";
    }
    return text.append(')').toString();
  }

  private static Task assigned(Task task, String nodeId, Timestamp now) {
    return task.toBuilder().setNodeId(nodeId).setStatus(TaskStatus.newBuilder()
        .setState(TaskState.TASK_STATE_ASSIGNED).setMessage(ASSIGNED_MESSAGE).setTimestamp(now))
        .build();
  }

  private static void pending(Task task, String reason, Timestamp now, List<Task> writes) {
    if (reason.equals(task.getStatus().getErr())) {
      return;
    }
    writes.add(task.toBuilder().setStatus(task.getStatus().toBuilder()
        .setMessage(PENDING_MESSAGE).setErr(reason).setTimestamp(now)).build());
  }

  /** Tasks that share a service and a spec ask the same of a node. */
  private record GroupKey(String serviceId, TaskSpec spec) { }

  /** A node during one planning pass: what it has left once this pass's choices are counted. */
  private static final class Slot {
    final Node node;
    final NodeUsage usage;
    final Map<String, Integer> added = new HashMap<>();
    long freeCpus;
    long freeMemory;
    int tasks;

    Slot(Node node, NodeUsage usage) {
      this.node = node;
      this.usage = usage;
      Resources total = node.getDescription().getResources();
      this.freeCpus = total.getNanoCpus() - usage.nanoCpus();
      this.freeMemory = total.getMemoryBytes() - usage.memoryBytes();
      this.tasks = usage.tasks();
    }

    int tasksOf(String serviceId) {
      return usage.tasksOf(serviceId) + added.getOrDefault(serviceId, 0);
    }

    void take(String serviceId, Requirements req) {
      freeCpus -= req.nanoCpus();
      freeMemory -= req.memoryBytes();
      tasks++;
      added.merge(serviceId, 1, Integer::sum);
    }
  }
}
