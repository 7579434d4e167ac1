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
import io.hearth.store.SequenceConflictException;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import io.hearth.store.WatchedView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Assigns waiting tasks to nodes, on a thread of its own. It reads nodes and tasks once
 * ({@code viewAndWatch}) into a {@link ClusterView}, keeps it current from the watch, and
 * whenever a change may let a task be placed (a task comes to wait, a node changes, a task frees
 * its node) it waits for the burst to settle, plans every waiting task ({@link Planner}) and
 * writes the decisions with {@code store.batch}, compare-and-swap on the version it read.
 *
 * <p>A write that conflicts (someone changed the task meanwhile) is dropped and the task is
 * planned again once the view shows the change, so no decision overwrites a newer task and no
 * task is lost. Before the next pass the scheduler waits until its view includes its own
 * writes, so it never plans from a state older than what it wrote.
 */
public final class Scheduler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Scheduler.class.getName());
  private static final WatchRequest REQUEST =
      WatchRequests.on(ObjectKind.NODE).or(ObjectKind.TASK).build();
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration CATCH_UP = Duration.ofSeconds(10);
  private static final long MIN_BACKOFF_MS = 10;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final int DRAIN_LIMIT = 1024;

  private final StoreService store;
  private final WatchService watches;
  private final Clock clock;
  private final Thread thread;
  private final ClusterView view = new ClusterView();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong assigned = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile SchedulerSettings settings;
  private volatile boolean running;
  private volatile Watch watch;
  private volatile Consumer<List<Task>> beforeWrite = writes -> { };

  // Owned by the scheduler thread.
  private boolean dirty;
  private long firstChange;
  private long lastChange;
  private long retryAt;
  private int failures;
  private long awaitVersion;
  private long awaitSince;

  public Scheduler(StoreService store, WatchService watches, SchedulerSettings settings,
      Clock clock) {
    this.store = store;
    this.watches = watches;
    this.settings = settings;
    this.clock = clock;
    this.thread = new Thread(this::run, "hearth-scheduler");
    thread.setDaemon(true);
  }

  /** Starts the scheduling thread. */
  public void start() {
    running = true;
    thread.start();
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(SchedulerSettings next) {
    settings = next;
  }

  /**
   * Stops the thread and closes the watch; waits for a pass in progress to finish writing, so
   * that nothing runs after this returns.
   */
  @Override
  public void close() {
    running = false;
    Watch w = watch;
    if (w != null) {
      w.close();
    }
    thread.interrupt();
    try {
      thread.join(Duration.ofSeconds(30).toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (thread.isAlive()) {
      LOG.warning("the scheduler thread did not stop within 30 s");
    }
  }

  /** Planning passes run so far. */
  public long passes() {
    return passes.get();
  }

  /** Tasks this scheduler assigned. */
  public long assigned() {
    return assigned.get();
  }

  /** Writes that lost a compare-and-swap and were planned again. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Times the view was read again from the store after its watch closed. */
  public long resyncs() {
    return resyncs.get();
  }

  /** Test hook: runs on the scheduler thread with the writes of a pass, before they go out. */
  void beforeWrite(Consumer<List<Task>> hook) {
    beforeWrite = hook;
  }

  private void run() {
    while (running) {
      try {
        if (watch == null) {
          resync();
        }
        step();
      } catch (WatchClosedException e) {
        if (running) {
          LOG.log(Level.INFO, "scheduler watch closed; reading the state again", e);
          dropWatch();
          pause();
        }
      } catch (InterruptedException e) {
        // close() interrupts; otherwise go on
      } catch (RuntimeException e) {
        if (running) {
          // Not the leader any more (the component is about to stop), or the store went away:
          // plan again on fresh state after a pause.
          LOG.log(Level.WARNING, "scheduling pass failed; retrying", e);
          markDirty(System.nanoTime());
          pause();
        }
      }
    }
    dropWatch();
  }

  private void resync() {
    WatchedView<Snapshot> read = watches.viewAndWatch(REQUEST, tx -> new Snapshot(
        tx.nodes().find(By.all()), tx.tasks().find(By.or(byTaskState(TaskState.TASK_STATE_PENDING),
            byTaskState(TaskState.TASK_STATE_ASSIGNED), byTaskState(TaskState.TASK_STATE_ACCEPTED),
            byTaskState(TaskState.TASK_STATE_PREPARING), byTaskState(TaskState.TASK_STATE_READY),
            byTaskState(TaskState.TASK_STATE_STARTING), byTaskState(TaskState.TASK_STATE_RUNNING)))));
    watch = read.watch();
    if (!running) {
      dropWatch();
      return;
    }
    resyncs.incrementAndGet();
    view.reset(read.value().nodes(), read.value().tasks(), read.version());
    awaitVersion = 0;
    markDirty(System.nanoTime());
  }

  /** Waits for changes until a pass is due, then runs it. */
  private void step() throws InterruptedException {
    long now = System.nanoTime();
    long waitNanos;
    if (!dirty) {
      waitNanos = IDLE.toNanos();
    } else if (view.version() < awaitVersion) {
      if (now - awaitSince > CATCH_UP.toNanos()) {
        LOG.warning("the scheduler's watch did not deliver version " + awaitVersion
            + " within " + CATCH_UP + "; reading the state again");
        dropWatch();
        return;
      }
      waitNanos = Math.min(IDLE.toNanos(), CATCH_UP.toNanos() - (now - awaitSince));
    } else {
      SchedulerSettings s = settings;
      long due = Math.min(firstChange + s.maxDelay().toNanos(),
          lastChange + s.debounce().toNanos());
      due = Math.max(due, retryAt);
      waitNanos = due - now;
      if (waitNanos <= 0) {
        pass();
        return;
      }
    }
    Commit commit = watch.poll(Duration.ofNanos(waitNanos));
    for (int i = 0; commit != null && i < DRAIN_LIMIT; i++) {
      if (view.apply(commit) && !view.pending().isEmpty()) {
        markDirty(System.nanoTime());
      }
      commit = i + 1 < DRAIN_LIMIT ? watch.poll(Duration.ZERO) : null;
    }
  }

  private void markDirty(long now) {
    if (!dirty) {
      dirty = true;
      firstChange = now;
    }
    lastChange = now;
  }

  /** Plans every waiting task and writes the decisions in batches. */
  private void pass() {
    dirty = false;
    passes.incrementAndGet();
    List<Task> writes = Planner.plan(view, now());
    if (writes.isEmpty()) {
      failures = 0;
      return;
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
    awaitVersion = written[0];
    awaitSince = System.nanoTime();
    if (lost[0] > 0) {
      conflicts.addAndGet(lost[0]);
      long now = System.nanoTime();
      markDirty(now);
      retryAt = now + backoffNanos(failures++);
    } else {
      failures = 0;
    }
  }

  private void pause() {
    try {
      Thread.sleep(backoffNanos(failures++) / 1_000_000);
    } catch (InterruptedException e) {
      // close() interrupts
    }
  }

  private static long backoffNanos(int failures) {
    long ms = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS << Math.min(failures, 10));
    return ms * 1_000_000;
  }

  private void dropWatch() {
    Watch w = watch;
    watch = null;
    if (w != null) {
      w.close();
    }
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())
        .build();
  }

  /** What the scheduler reads when it (re)starts. */
  private record Snapshot(List<Node> nodes, List<Task> tasks) {
    Snapshot {
      nodes = new ArrayList<>(nodes);
      tasks = new ArrayList<>(tasks);
    }
  }
}
