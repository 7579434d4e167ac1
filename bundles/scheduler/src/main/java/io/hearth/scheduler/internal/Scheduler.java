package io.hearth.scheduler.internal;

import static io.hearth.store.By.byTaskState;

import com.google.protobuf.Timestamp;
import io.hearth.model.Node;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.WatchRequest;
import io.hearth.store.By;
import io.hearth.store.Commit;
import io.hearth.store.NotFoundException;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.StoreService;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import io.hearth.store.plugin.ControlLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Assigns waiting tasks to nodes, on a thread of its own. It reads nodes and tasks once
 * ({@code viewAndWatch}) into a {@link ClusterView}, keeps it current from the watch, and
 * whenever a change may let a task be placed (a task comes to wait, a node changes, a task frees
 * its node) it waits for the burst to settle, plans every waiting task ({@link Planner}) and
 * writes the decisions with {@code store.batch}, compare-and-swap on the version it read.
 *
 * <p>A write that conflicts (someone changed the task meanwhile) is dropped and the task is
 * planned again once the view shows the change, so no decision overwrites a newer task and no
 * task is lost. The loop around it (waiting for its own writes, pacing, back-off, resync) is
 * {@link ControlLoop}'s.
 */
public final class Scheduler extends ControlLoop<Scheduler.Snapshot> {
  private static final WatchRequest REQUEST =
      WatchRequests.on(ObjectKind.NODE).or(ObjectKind.TASK).build();

  private final StoreService store;
  private final Clock clock;
  private final ClusterView view = new ClusterView();
  private final AtomicLong assigned = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private volatile SchedulerSettings settings;
  private volatile Consumer<List<Task>> beforeWrite = writes -> { };

  public Scheduler(StoreService store, WatchService watches, SchedulerSettings settings,
      Clock clock) {
    super("scheduler", watches, REQUEST);
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(SchedulerSettings next) {
    settings = next;
  }

  /** Tasks this scheduler assigned. */
  public long assigned() {
    return assigned.get();
  }

  /** Writes that lost a compare-and-swap and were planned again. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Test hook: runs on the scheduler thread with the writes of a pass, before they go out. */
  void beforeWrite(Consumer<List<Task>> hook) {
    beforeWrite = hook;
  }

  @Override
  protected Snapshot read(ReadTx tx) {
    return new Snapshot(
        tx.nodes().find(By.all()), tx.tasks().find(By.or(byTaskState(TaskState.TASK_STATE_PENDING),
            byTaskState(TaskState.TASK_STATE_ASSIGNED), byTaskState(TaskState.TASK_STATE_ACCEPTED),
            byTaskState(TaskState.TASK_STATE_PREPARING), byTaskState(TaskState.TASK_STATE_READY),
            byTaskState(TaskState.TASK_STATE_STARTING), byTaskState(TaskState.TASK_STATE_RUNNING))));
  }

  @Override
  protected void reset(Snapshot snapshot, long version) {
    view.reset(snapshot.nodes(), snapshot.tasks(), version);
  }

  @Override
  protected long version() {
    return view.version();
  }

  /** A pass is wanted when the commit changed the view and some task waits. */
  @Override
  protected boolean apply(Commit commit) {
    return view.apply(commit) && !view.pending().isEmpty();
  }

  @Override
  protected Timing timing() {
    return settings;
  }

  @Override
  protected boolean passFailed(RuntimeException e) {
    // Not the leader any more (the component is about to stop), or the store went away:
    // plan again on fresh state after a pause.
    logPassFailure("scheduling pass failed; retrying", e);
    return false;
  }

  /** Plans every waiting task and writes the decisions in batches. */
  @Override
  protected Outcome pass() {
    List<Task> writes = Planner.plan(view, now());
    if (writes.isEmpty()) {
      return Outcome.NOTHING;
    }
    beforeWrite.accept(writes);
    int batchSize = settings.batchSize();
    long[] written = {0};
    int[] lost = {0};
    for (int from = 0; from < writes.size(); from += batchSize) {
      List<Task> chunk = writes.subList(from, Math.min(writes.size(), from + batchSize));
      store.batch(batch -> {
        for (Task task : chunk) {
          try {
            batch.update(tx -> {
              tx.tasks().update(task);
              written[0] = Math.max(written[0], tx.version());
            });
            if (task.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED) {
              assigned.incrementAndGet();
            }
          } catch (SequenceConflictException | NotFoundException e) {
            // Changed or removed since the view read it: plan it again once the view has it.
            lost[0]++;
          }
        }
      });
    }
    conflicts.addAndGet(lost[0]);
    return new Outcome(written[0], lost[0] > 0);
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())
        .build();
  }

  /** What the scheduler reads when it (re)starts. */
  record Snapshot(List<Node> nodes, List<Task> tasks) {
    Snapshot {
      nodes = new ArrayList<>(nodes);
      tasks = new ArrayList<>(tasks);
    }
  }
}
