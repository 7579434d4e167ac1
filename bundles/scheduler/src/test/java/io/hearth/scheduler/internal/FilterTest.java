package io.hearth.scheduler.internal;

import static io.hearth.scheduler.internal.TestCluster.CPU;
import static io.hearth.scheduler.internal.TestCluster.GIB;
import static io.hearth.scheduler.internal.TestCluster.constrained;
import static io.hearth.scheduler.internal.TestCluster.node;
import static io.hearth.scheduler.internal.TestCluster.reserving;
import static io.hearth.scheduler.internal.TestCluster.task;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeState;
import io.hearth.model.Platform;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Each filter on its own, through a real store: where the task goes, or why it waits. */
class FilterTest {
  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void nodesThatAreNotReadyTakeNothing() {
    cluster.create(node("down").setStatus(node("x").getStatusBuilder()
            .setState(NodeState.NODE_STATE_DOWN)),
        node("unknown").setStatus(node("x").getStatusBuilder()
            .setState(NodeState.NODE_STATE_UNKNOWN)),
        node("ready"));
    cluster.create(task("t1", "s", 1), task("t2", "s", 2));
    cluster.startScheduler();

    assertEquals("ready", cluster.awaitAssigned("t1"));
    assertEquals("ready", cluster.awaitAssigned("t2"));
    Task t = cluster.get("t1");
    assertEquals(Planner.ASSIGNED_MESSAGE, t.getStatus().getMessage());
    assertTrue(t.getStatus().hasTimestamp());
  }

  @Test
  void drainedPausedAndUnacceptedNodesTakeNothing() {
    cluster.create(
        node("drained").setSpec(node("x").getSpecBuilder()
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN)),
        node("paused").setSpec(node("x").getSpecBuilder()
            .setAvailability(NodeAvailability.NODE_AVAILABILITY_PAUSE)),
        node("pending").setSpec(node("x").getSpecBuilder()
            .setMembership(NodeMembership.NODE_MEMBERSHIP_PENDING)),
        node("down").setStatus(node("x").getStatusBuilder().setState(NodeState.NODE_STATE_DOWN)));
    cluster.create(task("t1", "s", 1));
    cluster.startScheduler();

    assertEquals("no suitable node (1 node not ready, 1 node not accepted into the cluster, "
        + "1 node paused, 1 node drained)", cluster.awaitReason("t1"));
    assertEquals(Planner.PENDING_MESSAGE, cluster.get("t1").getStatus().getMessage());

    cluster.create(node("active"));
    assertEquals("active", cluster.awaitAssigned("t1"));
    assertEquals("", cluster.get("t1").getStatus().getErr());
  }

  @Test
  void reservationsOfPlacedTasksCountAgainstTheNode() {
    cluster.create(node("n1"), node("n2"));
    cluster.create(reserving(task("running", "other", 1), 3 * CPU, GIB).setNodeId("n1")
        .setStatus(task("x", "s", 0).getStatusBuilder().setState(TaskState.TASK_STATE_RUNNING)));
    cluster.create(reserving(task("t1", "s", 1), 2 * CPU, GIB));
    cluster.startScheduler();
    assertEquals("n2", cluster.awaitAssigned("t1"));

    cluster.create(reserving(task("t2", "s", 2), 2 * CPU, GIB));
    assertEquals("n2", cluster.awaitAssigned("t2"));

    cluster.create(reserving(task("t3", "s", 3), 2 * CPU, GIB));
    assertEquals("no suitable node (2 nodes with insufficient CPU)", cluster.awaitReason("t3"));

    // The task on n1 ends: what it held is free again, and the waiting task takes it.
    cluster.store.update(tx -> {
      Task r = tx.tasks().require("running");
      tx.tasks().update(r.toBuilder().setStatus(r.getStatus().toBuilder()
          .setState(TaskState.TASK_STATE_COMPLETE)).build());
    });
    assertEquals("n1", cluster.awaitAssigned("t3"));
  }

  @Test
  void memoryAndCpuShortagesAreToldApart() {
    cluster.create(
        node("small-cpu").setDescription(node("x").getDescriptionBuilder()
            .setResources(node("x").getDescriptionBuilder().getResourcesBuilder()
                .setNanoCpus(CPU))),
        node("small-mem").setDescription(node("x").getDescriptionBuilder()
            .setResources(node("x").getDescriptionBuilder().getResourcesBuilder()
                .setMemoryBytes(GIB))),
        node("tiny").setDescription(node("x").getDescriptionBuilder()
            .setResources(node("x").getDescriptionBuilder().getResourcesBuilder()
                .setNanoCpus(CPU).setMemoryBytes(GIB))));
    cluster.create(reserving(task("big", "s", 1), 2 * CPU, 2 * GIB),
        reserving(task("cpu-only", "c", 1), 2 * CPU, 0));
    cluster.startScheduler();

    assertEquals("no suitable node (1 node with insufficient CPU, 1 node with insufficient "
        + "memory, 1 node with insufficient CPU and memory)", cluster.awaitReason("big"));
    assertEquals("small-mem", cluster.awaitAssigned("cpu-only"));
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = ';', value = {
      "node.labels.zone==east; a",
      "node.labels.zone==EAST; a",
      "node.labels.zone!=east,node.role==manager; b",
      "node.labels.zone!=east,node.labels.zone!=west; c",
      "node.role==manager; b",
      "node.role==worker,node.labels.zone!=east; c",
      "node.id==c; c",
      "node.hostname==host-b; b",
      "engine.labels.gpu==true; a",
      "node.platform.arch==arm64; c",
  })
  void constraints(String constraints, String expected) {
    createLabelledNodes();
    cluster.create(constrained(task("t", "s", 1), constraints.split(",")));
    cluster.startScheduler();
    assertEquals(expected, cluster.awaitAssigned("t"));
  }

  @Test
  void unsatisfiableAndInvalidConstraintsAreReported() {
    createLabelledNodes();
    cluster.create(constrained(task("north", "s", 1), "node.labels.zone==north"),
        constrained(task("colour", "s", 2), "node.colour==red"),
        constrained(task("role", "s", 3), "node.role==boss"));
    cluster.startScheduler();
    assertEquals("no suitable node (3 nodes not matching the placement constraints)",
        cluster.awaitReason("north"));
    assertEquals("no suitable node (invalid constraint \"node.colour==red\": unknown key "
        + "\"node.colour\")", cluster.awaitReason("colour"));
    assertTrue(cluster.awaitReason("role").contains("node.role is manager or worker"));
  }

  private void createLabelledNodes() {
    var a = node("a");
    a.getSpecBuilder().getAnnotationsBuilder().putLabels("zone", "east");
    a.getDescriptionBuilder().setHostname("host-a").putEngineLabels("gpu", "true");
    var b = node("b").setRole(NodeRole.NODE_ROLE_MANAGER);
    b.getSpecBuilder().getAnnotationsBuilder().putLabels("zone", "west");
    b.getDescriptionBuilder().setHostname("host-b");
    var c = node("c");
    c.getDescriptionBuilder().setHostname("host-c").getPlatformBuilder()
        .setArchitecture("aarch64");
    cluster.create(a, b, c);
  }

  @ParameterizedTest(name = "{0}/{1} -> {2}")
  @CsvSource(delimiter = ';', value = {
      "linux; amd64; x86",
      "linux; x86_64; x86",
      "windows; ''; win",
      "linux; aarch64; arm",
      "''; arm64; arm",
  })
  void platforms(String os, String arch, String expected) {
    createPlatformNodes();
    var t = task("t", "s", 1);
    t.getSpecBuilder().getPlacementBuilder()
        .addPlatforms(Platform.newBuilder().setOs(os).setArchitecture(arch));
    cluster.create(t);
    cluster.startScheduler();
    assertEquals(expected, cluster.awaitAssigned("t"));
  }

  @Test
  void noNodeOfTheTasksPlatforms() {
    createPlatformNodes();
    var t = task("t", "s", 1);
    t.getSpecBuilder().getPlacementBuilder()
        .addPlatforms(Platform.newBuilder().setOs("darwin"))
        .addPlatforms(Platform.newBuilder().setOs("windows").setArchitecture("arm64"));
    cluster.create(t);
    cluster.startScheduler();
    assertEquals("no suitable node (3 nodes of an unsupported platform)",
        cluster.awaitReason("t"));
  }

  private void createPlatformNodes() {
    var x86 = node("x86");
    var win = node("win");
    win.getDescriptionBuilder().getPlatformBuilder().setOs("windows").setArchitecture("amd64");
    var arm = node("arm");
    arm.getDescriptionBuilder().getPlatformBuilder().setArchitecture("arm64");
    cluster.create(x86, win, arm);
  }

  @Test
  void noNodesAtAll() {
    cluster.create(task("t", "s", 1));
    cluster.startScheduler();
    assertEquals("no suitable node (no nodes)", cluster.awaitReason("t"));
  }

  @Test
  void aTaskPlacedOnANodeAheadOfTimeIsCheckedAgainstIt() {
    cluster.create(node("n1"), node("n2").setSpec(node("x").getSpecBuilder()
        .setAvailability(NodeAvailability.NODE_AVAILABILITY_DRAIN)));
    cluster.create(task("global-1", "g", 0).setNodeId("n1"),
        task("global-2", "g", 0).setNodeId("n2"));
    cluster.startScheduler();
    assertEquals("n1", cluster.awaitAssigned("global-1"));
    assertEquals("no suitable node (node n2 drained)", cluster.awaitReason("global-2"));
    assertEquals("n2", cluster.get("global-2").getNodeId());
  }
}
