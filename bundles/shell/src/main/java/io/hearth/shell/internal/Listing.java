package io.hearth.shell.internal;

import io.hearth.model.IPAMConfig;
import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.NodeRole;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The table {@code hearth:ls} prints: one row per object with its short id, name, state, node,
 * version and age. What "state" and "node" mean depends on the kind:
 *
 * <ul>
 *   <li>task: its observed state (and the desired one when it is being stopped); the node's
 *       name;
 *   <li>node: status, availability and role ({@code ready active worker}); its address;
 *   <li>service: mode and tasks running of those wanted ({@code replicated 2/3});
 *   <li>network: its subnets.
 * </ul>
 *
 * Reads within one view, so a table is one consistent state.
 */
public final class Listing {
  private final ReadTx tx;
  private final Instant now;
  private final Map<String, String> nodeNames = new HashMap<>();

  public Listing(ReadTx tx, Instant now) {
    this.tx = tx;
    this.now = now;
  }

  /** The objects of {@code kind} in reading order: tasks by service and slot, others by name. */
  public static <T> List<T> sorted(ObjectKind<T> kind, List<T> objects) {
    List<T> copy = new ArrayList<>(objects);
    if (kind == ObjectKind.TASK) {
      copy.sort(Comparator.comparing((T t) -> ((Task) t).getServiceAnnotations().getName())
          .thenComparing(t -> ((Task) t).getServiceId())
          .thenComparingLong(t -> ((Task) t).getSlot())
          .thenComparing(t -> ((Task) t).getNodeId())
          .thenComparing(t -> ((Task) t).getMeta().getCreatedAt().getSeconds()));
    } else {
      copy.sort(Comparator.comparing((T o) -> kind.name(o)).thenComparing(o -> kind.id(o)));
    }
    return copy;
  }

  public <T> Table table(ObjectKind<T> kind, List<T> objects) {
    Table table = new Table("ID", "NAME", "STATE", "NODE", "VERSION", "AGE");
    for (T object : objects) {
      table.row(Ids.shortId(kind.id(object)), displayName(object, kind.name(object)),
          state(kind, object),
          node(kind, object), Long.toString(kind.meta(object).getVersion().getIndex()),
          Ages.since(kind.meta(object).getCreatedAt(), now));
    }
    return table;
  }

  /**
   * The name to show: a global service's task is named {@code <service>.<node id>}, which
   * shows as {@code <service>.<short node id>} to keep the table narrow.
   */
  static String displayName(Object object, String name) {
    if (object instanceof Task task && !task.getNodeId().isEmpty()
        && name.endsWith("." + task.getNodeId())) {
      return name.substring(0, name.length() - task.getNodeId().length())
          + Ids.shortId(task.getNodeId());
    }
    return name;
  }

  <T> String state(ObjectKind<T> kind, T object) {
    return object instanceof Service service ? serviceState(service) : describe(object);
  }

  /**
   * The state of an object from the object alone; a service's reads {@code replicated 3} (its
   * tasks are not counted).
   */
  public static String describe(Object object) {
    if (object instanceof Task task) {
      return taskState(task);
    } else if (object instanceof Node node) {
      return States.name(node.getStatus().getState()) + " "
          + States.name(node.getSpec().getAvailability()) + " "
          + States.name(node.getRole() == NodeRole.NODE_ROLE_MANAGER
              ? node.getRole() : node.getSpec().getDesiredRole());
    } else if (object instanceof Service service) {
      return service.getSpec().hasGlobal() ? "global"
          : "replicated " + service.getSpec().getReplicated().getReplicas();
    } else if (object instanceof Network network) {
      List<IPAMConfig> configs = network.getIpam().getConfigsCount() > 0
          ? network.getIpam().getConfigsList() : network.getSpec().getIpam().getConfigsList();
      return configs.stream().map(IPAMConfig::getSubnet).collect(Collectors.joining(","));
    }
    return "";
  }

  static String taskState(Task task) {
    String observed = States.name(task.getStatus().getState());
    TaskState desired = task.getDesiredState();
    if (desired.getNumber() > TaskState.TASK_STATE_RUNNING_VALUE
        && desired.getNumber() > task.getStatus().getState().getNumber()) {
      return observed + " (desired " + States.name(desired) + ")";
    }
    return observed;
  }

  private String serviceState(Service service) {
    long running = tx.tasks().find(By.byServiceId(service.getId())).stream()
        .filter(t -> t.getDesiredState() == TaskState.TASK_STATE_RUNNING
            && t.getStatus().getState() == TaskState.TASK_STATE_RUNNING)
        .count();
    if (service.getSpec().hasGlobal()) {
      return "global " + running + " running";
    }
    return "replicated " + running + "/" + service.getSpec().getReplicated().getReplicas();
  }

  <T> String node(ObjectKind<T> kind, T object) {
    if (object instanceof Task task) {
      return nodeName(task.getNodeId());
    } else if (object instanceof Node node) {
      return node.getStatus().getAddr();
    }
    return "";
  }

  /** A node's name, or its short id if it has none or is gone. */
  String nodeName(String nodeId) {
    if (nodeId.isEmpty()) {
      return "";
    }
    return nodeNames.computeIfAbsent(nodeId, id -> {
      Node node = tx.nodes().get(id);
      return node == null || node.getSpec().getAnnotations().getName().isEmpty()
          ? Ids.shortId(id) : node.getSpec().getAnnotations().getName();
    });
  }
}
