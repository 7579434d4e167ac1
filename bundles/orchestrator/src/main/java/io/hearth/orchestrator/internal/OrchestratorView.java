package io.hearth.orchestrator.internal;

import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The orchestrator's picture of the store: every service, every node, and the tasks of each
 * service. Built from a snapshot and kept current from the watch that starts after it, so it is
 * the store's state at {@link #version()}. Owned by the orchestrator's thread; not thread-safe.
 */
final class OrchestratorView {
  private final Map<String, Service> services = new HashMap<>();
  private final Map<String, Node> nodes = new HashMap<>();
  private final Map<String, Map<String, Task>> tasksByService = new HashMap<>();
  /** Services this view saw removed: their tasks go, whoever made them. */
  private final Set<String> removed = new HashSet<>();
  private long version;

  /** Replaces everything with a snapshot read at {@code snapshotVersion}. */
  void reset(List<Service> allServices, List<Node> allNodes, List<Task> allTasks,
      long snapshotVersion) {
    services.clear();
    nodes.clear();
    tasksByService.clear();
    for (Service service : allServices) {
      services.put(service.getId(), service);
    }
    for (Node node : allNodes) {
      nodes.put(node.getId(), node);
    }
    for (Task task : allTasks) {
      putTask(task);
    }
    version = snapshotVersion;
  }

  /**
   * Applies one commit of the watch and adds to {@code dirty} the services it may change
   * something for. Returns true if a node changed, which may concern every service.
   */
  boolean apply(Commit commit, Set<String> dirty) {
    boolean nodeChanged = false;
    for (StoreEvent event : commit.events()) {
      boolean remove = event.action() == StoreEvent.Action.REMOVE;
      if (event.kind() == ObjectKind.SERVICE) {
        Service service = event.object(ObjectKind.SERVICE);
        if (remove) {
          services.remove(service.getId());
          removed.add(service.getId());
        } else if (newer(services.get(service.getId()), service)) {
          services.put(service.getId(), service);
          removed.remove(service.getId());
        }
        dirty.add(service.getId());
      } else if (event.kind() == ObjectKind.NODE) {
        Node node = event.object(ObjectKind.NODE);
        Node old = nodes.get(node.getId());
        if (remove) {
          nodes.remove(node.getId());
        } else if (old == null || version(old) <= version(node)) {
          nodes.put(node.getId(), node);
        }
        nodeChanged |= old == null || remove || !old.equals(node);
      } else if (event.kind() == ObjectKind.TASK) {
        Task task = event.object(ObjectKind.TASK);
        if (task.getServiceId().isEmpty()) {
          continue;
        }
        if (remove) {
          Map<String, Task> tasks = tasksByService.get(task.getServiceId());
          if (tasks != null) {
            tasks.remove(task.getId());
            if (tasks.isEmpty()) {
              tasksByService.remove(task.getServiceId());
              if (!services.containsKey(task.getServiceId())) {
                removed.remove(task.getServiceId());
              }
            }
          }
        } else {
          Task old = tasksMap(task.getServiceId()).get(task.getId());
          if (old == null || Templates.version(old) <= Templates.version(task)) {
            putTask(task);
          }
        }
        dirty.add(task.getServiceId());
      }
    }
    version = Math.max(version, commit.version());
    return nodeChanged;
  }

  private void putTask(Task task) {
    if (!task.getServiceId().isEmpty()) {
      tasksByService.computeIfAbsent(task.getServiceId(), k -> new HashMap<>())
          .put(task.getId(), task);
    }
  }

  /** The version of the store's state this view shows. */
  long version() {
    return version;
  }

  /** The service, or null if it is not in the store. */
  Service service(String id) {
    return services.get(id);
  }

  /** Every service id known: of services, and of tasks whose service may be gone. */
  Set<String> serviceIds() {
    Set<String> ids = new HashSet<>(services.keySet());
    ids.addAll(tasksByService.keySet());
    return ids;
  }

  /** The tasks of a service; empty if none. */
  Collection<Task> tasks(String serviceId) {
    Map<String, Task> tasks = tasksByService.get(serviceId);
    return tasks == null ? List.of() : tasks.values();
  }

  private Map<String, Task> tasksMap(String serviceId) {
    return tasksByService.getOrDefault(serviceId, Map.of());
  }

  /**
   * The tasks of a service that is not in the store that the orchestrator should take away:
   * all of them if this view saw the service removed; otherwise those an orchestrator made
   * (they carry the service's annotations) or already marked for removal. Tasks made by
   * someone else for a service id that never existed are left alone.
   */
  List<Task> orphans(String serviceId) {
    boolean seenRemoved = removed.contains(serviceId);
    return tasksMap(serviceId).values().stream()
        .filter(t -> seenRemoved || !t.getServiceAnnotations().getName().isEmpty()
            || t.getDesiredState() == TaskState.TASK_STATE_REMOVE)
        .toList();
  }

  Node node(String id) {
    return nodes.get(id);
  }

  Collection<Node> nodes() {
    return nodes.values();
  }

  private static boolean newer(Service old, Service now) {
    return old == null || old.getMeta().getVersion().getIndex()
        <= now.getMeta().getVersion().getIndex();
  }

  private static long version(Node node) {
    return node.getMeta().getVersion().getIndex();
  }
}
