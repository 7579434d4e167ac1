package io.hearth.orchestrator.internal;

import static io.hearth.store.By.byNodeId;
import static io.hearth.store.By.bySlot;

import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.Tx;
import java.util.List;

/**
 * One atomic change the orchestrator makes to one slot (or one node of a global service): tasks
 * updated (their desired state raised), tasks removed, and at most one task created. Every
 * update and removal is compare-and-swap on the version the plan read; a creation first checks,
 * inside the transaction, that its service still asks for this very template and that no other
 * task is meant to run in its slot. So a step planned from a stale view fails instead of
 * overwriting a newer task or adding a second task to a slot, even when two orchestrators run.
 *
 * @param serviceId the service whose tasks the step changes
 * @param updates tasks to write, each built on the version the plan read
 * @param removals tasks to remove, as the plan read them
 * @param create the task to create, or null
 * @param what a short word for the counters and logs: create, replace, update, shutdown, remove
 */
record Step(String serviceId, List<Task> updates, List<Task> removals, Task create,
    String what) {

  Step {
    updates = List.copyOf(updates);
    removals = List.copyOf(removals);
  }

  static Step update(Task task, String what) {
    return new Step(task.getServiceId(), List.of(task), List.of(), null, what);
  }

  static Step remove(Task task) {
    return new Step(task.getServiceId(), List.of(), List.of(task), null, "remove");
  }

  /** Runs the step in {@code tx}; throws if it no longer applies, which undoes it. */
  void apply(Tx tx) {
    for (Task task : updates) {
      tx.tasks().update(task);
    }
    for (Task task : removals) {
      Task stored = tx.tasks().get(task.getId());
      if (stored == null) {
        continue;
      }
      long read = task.getMeta().getVersion().getIndex();
      long now = stored.getMeta().getVersion().getIndex();
      if (read != now) {
        throw new SequenceConflictException(ObjectKind.TASK, task.getId(), read, now);
      }
      tx.tasks().delete(task.getId());
    }
    if (create != null) {
      Service service = tx.services().get(serviceId);
      if (service == null || !Templates.task(service).equals(create.getSpec())) {
        throw new StaleStepException("service " + serviceId + " changed");
      }
      List<Task> sharing = Templates.isGlobal(service)
          ? tx.tasks().find(byNodeId(create.getNodeId()))
          : tx.tasks().find(bySlot(serviceId, create.getSlot()));
      for (Task other : sharing) {
        if (other.getServiceId().equals(serviceId) && Templates.runnable(other)) {
          throw new StaleStepException("slot of " + create.getAnnotations().getName()
              + " already has task " + other.getId());
        }
      }
      tx.tasks().create(create);
    }
  }

  /** A step found, inside its transaction, that the state it was planned on has changed. */
  static final class StaleStepException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    StaleStepException(String message) {
      super(message, null, false, false);
    }
  }
}
