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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

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
 * the view shows the change. Before the next pass the orchestrator waits until its view includes
 * its own writes, so it never plans from a state older than what it wrote.
 */
public final class Orchestrator implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Orchestrator.class.getName());
  private static final WatchRequest REQUEST = WatchRequests.on(ObjectKind.SERVICE)
      .or(ObjectKind.NODE).or(ObjectKind.TASK).build();
  private static final Duration IDLE = Duration.ofSeconds(1);
  private static final Duration CATCH_UP = Duration.ofSeconds(10);
  private static final long MIN_BACKOFF_MS = 10;
  private static final long MAX_BACKOFF_MS = 1000;
  private static final int DRAIN_LIMIT = 1024;

  private final StoreService store;
  private final WatchService watches;
  private final Clock clock;
  private final Thread thread;
  private final TaskIds ids = new TaskIds();
  private final OrchestratorView view = new OrchestratorView();
  private final AtomicLong passes = new AtomicLong();
  private final AtomicLong created = new AtomicLong();
  private final AtomicLong stale = new AtomicLong();
  private final AtomicLong resyncs = new AtomicLong();
  private volatile OrchestratorSettings settings;
  private volatile boolean running;
  private volatile Watch watch;
  private volatile Consumer<List<Step>> beforeWrite = steps -> { };

  // Owned by the orchestrator thread.
  private final Set<String> dirty = new HashSet<>();
  private boolean allDirty;
  private boolean waiting;
  private long firstChange;
  private long lastChange;
  private long retryAt;
  private int failures;
  private long awaitVersion;
  private long awaitSince;

  public Orchestrator(StoreService store, WatchService watches, OrchestratorSettings settings,
      Clock clock) {
    this.store = store;
    this.watches = watches;
    this.settings = settings;
    this.clock = clock;
    this.thread = new Thread(this::run, "hearth-orchestrator");
    thread.setDaemon(true);
  }

  /** Starts the orchestrating thread. */
  public void start() {
    running = true;
    thread.start();
  }

  /** Applies new settings from the next pass on. */
  public void reconfigure(OrchestratorSettings next) {
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
      LOG.warning("the orchestrator thread did not stop within 30 s");
    }
  }

  /** Reconciliation passes run so far. */
  public long passes() {
    return passes.get();
  }

  /** Tasks this orchestrator created. */
  public long created() {
    return created.get();
  }

  /** Steps that no longer applied when written (conflict, slot taken, service changed). */
  public long stale() {
    return stale.get();
  }

  /** Times the view was read again from the store after its watch closed. */
  public long resyncs() {
    return resyncs.get();
  }

  /** Test hook: runs on the orchestrator thread with the steps of a pass, before they go out. */
  void beforeWrite(Consumer<List<Step>> hook) {
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
          LOG.log(Level.INFO, "orchestrator watch closed; reading the state again", e);
          dropWatch();
          pause();
        }
      } catch (InterruptedException e) {
        // close() interrupts
      } catch (RuntimeException e) {
        if (running) {
          // Not the leader any more (the component is about to stop), or the store went away:
          // plan again on fresh state after a pause.
          LOG.log(Level.WARNING, "orchestration pass failed; retrying", e);
          markAllDirty(System.nanoTime());
          pause();
        }
      }
    }
    dropWatch();
  }

  private void resync() {
    WatchedView<Snapshot> read = watches.viewAndWatch(REQUEST, tx -> new Snapshot(
        tx.services().find(By.all()), tx.nodes().find(By.all()), tx.tasks().find(By.all())));
    watch = read.watch();
    if (!running) {
      dropWatch();
      return;
    }
    resyncs.incrementAndGet();
    view.reset(read.value().services(), read.value().nodes(), read.value().tasks(),
        read.version());
    awaitVersion = 0;
    markAllDirty(System.nanoTime());
  }

  /** Waits for changes until a pass is due, then runs it. */
  private void step() throws InterruptedException {
    long now = System.nanoTime();
    long waitNanos;
    boolean due = allDirty || !dirty.isEmpty();
    if (!due) {
      waitNanos = IDLE.toNanos();
    } else if (view.version() < awaitVersion) {
      if (now - awaitSince > CATCH_UP.toNanos()) {
        LOG.warning("the orchestrator's watch did not deliver version " + awaitVersion
            + " within " + CATCH_UP + "; reading the state again");
        dropWatch();
        return;
      }
      waitNanos = Math.min(IDLE.toNanos(), CATCH_UP.toNanos() - (now - awaitSince));
    } else {
      OrchestratorSettings s = settings;
      long at = Math.min(firstChange + s.maxDelay().toNanos(),
          lastChange + s.debounce().toNanos());
      at = Math.max(at, retryAt);
      waitNanos = at - now;
      if (waitNanos <= 0) {
        pass();
        return;
      }
    }
    Commit commit = watch.poll(Duration.ofNanos(waitNanos));
    for (int i = 0; commit != null && i < DRAIN_LIMIT; i++) {
      if (view.apply(commit, dirty)) {
        allDirty = true;
      }
      touch(System.nanoTime());
      commit = i + 1 < DRAIN_LIMIT ? watch.poll(Duration.ZERO) : null;
    }
  }

  private void markAllDirty(long now) {
    allDirty = true;
    touch(now);
  }

  /** Notes a change for the debounce; the first since the last pass starts the clock. */
  private void touch(long now) {
    if (!allDirty && dirty.isEmpty()) {
      return;
    }
    if (!waiting) {
      waiting = true;
      firstChange = now;
    }
    lastChange = now;
  }

  /** Plans the services concerned and writes their steps in batches. */
  private void pass() {
    Set<String> serviceIds = allDirty ? view.serviceIds() : new TreeSet<>(dirty);
    allDirty = false;
    dirty.clear();
    waiting = false;
    passes.incrementAndGet();
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
      failures = 0;
      return;
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
    awaitVersion = written[0];
    awaitSince = System.nanoTime();
    if (!lost.isEmpty()) {
      dirty.addAll(lost);
      long now = System.nanoTime();
      touch(now);
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

  /** What the orchestrator reads when it (re)starts. */
  private record Snapshot(List<Service> services, List<Node> nodes, List<Task> tasks) {
    Snapshot {
      services = new ArrayList<>(services);
      nodes = new ArrayList<>(nodes);
      tasks = new ArrayList<>(tasks);
    }
  }
}
