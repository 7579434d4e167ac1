package io.hearth.orchestrator.internal;

import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeState;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;

/** What a service asks of its tasks, and what state a task or node is in, in one place. */
final class Templates {
  private Templates() {
  }

  /**
   * The spec every task of {@code service} should carry: {@code spec.task}, with the service's
   * networks when the template names none (as SwarmKit does with the older field).
   */
  static TaskSpec task(Service service) {
    ServiceSpec spec = service.getSpec();
    TaskSpec task = spec.getTask();
    if (task.getNetworksCount() == 0 && spec.getNetworksCount() > 0) {
      return task.toBuilder().addAllNetworks(spec.getNetworksList()).build();
    }
    return task;
  }

  static boolean isGlobal(Service service) {
    return service.getSpec().getModeCase() == ServiceSpec.ModeCase.GLOBAL;
  }

  /** Replicas of a replicated service (a service with no mode counts as replicated, 0). */
  static long replicas(Service service) {
    return service.getSpec().getReplicated().getReplicas();
  }

  /** Tasks at once on a rolling update: {@code spec.update.parallelism}, 0 meaning 1. */
  static long parallelism(Service service) {
    return Math.max(1, service.getSpec().getUpdate().getParallelism());
  }

  /** Meant to run: desired state at most RUNNING. */
  static boolean runnable(Task task) {
    return task.getDesiredState().getNumber() <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  /** Stopped on its own: observed past RUNNING (complete, failed, rejected, orphaned...). */
  static boolean ended(Task task) {
    return task.getStatus().getState().getNumber() > TaskState.TASK_STATE_RUNNING_VALUE;
  }

  /** Placed on a node and maybe running there: an agent has to stop it before it goes. */
  static boolean holdsNode(Task task) {
    int state = task.getStatus().getState().getNumber();
    return !task.getNodeId().isEmpty() && state >= TaskState.TASK_STATE_ASSIGNED_VALUE
        && state <= TaskState.TASK_STATE_RUNNING_VALUE;
  }

  /** Whether a task on {@code node} (null: not in the store) has lost it: down, drained, gone. */
  static boolean nodeLost(Node node) {
    return node == null || node.getStatus().getState() == NodeState.NODE_STATE_DOWN
        || node.getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_DRAIN;
  }

  /** A node a global service runs on: ready, active and accepted. */
  static boolean eligible(Node node) {
    return node != null && node.getStatus().getState() == NodeState.NODE_STATE_READY
        && node.getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_ACTIVE
        && node.getSpec().getMembership() == NodeMembership.NODE_MEMBERSHIP_ACCEPTED;
  }

  /** A node paused by its operator, otherwise fit: it keeps its tasks but gets no new ones. */
  static boolean paused(Node node) {
    return node != null && node.getStatus().getState() == NodeState.NODE_STATE_READY
        && node.getSpec().getAvailability() == NodeAvailability.NODE_AVAILABILITY_PAUSE
        && node.getSpec().getMembership() == NodeMembership.NODE_MEMBERSHIP_ACCEPTED;
  }

  static long version(Task task) {
    return task.getMeta().getVersion().getIndex();
  }
}
