package io.hearth.allocator.internal;

import static io.hearth.allocator.internal.TestCluster.network;
import static io.hearth.allocator.internal.TestCluster.service;
import static io.hearth.allocator.internal.TestCluster.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Endpoint;
import io.hearth.model.EndpointSpec;
import io.hearth.model.IPAMConfig;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.BatchWork;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreService;
import io.hearth.store.TxWork;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The allocator on a real store: virtual IPs, task addresses, handover, reuse, restarts. */
class AllocatorTest {
  private static final String SMALL_FULL =
      "no free address in network front (n1) (subnet 10.0.0.0/29)";

  private final TestCluster cluster = new TestCluster();

  @AfterEach
  void close() {
    cluster.close();
  }

  @Test
  void aServiceGetsAVirtualIpPerNetworkAndItsTasksAnAddressEach() {
    cluster.create(network("n1", "front", "10.0.0.0/24"), network("n2", "back", "10.0.1.0/24"));
    cluster.create(service("s", "n1", "n2"));
    cluster.create(task("t1", "s", "n1", "n2"), task("t2", "s", "n1", "n2"));
    cluster.startAllocator();

    Task t1 = cluster.awaitPending("t1");
    Task t2 = cluster.awaitPending("t2");
    Service s = cluster.service("s");
    assertEquals(List.of("n1", "n2"), s.getEndpoint().getVirtualIpsList().stream()
        .map(Endpoint.VirtualIP::getNetworkId).toList());
    assertTrue(s.getEndpoint().getVirtualIps(0).getAddr().startsWith("10.0.0."));
    assertTrue(s.getEndpoint().getVirtualIps(1).getAddr().startsWith("10.0.1."));
    for (Task t : List.of(t1, t2)) {
      assertEquals(Planner.PENDING_MESSAGE, t.getStatus().getMessage());
      assertEquals("", t.getStatus().getErr());
      assertEquals(List.of("n1", "n2"), t.getNetworksList().stream()
          .map(NetworkAttachment::getNetworkId).toList());
      assertTrue(t.getNetworks(0).getAddresses(0).matches("10\\.0\\.0\\.\\d+/24"),
          t.getNetworks(0).toString());
      // The task carries its service's endpoint, for load balancing on its node.
      assertEquals(s.getEndpoint(), t.getEndpoint());
    }
    assertDistinct(6);
    // The network's allocated IPAM: its subnet with the gateway it reserved.
    Network n1 = cluster.store.view(tx -> tx.networks().require("n1"));
    assertEquals(List.of(IPAMConfig.newBuilder().setSubnet("10.0.0.0/24")
        .setGateway("10.0.0.1").build()), n1.getIpam().getConfigsList());
    assertTrue(cluster.recordedAddresses().stream().noneMatch(a -> a.startsWith("10.0.0.1/")));
  }

  @Test
  void dnsRoundRobinServicesGetNoVirtualIpAndTasksWithoutNetworksGoStraightToPending() {
    cluster.create(network("n1", "front", "10.0.0.0/24"));
    cluster.create(service("dns", "n1").setSpec(service("dns", "n1").getSpecBuilder()
        .setEndpoint(EndpointSpec.newBuilder()
            .setMode(EndpointSpec.ResolutionMode.RESOLUTION_MODE_DNSRR))));
    cluster.create(task("d1", "dns", "n1"), task("plain", "none"));
    cluster.startAllocator();

    assertEquals(1, cluster.awaitPending("d1").getNetworksCount());
    assertEquals(0, cluster.awaitPending("plain").getNetworksCount());
    assertEquals(0, cluster.service("dns").getEndpoint().getVirtualIpsCount());
  }

  @Test
  void noAddressIsHandedOutTwiceAcrossARestart() {
    cluster.create(network("n1", "front", "10.0.0.0/26"));
    cluster.create(service("s", "n1"));
    createTasks(0, 20);
    Allocator first = cluster.startAllocator();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pendingCount() == 20);
    first.close();

    // While no allocator runs, more tasks come; another allocator instance takes over.
    createTasks(20, 40);
    cluster.startAllocator();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.pendingCount() == 40);
    assertDistinct(41);
  }

  @Test
  void exhaustionIsReportedOnceAndAFreedAddressIsReused() {
    cluster.create(network("n1", "front", "10.0.0.0/29"));
    // Five usable addresses (.2 to .6): five tasks get one, the sixth waits.
    cluster.create(task("a", "s", "n1"), task("b", "s", "n1"), task("c", "s", "n1"),
        task("d", "s", "n1"), task("e", "s", "n1"), task("f", "s", "n1"));
    Allocator allocator = cluster.startAllocator();
    cluster.awaitWaiting("f", SMALL_FULL);
    assertEquals(5, cluster.pendingCount());
    assertDistinct(5);

    // Unrelated changes: passes, and no rewrite of the same reason.
    long index = cluster.log.lastIndex();
    long passes = allocator.passes();
    cluster.create(network("other", "other", "10.9.0.0/24"));
    await().atMost(Duration.ofSeconds(10)).until(() -> allocator.passes() > passes);
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.log.lastIndex() == index + 2); // the network and its ipam

    // A task deleted: its address goes to the waiting task.
    String freed = cluster.task("c").getNetworks(0).getAddresses(0);
    cluster.store.update(tx -> tx.tasks().delete("c"));
    assertEquals(freed, cluster.awaitPending("f").getNetworks(0).getAddresses(0));
    assertEquals("", cluster.task("f").getStatus().getErr());

    // A task that failed (observed state past RUNNING) lets go of its address too.
    cluster.create(task("g", "s", "n1"));
    cluster.awaitWaiting("g", SMALL_FULL);
    String failed = cluster.task("a").getNetworks(0).getAddresses(0);
    cluster.updateTask("a", t -> t.getStatusBuilder().setState(TaskState.TASK_STATE_FAILED));
    assertEquals(failed, cluster.awaitPending("g").getNetworks(0).getAddresses(0));
    assertDistinct(5);
  }

  @Test
  void aVirtualIpIsFreedWhenTheServiceIsDeletedOrLeavesTheNetwork() {
    cluster.create(network("n1", "front", "10.0.0.0/29"), network("n2", "back", "10.0.1.0/24"));
    cluster.create(service("s", "n1", "n2"), service("u", "n1"));
    cluster.startAllocator();
    await().atMost(Duration.ofSeconds(10)).until(() -> cluster.recordedAddresses().size() == 3);
    cluster.create(task("a", "x", "n1"), task("b", "x", "n1"), task("c", "x", "n1"),
        task("d", "x", "n1"));
    cluster.awaitWaiting("d", SMALL_FULL);

    // s leaves n1: its VIP there goes to the waiting task; it keeps the one on n2.
    String vip = cluster.service("s").getEndpoint().getVirtualIps(0).getAddr();
    cluster.store.update(tx -> {
      Service s = tx.services().require("s");
      Service.Builder b = s.toBuilder();
      b.getSpecBuilder().getTaskBuilder().clearNetworks()
          .addNetworks(NetworkAttachmentConfig.newBuilder().setTarget("n2"));
      tx.services().update(b.build());
    });
    assertEquals(vip, cluster.awaitPending("d").getNetworks(0).getAddresses(0));
    assertEquals(List.of("n2"), cluster.service("s").getEndpoint().getVirtualIpsList().stream()
        .map(Endpoint.VirtualIP::getNetworkId).toList());

    // u is deleted: its VIP goes to the next task.
    cluster.create(task("e", "x", "n1"));
    cluster.awaitWaiting("e", SMALL_FULL);
    String uVip = cluster.service("u").getEndpoint().getVirtualIps(0).getAddr();
    cluster.store.update(tx -> tx.services().delete("u"));
    assertEquals(uVip, cluster.awaitPending("e").getNetworks(0).getAddresses(0));
    assertDistinct(6);
  }

  @Test
  void tasksWaitForANetworkThatIsCreatedLater() {
    cluster.create(service("s", "later"));
    cluster.create(task("t1", "s", "later"), task("t2", "s", "later"));
    cluster.startAllocator();
    cluster.awaitWaiting("t1", "virtual IP of service s: network later not found");
    cluster.create(task("lone", "", "later"));
    cluster.awaitWaiting("lone", "network later not found");

    cluster.create(network("later", "later", "10.5.0.0/24"));
    cluster.awaitPending("t1");
    cluster.awaitPending("t2");
    cluster.awaitPending("lone");
    assertEquals(1, cluster.service("s").getEndpoint().getVirtualIpsCount());
    assertDistinct(4);
  }

  @Test
  void anInvalidNetworkIsReportedOnTheTask() {
    cluster.create(network("bad", "bad", "10.0.0.0/33"), network("none", "none"));
    cluster.create(task("t1", "", "bad"), task("t2", "", "none"));
    cluster.startAllocator();
    cluster.awaitWaiting("t1", "network bad (bad): not IPv4 CIDR (a.b.c.d/n): 10.0.0.0/33");
    cluster.awaitWaiting("t2", "network none (none) has no IPAM subnet");
  }

  @Test
  void aConflictingWriteGivesItsAddressBackAndTheTaskIsAllocatedAgain() {
    cluster.create(network("n1", "front", "10.0.0.0/29"));
    cluster.create(task("a", "", "n1"), task("b", "", "n1"), task("c", "", "n1"),
        task("d", "", "n1"), task("e", "", "n1"));
    Allocator allocator = cluster.startAllocator();
    AtomicBoolean first = new AtomicBoolean(true);
    List<String> planned = new ArrayList<>();
    allocator.beforeWrite(writes -> {
      if (first.getAndSet(false)) {
        writes.stream().filter(w -> w.kind() == ObjectKind.TASK)
            .forEach(w -> planned.add(((Task) w.object()).getId()));
        // Someone else writes two of the tasks after the allocator read them.
        cluster.updateTask("b", t -> t.getAnnotationsBuilder().putLabels("touched", "yes"));
        cluster.updateTask("d", t -> t.getAnnotationsBuilder().putLabels("touched", "yes"));
      }
    });

    for (String id : List.of("a", "b", "c", "d", "e")) {
      cluster.awaitPending(id);
    }
    assertEquals(List.of("a", "b", "c", "d", "e"), planned);
    assertEquals(2, allocator.conflicts());
    // The retry was built on the other writer's version, and the pool of five addresses was
    // enough: the conflicting writes' addresses were given back.
    assertEquals("yes", cluster.task("b").getAnnotations().getLabelsOrThrow("touched"));
    assertDistinct(5);
  }

  @Test
  void aBatchThatFailsAsAWholeIsReconciledFromTheStore() {
    cluster.create(network("n1", "front", "10.0.0.0/29"));
    cluster.create(task("a", "", "n1"), task("b", "", "n1"), task("c", "", "n1"));
    AtomicInteger calls = new AtomicInteger();
    // The first batch commits nothing and fails as a whole (leadership lost before it was
    // proposed); the second commits but is reported failed (lost while in flight). Either way
    // the allocator cannot know what committed: it must neither keep the first batch's
    // addresses (a leak) nor hand out the second's again.
    StoreService flaky = new StoreService() {
      @Override
      public <R> R view(Function<? super ReadTx, R> fn) {
        return cluster.store.view(fn);
      }

      @Override
      public <R> R viewLinearizable(Function<? super ReadTx, R> fn) {
        return cluster.store.viewLinearizable(fn);
      }

      @Override
      public long update(TxWork work) {
        return cluster.store.update(work);
      }

      @Override
      public int batch(BatchWork work) {
        int call = calls.incrementAndGet();
        if (call == 1) {
          throw new NotLeaderException("lost leadership (test)", null);
        }
        int committed = cluster.store.batch(work);
        if (call == 2) {
          throw new NotLeaderException("lost leadership (test)", null);
        }
        return committed;
      }

      @Override
      public long version() {
        return cluster.store.version();
      }
    };
    Allocator allocator = cluster.startAllocator(flaky);
    for (String id : List.of("a", "b", "c")) {
      cluster.awaitPending(id);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> allocator.resyncs() == 3);
    // Read again from the store, the pools hold exactly what it records: two addresses left.
    cluster.create(task("d", "", "n1"), task("e", "", "n1"), task("f", "", "n1"));
    cluster.awaitPending("d");
    cluster.awaitPending("e");
    cluster.awaitWaiting("f", SMALL_FULL);
    assertDistinct(5);
  }

  @Test
  void manyTasksInFewLogEntries() {
    cluster.create(network("n1", "front", "10.0.0.0/16"));
    cluster.create(service("s", "n1"));
    createTasks(0, 2000);
    long before = cluster.log.lastIndex();
    Allocator allocator = cluster.startAllocator();
    await().atMost(Duration.ofSeconds(30)).until(() -> cluster.pendingCount() == 2000);
    long entries = cluster.log.lastIndex() - before;
    assertTrue(entries <= 15, entries + " log entries");
    assertEquals(2000, allocator.allocated());
    assertDistinct(2001);
  }

  @Test
  void closingStopsTheThreadAndTheWatch() {
    int watchesBefore = cluster.hub.watchCount();
    Allocator allocator = cluster.startAllocator();
    cluster.create(task("t1", ""));
    cluster.awaitPending("t1");
    assertEquals(watchesBefore + 1, cluster.hub.watchCount());

    allocator.close();
    await().atMost(Duration.ofSeconds(5)).until(() -> cluster.hub.watchCount() == watchesBefore);
    assertTrue(Thread.getAllStackTraces().keySet().stream()
        .noneMatch(t -> t.getName().equals("hearth-allocator")));
    cluster.create(task("t2", ""));
    await().during(Duration.ofMillis(200)).atMost(Duration.ofSeconds(5))
        .until(() -> cluster.task("t2").getStatus().getState() == TaskState.TASK_STATE_NEW);
  }

  private void createTasks(int from, int to) {
    cluster.store.batch(batch -> {
      for (int i = from; i < to; i++) {
        Task t = task(String.format("task-%05d", i), "s", "n1").build();
        batch.update(tx -> tx.tasks().create(t));
      }
    });
  }

  /** Every recorded address is distinct, and there are {@code count} of them. */
  private void assertDistinct(int count) {
    List<String> all = cluster.recordedAddresses();
    assertEquals(count, all.size(), all.toString());
    assertEquals(count, new HashSet<>(all).size(), "an address is recorded twice: " + all);
  }
}
