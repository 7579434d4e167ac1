package io.hearth.scheduler.internal;

import io.hearth.model.Node;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The scheduler's picture of the cluster: every node, the tasks that wait to be scheduled, and
 * what the tasks already placed hold on each node. Built from a snapshot and kept current from
 * the watch that starts after it, so it is always the store's state at {@link #version()}.
 * Owned by the scheduler's thread; not thread-safe.
 */
final class ClusterView {
  private final Map<String, Node> nodes = new HashMap<>();
  /** Tasks from PENDING to RUNNING: the ones that wait and the ones that hold resources. */
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Task> pending = new HashMap<>();
  private final Map<String, NodeUsage> usage = new HashMap<>();
  private long version;

  /** Replaces everything with a snapshot read at {@code snapshotVersion}. */
  void reset(List<Node> allNodes, List<Task> allTasks, long snapshotVersion) {
    nodes.clear();
    tasks.clear();
    pending.clear();
    usage.clear();
    for (Node node : allNodes) {
      nodes.put(node.getId(), node);
    }
    for (Task task : allTasks) {
      putTask(task.getId(), task);
    }
    version = snapshotVersion;
  }

  /**
   * Applies one commit of the watch. Returns whether it may change what the scheduler would
   * decide: a node changed, a task came to wait (or changed while waiting), or a task let go
   * of what it held on a node.
   */
  boolean apply(Commit commit) {
    boolean relevant = false;
    for (StoreEvent event : commit.events()) {
      if (event.kind() == ObjectKind.NODE) {
        relevant |= applyNode(event);
      } else if (event.kind() == ObjectKind.TASK) {
        relevant |= applyTask(event);
      }
    }
    version = Math.max(version, commit.version());
    return relevant;
  }

  private boolean applyNode(StoreEvent event) {
    Node node = event.object(ObjectKind.NODE);
    if (event.action() == StoreEvent.Action.REMOVE) {
      return nodes.remove(node.getId()) != null;
    }
    Node old = nodes.get(node.getId());
    if (old != null && versionOf(old) > versionOf(node)) {
      return false;
    }
    nodes.put(node.getId(), node);
    return old == null || !old.equals(node);
  }

  private boolean applyTask(StoreEvent event) {
    Task task = event.object(ObjectKind.TASK);
    String id = task.getId();
    Task old = tasks.get(id);
    if (event.action() != StoreEvent.Action.REMOVE && old != null
        && old.getMeta().getVersion().getIndex() > task.getMeta().getVersion().getIndex()) {
      return false;
    }
    Task now = event.action() == StoreEvent.Action.REMOVE ? null : task;
    putTask(id, now);
    return mayChangeDecisions(old, tracked(now) ? now : null);
  }

  private static boolean mayChangeDecisions(Task old, Task now) {
    if (now != null && schedulable(now)) {
      return old == null || !schedulable(old) || old.getDesiredState() != now.getDesiredState()
          || !old.getNodeId().equals(now.getNodeId()) || !old.getSpec().equals(now.getSpec());
    }
    if (old != null && holds(old)) {
      return now == null || !holds(now) || !old.getNodeId().equals(now.getNodeId());
    }
    return false;
  }

  /** Stores (or, with null, forgets) a task and moves what it holds between nodes. */
  private void putTask(String id, Task task) {
    Task old = task != null && tracked(task) ? tasks.put(id, task) : tasks.remove(id);
    if (old != null && holds(old)) {
      usage.get(old.getNodeId()).release(old);
    }
    pending.remove(id);
    if (task == null || !tracked(task)) {
      return;
    }
    if (holds(task)) {
      usage.computeIfAbsent(task.getNodeId(), n -> new NodeUsage()).hold(task);
    } else if (schedulable(task)) {
      pending.put(id, task);
    }
  }

  /** The version of the store's state this view shows. */
  long version() {
    return version;
  }

  Collection<Node> nodes() {
    return nodes.values();
  }

  Node node(String id) {
    return nodes.get(id);
  }

  /** Tasks waiting for the scheduler (see {@link #schedulable}), in no particular order. */
  Collection<Task> pending() {
    return pending.values();
  }

  /** The task as this view has it, or null if it is not tracked. */
  Task task(String id) {
    return tasks.get(id);
  }

  /** What the placed tasks hold on a node; empty if none. */
  NodeUsage usage(String nodeId) {
    NodeUsage u = usage.get(nodeId);
    return u == null ? NodeUsage.EMPTY : u;
  }

  /** Waiting for the scheduler: observed PENDING and meant to run. */
  static boolean schedulable(Task task) {
    return task.getStatus().getState() == TaskState.TASK_STATE_PENDING
        && task.getDesiredState().getNumber() <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  /** Holds its reservation on its node: placed there and not yet past RUNNING. */
  static boolean holds(Task task) {
    int state = task.getStatus().getState().getNumber();
    return !task.getNodeId().isEmpty() && state >= TaskState.TASK_STATE_ASSIGNED_VALUE
        && state <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  private static boolean tracked(Task task) {
    int state = task.getStatus().getState().getNumber();
    return state >= TaskState.TASK_STATE_PENDING_VALUE
        && state <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  private static long versionOf(Node node) {
    return node.getMeta().getVersion().getIndex();
  }
}
