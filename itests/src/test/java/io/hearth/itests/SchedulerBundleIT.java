package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import io.hearth.model.Node;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeState;
import io.hearth.model.NodeStatus;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.StoreService;
import java.time.Duration;
import java.util.Arrays;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The scheduler bundle in a real Felix framework, on the single-node store (which leads, so the
 * Leadership service is there and the scheduler's component is active): a pending task is
 * assigned; with the bundle stopped a new task waits untouched, and once it starts again the
 * task is assigned.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class SchedulerBundleIT extends HearthIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  public SchedulerBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Test
  public void assignsPendingTasksAndPicksUpAfterARestart() throws Exception {
    StoreService store = osgi().awaitService(StoreService.class);
    assertTrue(store.version() >= 0);
    Bundle scheduler = Arrays.stream(context.getBundles())
        .filter(b -> "io.hearth.scheduler".equals(b.getSymbolicName())).findFirst()
        .orElseThrow(() -> new AssertionError("no scheduler bundle"));
    assertEquals(Bundle.ACTIVE, scheduler.getState());

    store.update(tx -> tx.nodes().create(Node.newBuilder().setId("n1")
        .setSpec(NodeSpec.newBuilder().setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED))
        .setStatus(NodeStatus.newBuilder().setState(NodeState.NODE_STATE_READY)).build()));
    store.update(tx -> tx.tasks().create(pending("t1")));
    Task t1 = osgi().awaitValue("task t1", () -> store.view(tx -> tx.tasks().get("t1")), t -> t.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED);
    assertEquals("n1", t1.getNodeId());

    scheduler.stop();
    store.update(tx -> tx.tasks().create(pending("t2")));
    // Nothing schedules it while the bundle is stopped.
    assertEquals(TaskState.TASK_STATE_PENDING,
        store.view(tx -> tx.tasks().require("t2")).getStatus().getState());

    scheduler.start();
    Task t2 = osgi().awaitValue("task t2", () -> store.view(tx -> tx.tasks().get("t2")), t -> t.getStatus().getState() == TaskState.TASK_STATE_ASSIGNED);
    assertEquals("n1", t2.getNodeId());
  }

  private static Task pending(String id) {
    return Task.newBuilder().setId(id).setServiceId("s").setSpec(TaskSpec.getDefaultInstance())
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_PENDING)).build();
  }
}
