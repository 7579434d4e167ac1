package io.hearth.orchestrator.internal;

import io.hearth.model.TaskState;
import io.hearth.store.plugin.ControlLoop;
import java.time.Duration;

/**
 * How the orchestrator paces itself and when it calls a task healthy.
 *
 * @param batchSize steps (a task created, replaced, shut down or removed) per
 *     {@code store.batch} call; the store splits each call into as few log entries as its size
 *     limits allow
 * @param debounce a pass waits until no relevant change arrived for this long, so a burst (a
 *     service created, nodes leaving) is reconciled in one pass
 * @param maxDelay but a pass never waits longer than this after the first change it serves
 * @param healthyState a rolling update moves on from a slot once its new task has reached this
 *     observed state ({@code RUNNING} with agents; {@code ASSIGNED} where nothing runs tasks)
 * @param taskHistory stopped tasks kept per slot (per node for global services) as history;
 *     older ones are removed
 */
public record OrchestratorSettings(int batchSize, Duration debounce, Duration maxDelay,
    TaskState healthyState, int taskHistory) implements ControlLoop.Timing {

  /**
   * 10,000 steps per batch, 50 ms debounce, 1 s at most, healthy when RUNNING, 5 kept. Each
   * batch call waits for its last log entry, so smaller calls cost round trips
   * (benchmarks/RESULTS.md, end to end).
   */
  public static final OrchestratorSettings DEFAULTS = new OrchestratorSettings(10_000,
      Duration.ofMillis(50), Duration.ofSeconds(1), TaskState.TASK_STATE_RUNNING, 5);

  public OrchestratorSettings {
    if (batchSize <= 0 || debounce.isNegative() || maxDelay.isNegative() || taskHistory < 0) {
      throw new IllegalArgumentException("batch size must be positive, delays and history not "
          + "negative: " + batchSize + ", " + debounce + ", " + maxDelay + ", " + taskHistory);
    }
    int healthy = healthyState.getNumber();
    if (healthy < TaskState.TASK_STATE_NEW_VALUE || healthy > TaskState.TASK_STATE_RUNNING_VALUE) {
      throw new IllegalArgumentException("the healthy state must be from NEW to RUNNING: "
          + healthyState);
    }
  }

  /** These settings with another healthy state. */
  public OrchestratorSettings withHealthyState(TaskState state) {
    return new OrchestratorSettings(batchSize, debounce, maxDelay, state, taskHistory);
  }
}
