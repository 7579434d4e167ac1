package io.hearth.benchmarks.endtoend;

import io.hearth.allocator.internal.AllocatorSettings;
import io.hearth.model.TaskState;
import io.hearth.orchestrator.internal.OrchestratorSettings;
import io.hearth.scheduler.internal.SchedulerSettings;

/**
 * What the three plugins run with: their defaults (those of the OSGi components), except that
 * the orchestrator calls a task healthy once ASSIGNED, since no agent runs tasks here; and, to
 * compare, optionally another batch size for all three.
 */
record PluginSettings(OrchestratorSettings orchestrator, AllocatorSettings allocator,
    SchedulerSettings scheduler) {

  static final PluginSettings DEFAULTS = new PluginSettings(
      OrchestratorSettings.DEFAULTS.withHealthyState(TaskState.TASK_STATE_ASSIGNED),
      AllocatorSettings.DEFAULTS, SchedulerSettings.DEFAULTS);

  /** These settings with {@code batchSize} writes per {@code store.batch} call in each plugin. */
  PluginSettings withBatchSize(int batchSize) {
    OrchestratorSettings o = orchestrator;
    AllocatorSettings a = allocator;
    SchedulerSettings s = scheduler;
    return new PluginSettings(
        new OrchestratorSettings(batchSize, o.debounce(), o.maxDelay(), o.healthyState(),
            o.taskHistory()),
        new AllocatorSettings(batchSize, a.debounce(), a.maxDelay()),
        new SchedulerSettings(batchSize, s.debounce(), s.maxDelay()));
  }

  /** The batch sizes, for the table. */
  String describe() {
    return "batch sizes " + orchestrator.batchSize() + "/" + allocator.batchSize() + "/"
        + scheduler.batchSize() + " (orchestrator/allocator/scheduler), debounce "
        + orchestrator.debounce().toMillis() + " ms";
  }
}
