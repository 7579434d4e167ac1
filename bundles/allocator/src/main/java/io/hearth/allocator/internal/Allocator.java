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
import io.hearth.store.ReadTx;
import io.hearth.store.StoreService;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import io.hearth.store.WriteTable;
import io.hearth.store.plugin.ControlLoop;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

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
 * state is read again from the store. The loop around it (waiting for its own writes, pacing,
 * back-off, resync) is {@link ControlLoop}'s.
 */
public final class Allocator extends ControlLoop<Allocator.Snapshot> {
  private static final WatchRequest REQUEST = WatchRequests.on(ObjectKind.NETWORK)
      .or(ObjectKind.SERVICE).or(ObjectKind.TASK).build();

  private final StoreService store;
  private final Clock clock;
  private final AllocationState state = new AllocationState();
  private final AtomicLong allocated = new AtomicLong();
  private final AtomicLong conflicts = new AtomicLong();
  private volatile AllocatorSettings settings;
  private volatile Consumer<List<Write>> beforeWrite = writes -> { };

  public Allocator(StoreService store, WatchService watches, AllocatorSettings settings,
      Clock clock) {
    super("allocator", watches, REQUEST);
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(AllocatorSettings next) {
    settings = next;
  }

  /** Tasks this allocator moved to PENDING. */
  public long allocated() {
    return allocated.get();
  }

  /** Writes that failed (compare-and-swap lost, object removed) and were planned again. */
  public long conflicts() {
    return conflicts.get();
  }

  /** Test hook: runs on the allocator thread with the writes of a pass, before they go out. */
  void beforeWrite(Consumer<List<Write>> hook) {
    beforeWrite = hook;
  }

  @Override
  protected Snapshot read(ReadTx tx) {
    return new Snapshot(
        tx.networks().find(By.all()), tx.services().find(By.all()),
        tx.tasks().find(By.or(byTaskState(TaskState.TASK_STATE_NEW),
            byTaskState(TaskState.TASK_STATE_PENDING), byTaskState(TaskState.TASK_STATE_ASSIGNED),
            byTaskState(TaskState.TASK_STATE_ACCEPTED), byTaskState(TaskState.TASK_STATE_PREPARING),
            byTaskState(TaskState.TASK_STATE_READY), byTaskState(TaskState.TASK_STATE_STARTING),
            byTaskState(TaskState.TASK_STATE_RUNNING))));
  }

  @Override
  protected void reset(Snapshot snapshot, long version) {
    state.reset(snapshot.networks(), snapshot.services(), snapshot.tasks(), version);
  }

  @Override
  protected long version() {
    return state.version();
  }

  @Override
  protected boolean apply(Commit commit) {
    return state.apply(commit);
  }

  @Override
  protected Timing timing() {
    return settings;
  }

  @Override
  protected boolean passFailed(RuntimeException e) {
    // Not the leader any more (the component is about to stop), the store went away, or
    // a batch failed with an unknown outcome: read the state again after a pause.
    logPassFailure("allocation pass failed; reading the state again", e);
    return true;
  }

  /** Plans and writes in batches; gives back the addresses of writes that failed. */
  @Override
  protected Outcome pass() {
    List<Write> writes = Planner.plan(state, now());
    if (writes.isEmpty()) {
      return Outcome.NOTHING;
    }
    beforeWrite.accept(writes);
    int batchSize = settings.batchSize();
    long[] written = {0};
    List<Write> lost = new ArrayList<>();
    for (int from = 0; from < writes.size(); from += batchSize) {
      List<Write> chunk = writes.subList(from, Math.min(writes.size(), from + batchSize));
      // A failure of the batch itself propagates: passFailed() reads the state again.
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
    conflicts.addAndGet(lost.size());
    return new Outcome(written[0], !lost.isEmpty());
  }

  private static <T> void update(WriteTable<T> table, Object object) {
    table.update(table.kind().cast(object));
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())
        .build();
  }

  /** What the allocator reads when it (re)starts. */
  record Snapshot(List<Network> networks, List<Service> services, List<Task> tasks) {
    Snapshot {
      networks = new ArrayList<>(networks);
      services = new ArrayList<>(services);
      tasks = new ArrayList<>(tasks);
    }
  }
}
