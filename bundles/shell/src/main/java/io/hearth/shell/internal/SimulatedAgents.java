package io.hearth.shell.internal;

import com.google.protobuf.Timestamp;
import io.hearth.model.Node;
import io.hearth.model.NodeState;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreService;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import io.hearth.store.plugin.ControlLoop;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The agents of simulated worker nodes (nodes labelled {@value Demo#SIMULATED_LABEL}, as the
 * demo makes them), so that a control plane without real workers still shows whole task
 * lifecycles: a task assigned to a ready simulated node is reported {@code RUNNING}; one that is
 * meant to stop is reported {@code SHUTDOWN}. Rolling updates, which wait for new tasks to run,
 * then complete. A simulated node marked down stops reporting, as a dead agent would.
 *
 * <p>Runs on the leader (where it can write) as a {@link ControlLoop}: the watch only says when
 * to look; each pass reads the tasks of the simulated nodes afresh and writes compare-and-swap
 * in one store batch.
 */
public final class SimulatedAgents extends ControlLoop<Long> {
  private static final Logger LOG = Logger.getLogger(SimulatedAgents.class.getName());
  private static final Timing TIMING = new Timing() {
    @Override
    public Duration debounce() {
      return Duration.ofMillis(20);
    }

    @Override
    public Duration maxDelay() {
      return Duration.ofMillis(200);
    }
  };

  private final StoreService store;
  private final Clock clock;
  private final Set<String> simulated = new HashSet<>();
  private long version;

  public SimulatedAgents(StoreService store, WatchService watches, Clock clock) {
    super("simulated-agents", watches,
        WatchRequests.on(ObjectKind.NODE).or(ObjectKind.TASK).build());
    this.store = store;
    this.clock = clock;
  }

  @Override
  protected Long read(ReadTx tx) {
    simulated.clear();
    tx.nodes().find(By.byCustom(Demo.SIMULATED_LABEL)).forEach(n -> simulated.add(n.getId()));
    return tx.version();
  }

  @Override
  protected void reset(Long snapshot, long at) {
    version = at;
  }

  @Override
  protected long version() {
    return version;
  }

  @Override
  protected boolean apply(Commit commit) {
    version = commit.version();
    boolean wanted = false;
    for (StoreEvent event : commit.events()) {
      if (event.kind() == ObjectKind.NODE) {
        Node node = event.object(ObjectKind.NODE);
        boolean labelled = event.action() != StoreEvent.Action.REMOVE
            && node.getSpec().getAnnotations().containsLabels(Demo.SIMULATED_LABEL);
        if (labelled) {
          simulated.add(node.getId());
          wanted = true; // it may have come back up with tasks to report
        } else {
          wanted |= simulated.remove(node.getId());
        }
      } else if (event.kind() == ObjectKind.TASK && event.action() != StoreEvent.Action.REMOVE) {
        Task task = event.object(ObjectKind.TASK);
        wanted |= simulated.contains(task.getNodeId()) && next(task) != null;
      }
    }
    return wanted;
  }

  @Override
  protected Timing timing() {
    return TIMING;
  }

  @Override
  protected Outcome pass() {
    List<Task> due = store.view(tx -> {
      List<Task> tasks = new ArrayList<>();
      for (Node node : tx.nodes().find(By.byCustom(Demo.SIMULATED_LABEL))) {
        if (node.getStatus().getState() != NodeState.NODE_STATE_READY) {
          continue; // a node that is down has no agent to report anything
        }
        for (Task task : tx.tasks().find(By.byNodeId(node.getId()))) {
          if (next(task) != null) {
            tasks.add(task);
          }
        }
      }
      return tasks;
    });
    if (due.isEmpty()) {
      return Outcome.NOTHING;
    }
    long[] written = new long[1];
    int[] lost = new int[1];
    Instant now = clock.instant();
    Timestamp at = Timestamp.newBuilder().setSeconds(now.getEpochSecond())
        .setNanos(now.getNano()).build();
    store.batch(batch -> {
      for (Task task : due) {
        TaskState state = next(task);
        try {
          batch.update(tx -> {
            tx.tasks().update(task.toBuilder().setStatus(task.getStatus().toBuilder()
                .setState(state).setTimestamp(at).setErr("")
                .setMessage(state == TaskState.TASK_STATE_RUNNING ? "started (simulated agent)"
                    : "stopped (simulated agent)")).build());
            written[0] = Math.max(written[0], tx.version());
          });
        } catch (SequenceConflictException | io.hearth.store.NotFoundException e) {
          lost[0]++; // changed or removed meanwhile: the next pass reads it again
        }
      }
    });
    return new Outcome(written[0], lost[0] > 0);
  }

  @Override
  protected boolean passFailed(RuntimeException e) {
    LOG.log(Level.WARNING, "simulated agents: pass failed; retrying", e);
    return true;
  }

  /** The state an agent would report next for {@code task}, or null if none. */
  static TaskState next(Task task) {
    int observed = task.getStatus().getState().getNumber();
    int desired = task.getDesiredState().getNumber();
    if (observed < TaskState.TASK_STATE_ASSIGNED_VALUE
        || observed > TaskState.TASK_STATE_RUNNING_VALUE) {
      return null; // not on its node yet, or already finished
    }
    if (desired > TaskState.TASK_STATE_RUNNING_VALUE) {
      return TaskState.TASK_STATE_SHUTDOWN;
    }
    return observed < TaskState.TASK_STATE_RUNNING_VALUE ? TaskState.TASK_STATE_RUNNING : null;
  }
}
