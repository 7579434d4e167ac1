package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeState;
import io.hearth.model.Service;
import io.hearth.model.TaskState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SpecsTest {

  private static Args args(Set<String> options, String... args) {
    return Args.parse(List.of(args), options, Set.of());
  }

  private static Service create(String... args) {
    return Specs.service("id1", "web", args(Specs.SERVICE_CREATE, args), ref -> "net-" + ref);
  }

  @Test
  void aServiceSpecFromTheShortForm() {
    Service s = create("--image", "nginx:1", "--replicas", "3", "--network", "front",
        "--constraint", "node.labels.zone==east", "--cpus", "0.5", "--memory", "256M",
        "--label", "team=a", "--parallelism", "2");
    assertEquals("id1", s.getId());
    assertEquals("web", s.getSpec().getAnnotations().getName());
    assertEquals(Map.of("team", "a"), s.getSpec().getAnnotations().getLabelsMap());
    assertEquals(3, s.getSpec().getReplicated().getReplicas());
    assertEquals("nginx:1", s.getSpec().getTask().getContainer().getImage());
    assertEquals("net-front", s.getSpec().getTask().getNetworks(0).getTarget());
    assertEquals(List.of("node.labels.zone==east"),
        s.getSpec().getTask().getPlacement().getConstraintsList());
    assertEquals(500_000_000L, s.getSpec().getTask().getResources().getReservations().getNanoCpus());
    assertEquals(256L << 20, s.getSpec().getTask().getResources().getReservations().getMemoryBytes());
    assertEquals(2, s.getSpec().getUpdate().getParallelism());
  }

  @Test
  void aServiceIsOneReplicaByDefaultOrGlobal() {
    assertEquals(1, create("--image", "x").getSpec().getReplicated().getReplicas());
    assertTrue(create("--image", "x", "--mode", "global").getSpec().hasGlobal());
  }

  @Test
  void badServiceSpecsAreRefusedWithTheReason() {
    assertEquals("a service needs --image (e.g. --image nginx:1.27)",
        assertThrows(CommandException.class, () -> create("--replicas", "2")).getMessage());
    assertEquals("--replicas does not apply to a global service",
        assertThrows(CommandException.class,
            () -> create("--image", "x", "--mode", "global", "--replicas", "2")).getMessage());
    assertEquals("--mode: 'spread' is not replicated or global",
        assertThrows(CommandException.class, () -> create("--image", "x", "--mode", "spread"))
            .getMessage());
    assertEquals("--constraint: 'zone=east' is not key==value or key!=value (e.g. "
        + "node.labels.zone==east)", assertThrows(CommandException.class,
            () -> create("--image", "x", "--constraint", "zone=east")).getMessage());
    assertEquals("--label: 'team' is not key=value", assertThrows(CommandException.class,
        () -> create("--image", "x", "--label", "team")).getMessage());
    assertThrows(CommandException.class, () -> create("--image", "x", "--replicas", "-1"));
  }

  @Test
  void anUpdateChangesTheTemplateAndKeepsThePreviousSpec() {
    Service before = create("--image", "nginx:1", "--replicas", "3", "--constraint", "a==b");
    Service after = Specs.update(before, args(Specs.SERVICE_UPDATE, "--image", "nginx:2",
        "--constraint-rm", "a==b", "--constraint-add", "node.role==manager", "--replicas", "4"));
    assertEquals("nginx:2", after.getSpec().getTask().getContainer().getImage());
    assertEquals(List.of("node.role==manager"),
        after.getSpec().getTask().getPlacement().getConstraintsList());
    assertEquals(4, after.getSpec().getReplicated().getReplicas());
    assertEquals(before.getSpec(), after.getPreviousSpec());
  }

  @Test
  void anUpdateThatChangesNothingOrRemovesAnUnknownConstraintIsRefused() {
    Service before = create("--image", "nginx:1");
    assertTrue(assertThrows(CommandException.class, () -> Specs.update(before,
        args(Specs.SERVICE_UPDATE, "--image", "nginx:1"))).getMessage()
        .startsWith("nothing to change"));
    assertEquals("--constraint-rm: the service has no constraint 'a==b' (it has: none)",
        assertThrows(CommandException.class, () -> Specs.update(before,
            args(Specs.SERVICE_UPDATE, "--constraint-rm", "a==b"))).getMessage());
  }

  @Test
  void aGlobalServiceCannotBeScaled() {
    Service global = create("--image", "x", "--mode", "global");
    assertEquals("service web is global: it runs one task per node and cannot be scaled",
        assertThrows(CommandException.class, () -> Specs.scale(global, 3)).getMessage());
    assertEquals(5, Specs.scale(create("--image", "x"), 5).getSpec().getReplicated()
        .getReplicas());
  }

  @Test
  void aNodeIsAReadyAcceptedActiveWorkerWithDefaultResources() {
    Node n = Specs.node("n-id", "n1", args(Specs.NODE_ADD));
    assertEquals("n1", n.getSpec().getAnnotations().getName());
    assertEquals(NodeMembership.NODE_MEMBERSHIP_ACCEPTED, n.getSpec().getMembership());
    assertEquals(NodeAvailability.NODE_AVAILABILITY_ACTIVE, n.getSpec().getAvailability());
    assertEquals(NodeState.NODE_STATE_READY, n.getStatus().getState());
    assertEquals(NodeRole.NODE_ROLE_WORKER, n.getRole());
    assertEquals(1_000_000_000L, n.getDescription().getResources().getNanoCpus());
    assertEquals(2L << 30, n.getDescription().getResources().getMemoryBytes());
    assertEquals("linux", n.getDescription().getPlatform().getOs());
  }

  @Test
  void aNodeFromOptions() {
    Node n = Specs.node("n-id", "n1", args(Specs.NODE_ADD, "--cpus", "4", "--memory", "8G",
        "--label", "zone=east", "--role", "manager", "--platform", "linux/arm64",
        "--availability", "drain", "--state", "down"));
    assertEquals(4_000_000_000L, n.getDescription().getResources().getNanoCpus());
    assertEquals(8L << 30, n.getDescription().getResources().getMemoryBytes());
    assertEquals(Map.of("zone", "east"), n.getSpec().getAnnotations().getLabelsMap());
    assertEquals(NodeRole.NODE_ROLE_MANAGER, n.getRole());
    assertEquals(NodeRole.NODE_ROLE_MANAGER, n.getSpec().getDesiredRole());
    assertEquals("arm64", n.getDescription().getPlatform().getArchitecture());
    assertEquals(NodeAvailability.NODE_AVAILABILITY_DRAIN, n.getSpec().getAvailability());
    assertEquals(NodeState.NODE_STATE_DOWN, n.getStatus().getState());
  }

  @Test
  void badNodeSpecsAreRefusedWithTheReason() {
    assertEquals("unknown node role 'boss' (one of: worker, manager)",
        assertThrows(CommandException.class,
            () -> Specs.node("i", "n", args(Specs.NODE_ADD, "--role", "boss"))).getMessage());
    assertEquals("--platform: 'linux' is not os/architecture (e.g. linux/arm64)",
        assertThrows(CommandException.class,
            () -> Specs.node("i", "n", args(Specs.NODE_ADD, "--platform", "linux")))
            .getMessage());
    assertThrows(CommandException.class,
        () -> Specs.node("i", "n", args(Specs.NODE_ADD, "--memory", "8X")));
  }

  @Test
  void statesReadShortOrFullNamesAndPrintShortOnes() {
    assertEquals(TaskState.TASK_STATE_RUNNING, States.taskState("running"));
    assertEquals(TaskState.TASK_STATE_RUNNING, States.taskState("TASK_STATE_RUNNING"));
    assertEquals("running", States.name(TaskState.TASK_STATE_RUNNING));
    assertEquals("drain", States.name(NodeAvailability.NODE_AVAILABILITY_DRAIN));
    assertTrue(assertThrows(CommandException.class, () -> States.taskState("runing"))
        .getMessage().startsWith("unknown task state 'runing' (one of: new, pending, assigned"));
  }
}
