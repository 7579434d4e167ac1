package io.hearth.itests;

import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Every change to tasks as this replica applies it (from {@link CommitFeed}, so it also sees
 * what another node's plugins commit while this node follows), checked commit by commit for
 * what must never happen, whoever leads:
 *
 * <ul>
 *   <li>a task assigned twice (moving into ASSIGNED again) or moved from one node to another;
 *   <li>two tasks meant to run (desired state up to RUNNING) in one slot of a service, after
 *       any commit;
 *   <li>a gap in the history (the replica's state replaced by a snapshot), which would make the
 *       other checks blind.
 * </ul>
 *
 * Also counts removals and when each task was assigned, for the tests' own assertions.
 */
final class TaskHistory implements CommitListener, AutoCloseable {
  private final Map<String, Integer> assignments = new HashMap<>();
  private final Map<String, Long> assignedAt = new HashMap<>();
  private final Map<String, String> slotOfRunnable = new HashMap<>();
  private final List<String> violations = new ArrayList<>();
  private final List<String> removed = new ArrayList<>();
  private CommitFeed.Subscription subscription;
  private long version; // of the last commit received
  private boolean closed;

  /** Records every commit after the feed's current version. */
  static TaskHistory record(CommitFeed feed) {
    TaskHistory history = new TaskHistory();
    history.subscription = feed.subscribe(feed.version(), history);
    return history;
  }

  @Override
  public synchronized void committed(Commit commit) {
    List<String> touchedSlots = new ArrayList<>();
    for (StoreEvent e : commit.events()) {
      if (e.kind() != ObjectKind.TASK) {
        continue;
      }
      Task task = e.object(ObjectKind.TASK);
      Task old = e.oldObject() == null ? null : ObjectKind.TASK.cast(e.oldObject());
      slotOfRunnable.remove(task.getId());
      if (e.action() == StoreEvent.Action.REMOVE) {
        removed.add(task.getId());
        continue;
      }
      if (old != null && !old.getNodeId().isEmpty()
          && !old.getNodeId().equals(task.getNodeId())) {
        violations.add("v" + commit.version() + ": task " + task.getId() + " moved from "
            + old.getNodeId() + " to '" + task.getNodeId() + "'");
      }
      boolean nowAssigned = task.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED;
      boolean wasAssigned = old != null
          && old.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED;
      if (nowAssigned && !wasAssigned) {
        assignedAt.put(task.getId(), commit.version());
        if (assignments.merge(task.getId(), 1, Integer::sum) > 1) {
          violations.add("v" + commit.version() + ": task " + task.getId() + " assigned again");
        }
      }
      if (Workload.runnable(task) && task.getSlot() > 0) {
        String slot = task.getServiceId() + "." + task.getSlot();
        slotOfRunnable.put(task.getId(), slot);
        touchedSlots.add(slot);
      }
    }
    version = commit.version();
    notifyAll();
    for (String slot : touchedSlots) {
      List<String> holders = slotOfRunnable.entrySet().stream()
          .filter(h -> h.getValue().equals(slot)).map(Map.Entry::getKey).sorted().toList();
      if (holders.size() > 1) {
        violations.add("v" + commit.version() + ": slot " + slot + " has runnable tasks "
            + holders);
      }
    }
  }

  @Override
  public synchronized void restarted(long version) {
    violations.add("the replica's state was replaced at v" + version
        + ": the history has a gap, the checks above are incomplete");
  }

  /**
   * Waits until the commit of {@code atLeast} has been received: the store publishes a commit to
   * readers before its feed delivers it, so a view can be ahead of this history.
   */
  synchronized void awaitVersion(long atLeast, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (version < atLeast && !closed) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("history at v" + version + ", not v" + atLeast + " within "
            + timeout);
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  synchronized boolean closed() {
    return closed;
  }

  synchronized List<String> violations() {
    return List.copyOf(violations);
  }

  synchronized List<String> removed() {
    return List.copyOf(removed);
  }

  /** The version of the commit that assigned {@code taskId}, or -1. */
  synchronized long assignedAt(String taskId) {
    return assignedAt.getOrDefault(taskId, -1L);
  }

  /** How many tasks were assigned by commits after {@code version}. */
  synchronized long assignedAfter(long version) {
    return assignedAt.values().stream().filter(v -> v > version).count();
  }

  @Override
  public void close() {
    if (subscription != null) {
      subscription.close();
    }
    synchronized (this) {
      closed = true;
      notifyAll();
    }
  }
}
