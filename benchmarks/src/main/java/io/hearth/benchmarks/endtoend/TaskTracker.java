package io.hearth.benchmarks.endtoend;

import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreEventListener;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Follows one service's tasks on one replica through a watch and notes when the tasks of a
 * target template (its image) reach each stage of the hand-over: created by the orchestrator,
 * allocated (an address on the network and PENDING or later), assigned by the scheduler (a node
 * and ASSIGNED..RUNNING). Times are when this replica's watch delivered the commit, so a
 * follower's tracker tells when that follower had seen it all.
 *
 * <p>Counts are kept incrementally (each event takes its task's old contribution away and adds
 * the new one), so following 20,000 tasks costs a few map operations per event. Thread-safe:
 * the watch delivers on the hub's threads, the benchmark reads and waits on another.
 */
final class TaskTracker implements StoreEventListener, AutoCloseable {
  /** The stages, in hand-over order. */
  enum Stage { CREATED, ALLOCATED, ASSIGNED }

  private final String networkId;
  private final Map<String, Task> tasks = new HashMap<>();
  private final Watch watch;
  private String image;
  private int target;
  private long start;
  private final int[] count = new int[Stage.values().length];
  private final long[] first = new long[Stage.values().length];
  private final long[] all = new long[Stage.values().length];
  private WatchClosedException closed;

  /** Starts watching the tasks of {@code serviceId} on {@code hub} (from now on). */
  TaskTracker(WatchService hub, String serviceId, String networkId) {
    this.networkId = networkId;
    this.watch = hub.watch(WatchRequests.on(ObjectKind.TASK).serviceId(serviceId).build(), this);
  }

  /**
   * Starts timing the tasks of a new template: {@code replicas} of them with {@code image},
   * from {@code startNanos}. What is already there counts at once.
   */
  synchronized void target(String image, int replicas, long startNanos) {
    this.image = image;
    this.target = replicas;
    this.start = startNanos;
    Arrays.fill(count, 0);
    Arrays.fill(first, 0);
    Arrays.fill(all, 0);
    for (Task task : tasks.values()) {
      add(task, 1, startNanos);
    }
  }

  @Override
  public synchronized void committed(Commit commit) {
    long now = System.nanoTime();
    for (StoreEvent event : commit.events()) {
      Task task = event.object(ObjectKind.TASK);
      Task old = event.action() == StoreEvent.Action.REMOVE
          ? tasks.remove(task.getId()) : tasks.put(task.getId(), task);
      if (old != null) {
        add(old, -1, now);
      }
      if (event.action() != StoreEvent.Action.REMOVE) {
        add(task, 1, now);
      }
    }
    notifyAll();
  }

  @Override
  public synchronized void closed(WatchClosedException reason) {
    if (reason.reason() != WatchClosedException.Reason.CLOSED) {
      closed = reason;
    }
    notifyAll();
  }

  private void add(Task task, int delta, long now) {
    if (image == null || !image.equals(task.getSpec().getContainer().getImage())
        || task.getDesiredStateValue() > TaskState.TASK_STATE_RUNNING_VALUE) {
      return;
    }
    int state = task.getStatus().getStateValue();
    count(Stage.CREATED, delta, now);
    boolean allocated = state >= TaskState.TASK_STATE_PENDING_VALUE && hasAddress(task);
    if (allocated) {
      count(Stage.ALLOCATED, delta, now);
    }
    if (allocated && !task.getNodeId().isEmpty() && state >= TaskState.TASK_STATE_ASSIGNED_VALUE
        && state <= TaskState.TASK_STATE_RUNNING_VALUE) {
      count(Stage.ASSIGNED, delta, now);
    }
  }

  private void count(Stage stage, int delta, long now) {
    int i = stage.ordinal();
    count[i] += delta;
    if (delta > 0 && first[i] == 0) {
      first[i] = now;
    }
    if (count[i] == target && all[i] == 0) {
      all[i] = now;
    }
  }

  private boolean hasAddress(Task task) {
    return task.getNetworksList().stream()
        .anyMatch(a -> a.getNetworkId().equals(networkId) && a.getAddressesCount() > 0);
  }

  /**
   * Waits until every stage reached the target, or the deadline passes.
   *
   * @return whether all tasks were assigned in time
   * @throws WatchClosedException if the watch closed (overflow): the times would be wrong
   */
  synchronized boolean awaitAssigned(long deadlineNanos) throws InterruptedException {
    while (all[Stage.ASSIGNED.ordinal()] == 0) {
      if (closed != null) {
        throw closed;
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        return false;
      }
      wait(Math.max(1, left / 1_000_000));
    }
    return true;
  }

  /** Seconds from the target's start until the first task reached {@code stage}, or NaN. */
  synchronized double firstSeconds(Stage stage) {
    long t = first[stage.ordinal()];
    return t == 0 ? Double.NaN : (t - start) / 1e9;
  }

  /** Seconds from the target's start until all tasks reached {@code stage}, or NaN. */
  synchronized double allSeconds(Stage stage) {
    long t = all[stage.ordinal()];
    return t == 0 ? Double.NaN : (t - start) / 1e9;
  }

  /** Tasks of the target template at {@code stage} now. */
  synchronized int count(Stage stage) {
    return count[stage.ordinal()];
  }

  @Override
  public void close() {
    watch.close();
  }
}
