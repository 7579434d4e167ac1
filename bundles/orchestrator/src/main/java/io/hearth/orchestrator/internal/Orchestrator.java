package io.hearth.orchestrator.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.model.Task;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Keeps every service at the tasks its spec asks for, on a thread of its own. It reads
 * services, nodes and tasks once ({@code viewAndWatch}) into an {@link OrchestratorView}, keeps
 * it current from the watch, and whenever something changes for a service (its spec, one of its
 * tasks, or a node) it waits for the burst to settle, plans the services concerned
 * ({@link Reconciler}) and writes the {@link Step}s with {@code store.batch}.
 *
 * <p>Every pass starts from the store's state, never from what an earlier pass meant to do, so
 * it can run any number of times. A step that no longer applies (someone changed a task, the
 * service changed, the slot was filled meanwhile) is undone and its service planned again once
 * the view shows the change. The loop around it (waiting for its own writes, pacing, back-off,
 * resync) is {@link ControlLoop}'s.
 */
public final class Orchestrator extends ControlLoop<Orchestrator.Snapshot> {
  private static final WatchRequest REQUEST = WatchRequests.on(ObjectKind.SERVICE)
      .or(ObjectKind.NODE).or(ObjectKind.TASK).build();

  private final StoreService store;
  private final Clock clock;
  private final TaskIds ids = new TaskIds();
  private final OrchestratorView view = new OrchestratorView();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private volatile OrchestratorSettings settings;
  private volatile Consumer<List<Step>> beforeWrite = steps -> { };

  // Owned by the orchestrator thread: the services the next pass plans.
  private final Set<String> dirty = new HashSet<>();
  private boolean allDirty;

  public Orchestrator(StoreService store, WatchService watches, OrchestratorSettings settings,
      Clock clock) {
    super("orchestrator", watches, REQUEST);
    this.store = store;
    this.settings = settings;
    this.clock = clock;
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(OrchestratorSettings next) {
    settings = next;
  }

  /** Tasks this orchestrator created. */
  public long created() {
    return created.get();
  }

  /** Steps that no longer applied when written (conflict, slot taken, service changed). */
  public long stale() {
    return stale.get();
  }

  /** Test hook: runs on the orchestrator thread with the steps of a pass, before they go out. */
  void beforeWrite(Consumer<List<Step>> hook) {
    beforeWrite = hook;
  }

  @Override
  protected Snapshot read(ReadTx tx) {
    return new Snapshot(
        tx.services().find(By.all()), tx.nodes().find(By.all()), tx.tasks().find(By.all()));
  }

  @Override
  protected void reset(Snapshot snapshot, long version) {
    view.reset(snapshot.services(), snapshot.nodes(), snapshot.tasks(), version);
    allDirty = true;
  }

  @Override
  protected long version() {
    return view.version();
  }

  /**
   * Notes the services the commit concerns; while any service is still to be planned, every
   * commit restarts the debounce.
   */
  @Override
  protected boolean apply(Commit commit) {
    if (view.apply(commit, dirty)) {
      allDirty = true;
    }
    return allDirty || !dirty.isEmpty();
  }

  @Override
  protected Timing timing() {
    return settings;
  }

  @Override
  protected boolean passFailed(RuntimeException e) {
    // Not the leader any more (the component is about to stop), or the store went away:
    // plan again on fresh state after a pause.
    logPassFailure("orchestration pass failed; retrying", e);
    allDirty = true;
    return false;
  }

  /** Plans the services concerned and writes their steps in batches. */
  @Override
  protected Outcome pass() {
    Set<String> serviceIds = allDirty ? view.serviceIds() : new TreeSet<>(dirty);
    allDirty = false;
    dirty.clear();
    OrchestratorSettings s = settings;
    Reconciler reconciler = new Reconciler(s, view::node, view.nodes(), ids::next, now());
    List<Step> steps = new ArrayList<>();
    for (String serviceId : serviceIds) {
      Service service = view.service(serviceId);
      if (service != null) {
        steps.addAll(reconciler.plan(service, view.tasks(serviceId)));
      } else {
        steps.addAll(reconciler.planRemoved(view.orphans(serviceId)));
      }
    }
    if (steps.isEmpty()) {
      return Outcome.NOTHING;
    }
    beforeWrite.accept(steps);
    long[] written = {0};
    Set<String> lost = new HashSet<>();
    for (int from = 0; from < steps.size(); from += s.batchSize()) {
      List<Step> chunk = steps.subList(from, Math.min(steps.size(), from + s.batchSize()));
      store.batch(batch -> {
        for (Step step : chunk) {
          try {
            batch.update(tx -> {
              step.apply(tx);
              written[0] = Math.max(written[0], tx.version());
            });
            if (step.create() != null) {
              created.incrementAndGet();
            }
          } catch (SequenceConflictException | NotFoundException | Step.StaleStepException e) {
            // Planned on a state that has changed since: plan the service again once the view
            // has the change.
            lost.add(step.serviceId());
            stale.incrementAndGet();
          }
        }
      });
    }
    dirty.addAll(lost);
    return new Outcome(written[0], !lost.isEmpty());
  }

  private Timestamp now() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano())
        .build();
  }

  /** What the orchestrator reads when it (re)starts. */
  record Snapshot(List<Service> services, List<Node> nodes, List<Task> tasks) {
    Snapshot {
      services = new ArrayList<>(services);
      nodes = new ArrayList<>(nodes);
      tasks = new ArrayList<>(tasks);
    }
  }
}
