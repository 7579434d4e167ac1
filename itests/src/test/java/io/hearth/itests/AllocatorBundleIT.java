package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotEquals;
import static org.junit.Assert.assertTrue;

import io.hearth.model.Annotations;
import io.hearth.model.IPAMConfig;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.NetworkSpec;
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
 * The allocator bundle in a real Felix framework, on the single-node store (which leads, so the
 * Leadership service is there and the allocator's component is active): a NEW task attached to
 * a network gets an address and moves to PENDING; with the bundle stopped a new task stays NEW,
 * and once it starts again (a fresh allocator, rebuilt from the store) the task gets another
 * address than the first one.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class AllocatorBundleIT extends HearthIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  public AllocatorBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Test
  public void allocatesTaskAddressesAndNeverTwiceAcrossARestart() throws Exception {
    StoreService store = osgi().awaitService(StoreService.class);
    assertTrue(store.version() >= 0);
    Bundle allocator = Arrays.stream(context.getBundles())
        .filter(b -> "io.hearth.allocator".equals(b.getSymbolicName())).findFirst()
        .orElseThrow(() -> new AssertionError("no allocator bundle"));
    assertEquals(Bundle.ACTIVE, allocator.getState());

    store.update(tx -> tx.networks().create(Network.newBuilder().setId("net1")
        .setSpec(NetworkSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName("front"))
            .setIpam(IPAMOptions.newBuilder().addConfigs(
                IPAMConfig.newBuilder().setSubnet("10.20.0.0/24")))).build()));
    store.update(tx -> tx.tasks().create(fresh("t1")));
    Task t1 = osgi().awaitValue("task t1", () -> store.view(tx -> tx.tasks().get("t1")), t -> t.getStatus().getState() == TaskState.TASK_STATE_PENDING);
    String first = t1.getNetworks(0).getAddresses(0);
    assertTrue(first, first.startsWith("10.20.0.") && first.endsWith("/24"));

    allocator.stop();
    store.update(tx -> tx.tasks().create(fresh("t2")));
    // Nothing allocates it while the bundle is stopped.
    assertEquals(TaskState.TASK_STATE_NEW,
        store.view(tx -> tx.tasks().require("t2")).getStatus().getState());

    allocator.start();
    Task t2 = osgi().awaitValue("task t2", () -> store.view(tx -> tx.tasks().get("t2")), t -> t.getStatus().getState() == TaskState.TASK_STATE_PENDING);
    assertNotEquals(first, t2.getNetworks(0).getAddresses(0));
  }

  /** A task as the orchestrator creates it, NEW, attached to net1; no service in the store. */
  private static Task fresh(String id) {
    return Task.newBuilder().setId(id).setServiceId("s")
        .setSpec(TaskSpec.newBuilder().addNetworks(
            NetworkAttachmentConfig.newBuilder().setTarget("net1")))
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_NEW)).build();
  }
}
