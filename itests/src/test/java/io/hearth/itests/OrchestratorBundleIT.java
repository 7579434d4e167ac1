package io.hearth.itests;

import static org.junit.Assert.assertEquals;

import io.hearth.model.Annotations;
import io.hearth.model.ContainerSpec;
import io.hearth.model.ReplicatedService;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.StoreService;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The orchestrator bundle in a real Felix framework, on the single-node store (which leads, so
 * the Leadership service is there and the orchestrator's component is active): a new service
 * gets one task per replica, in slots 1..n; with the bundle stopped a scale-up waits, and once
 * it starts again the service is brought to its replicas, without a second task in any slot.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class OrchestratorBundleIT extends HearthIT {
  private static final Duration TIMEOUT = Duration.ofSeconds(20);

  public OrchestratorBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Test
  public void createsTasksForAServiceAndPicksUpAfterARestart() throws Exception {
    StoreService store = osgi().awaitService(StoreService.class);
    Bundle orchestrator = Arrays.stream(context.getBundles())
        .filter(b -> "io.hearth.orchestrator".equals(b.getSymbolicName())).findFirst()
        .orElseThrow(() -> new AssertionError("no orchestrator bundle"));
    assertEquals(Bundle.ACTIVE, orchestrator.getState());

    store.update(tx -> tx.services().create(service("web", 3)));
    List<Task> tasks = osgi().awaitValue("service web", () -> runnable(store, "web"), t -> t.size() == 3);
    assertEquals(List.of(1L, 2L, 3L), tasks.stream().map(Task::getSlot).sorted().toList());
    assertEquals("nginx:1", tasks.get(0).getSpec().getContainer().getImage());

    orchestrator.stop();
    store.update(tx -> tx.services().update(tx.services().require("web").toBuilder()
        .setSpec(service("web", 5).getSpec()).build()));
    // Nothing creates tasks while the bundle is stopped.
    assertEquals(3, runnable(store, "web").size());

    orchestrator.start();
    tasks = osgi().awaitValue("service web", () -> runnable(store, "web"), t -> t.size() == 5);
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L),
        tasks.stream().map(Task::getSlot).sorted().toList());
  }

  private static Service service(String name, long replicas) {
    return Service.newBuilder().setId(name).setSpec(ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(name))
        .setTask(TaskSpec.newBuilder().setContainer(ContainerSpec.newBuilder()
            .setImage("nginx:1")))
        .setReplicated(ReplicatedService.newBuilder().setReplicas(replicas))).build();
  }

  private static List<Task> runnable(StoreService store, String serviceId) {
    return store.view(tx -> tx.tasks().find(By.byServiceId(serviceId))).stream()
        .filter(t -> t.getDesiredState().getNumber() <= TaskState.TASK_STATE_RUNNING_VALUE)
        .toList();
  }
}
