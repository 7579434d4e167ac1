package io.hearth.allocator.internal;

import static io.hearth.store.By.byTaskState;

import com.google.protobuf.Timestamp;
import io.hearth.allocator.internal.AllocationState.Held;
import io.hearth.allocator.internal.Planner.Write;
import io.hearth.model.Network;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.WatchRequest;
import io.hearth.store.By;
import io.hearth.store.Commit;
import io.hearth.store.InvalidObjectException;
import io.hearth.store.ObjectException;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreService;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import io.hearth.store.WatchedView;
import io.hearth.store.WriteTable;
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
 * Allocates addresses on a thread of its own. It reads networks, services and live tasks once
 * ({@code viewAndWatch}) into an {@link AllocationState}, whose pools then mark every address
 * the store records, keeps it current from the watch, and whenever a change may let something
 * be allocated it waits for the burst to settle, plans ({@link Planner}) and writes with
 * {@code store.batch}, compare-and-swap on the version it read.
 *
 * <p>No address is handed out twice: a planned address stays marked while its write is in
 * flight; a write that fails (a conflict: someone changed the object) gives its new addresses
 * back and the object is planned again from the state the watch shows next; a batch that
 * fails as a whole (leadership lost, the store stopped) leaves its outcome unknown, so the
 * state is read again from the store. Before the next pass the allocator waits until its watch
 * has delivered its own writes.
 */
public final class Allocator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Allocator.class.getName());
  private static final WatchRequest REQUEST = WatchRequests.on(ObjectKind.NETWORK)
      .or(ObjectKind.SERVICE).or(ObjectKind.TASK).build();
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration CATCH_UP = Duration.ofSeconds(10);
  private static final long MIN_BACKOFF_MS = 10;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final int DRAIN_LIMIT = 1024;

  private final StoreService store;
  private final WatchService watches;
  private final Clock clock;
  private final Thread thread;
  private final AllocationState state = new AllocationState();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong allocated = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile AllocatorSettings settings;
  private volatile boolean running;
  private volatile Watch watch;
  private volatile Consumer<List<Write>> beforeWrite = writes -> { };

  // Owned by the allocator thread.
  private boolean dirty;
  private long firstChange;
  private long lastChange;
  private long retryAt;
  private int failures;
  private long awaitVersion;
  private long awaitSince;

  public Allocator(StoreService store, WatchService watches, AllocatorSettings settings,
      Clock clock) {
    this.store = store;
    this.watches = watches;
    this.settings = settings;
    this.clock = clock;
    this.thread = new Thread(this::run, "hearth-allocator");
    thread.setDaemon(true);
  }

  /** Starts the allocating thread. */
  public void start() {
    running = true;
    thread.start();
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(AllocatorSettings next) {
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
      LOG.warning("the allocator thread did not stop within 30 s");
    }
  }

  /** Allocation passes run so far. */
  public long passes() {
    return passes.get();
  }

  /** Tasks this allocator moved to PENDING. */
  public long allocated() {
    return allocated.get();
  }

  /** Writes that failed (compare-and-swap lost, object removed) and were planned again. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Times the state was read from the store (the first time included). */
  public long resyncs() {
    return resyncs.get();
  }

  /** Test hook: runs on the allocator thread with the writes of a pass, before they go out. */
  void beforeWrite(Consumer<List<Write>> hook) {
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
          LOG.log(Level.INFO, "allocator watch closed; reading the state again", e);
          dropWatch();
          pause();
        }
      } catch (InterruptedException e) {
        // close() interrupts; otherwise go on
      } catch (RuntimeException e) {
        if (running) {
          // Not the leader any more (the component is about to stop), the store went away, or
          // a batch failed with an unknown outcome: read the state again after a pause.
          LOG.log(Level.WARNING, "allocation pass failed; reading the state again", e);
          dropWatch();
          pause();
        }
      }
    }
    dropWatch();
  }

  private void resync() {
    WatchedView<Snapshot> read = watches.viewAndWatch(REQUEST, tx -> new Snapshot(
        tx.networks().find(By.all()), tx.services().find(By.all()),
        tx.tasks().find(By.or(byTaskState(TaskState.TASK_STATE_NEW),
            byTaskState(TaskState.TASK_STATE_PENDING), byTaskState(TaskState.TASK_STATE_ASSIGNED),
            byTaskState(TaskState.TASK_STATE_ACCEPTED), byTaskState(TaskState.TASK_STATE_PREPARING),
            byTaskState(TaskState.TASK_STATE_READY), byTaskState(TaskState.TASK_STATE_STARTING),
            byTaskState(TaskState.TASK_STATE_RUNNING)))));
    watch = read.watch();
    if (!running) {
      dropWatch();
      return;
    }
    resyncs.incrementAndGet();
    state.reset(read.value().networks(), read.value().services(), read.value().tasks(),
        read.version());
    awaitVersion = 0;
    markDirty(System.nanoTime());
  }

  /** Waits for changes until a pass is due, then runs it. */
  private void step() throws InterruptedException {
    long now = System.nanoTime();
    long waitNanos;
    if (!dirty) {
      waitNanos = IDLE.toNanos();
    } else if (state.version() < awaitVersion) {
      if (now - awaitSince > CATCH_UP.toNanos()) {
        LOG.warning("the allocator's watch did not deliver version " + awaitVersion
            + " within " + CATCH_UP + "; reading the state again");
        dropWatch();
        return;
      }
      waitNanos = Math.min(IDLE.toNanos(), CATCH_UP.toNanos() - (now - awaitSince));
    } else {
      AllocatorSettings s = settings;
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
      if (state.apply(commit)) {
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

  /** Plans and writes in batches; gives back the addresses of writes that failed. */
  private void pass() {
    dirty = false;
    passes.incrementAndGet();
    List<Write> writes = Planner.plan(state, now());
    if (writes.isEmpty()) {
      failures = 0;
      return;
    }
    beforeWrite.accept(writes);
    int batchSize = settings.batchSize();
    long[] written = {0};
    List<Write> lost = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += batchSize) {
      List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + batchSize));
      // A failure of the batch itself propagates: run() reads the state again.
      store.batch(batch -> {
        for (Write write : chunk) {
          try {
            batch.update(tx -> {
              update(tx.table(write.kind()), write.object());
              written[0] = Math.max(written[0], tx.version());
            });
            if (write.kind() == ObjectKind.TASK && ((Task) write.object()).getStatus().getState()
                == TaskState.TASK_STATE_PENDING) {
              allocated.incrementAndGet();
            }
          } catch (ObjectException | InvalidObjectException | TransactionTooLargeException e) {
            // Changed or removed since the state read it: planned again once the watch shows it.
            lost.add(write);
          }
        }
      });
    }
    for (Write write : lost) {
      for (Held h : write.reserved()) {
        NetworkIpam ipam = state.ipam(h.networkId());
        if (ipam != null) {
          ipam.release(h.address());
        }
      }
    }
    awaitVersion = written[0];
    awaitSince = System.nanoTime();
    if (!lost.isEmpty()) {
      conflicts.addAndGet(lost.size());
      long now = System.nanoTime();
      markDirty(now);
      retryAt = now + backoffNanos(failures++);
    } else {
      failures = 0;
    }
  }

  private static <T> void update(WriteTable<T> table, Object object) {
    table.update(table.kind().cast(object));
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

  /** What the allocator reads when it (re)starts. */
  private record Snapshot(List<Network> networks, List<Service> services, List<Task> tasks) {
    Snapshot {
      networks = new ArrayList<>(networks);
      services = new ArrayList<>(services);
      tasks = new ArrayList<>(tasks);
    }
  }
}
