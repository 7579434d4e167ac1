package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.NodeSpec;
import io.hearth.replication.GroupStatus;
import io.hearth.replication.ReplicationGroup;
import io.hearth.store.StoreService;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * The replication bundle (Ratis embedded) inside Felix: configured through Config Admin as a
 * durable single-node group, it backs the store; stopping and starting the bundle recovers
 * the same state from its snapshot and log on disk.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class ReplicationBundleIT extends HearthIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final String REPLICATION_BUNDLE = "io.hearth.replication";

  public ReplicationBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  /** Names of the live gRPC transport threads (only the replication bundle uses gRPC here). */
  private static List<String> grpcThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("grpc-"))
        .map(Thread::getName).sorted().toList();
  }

  @Test
  public void stoppingAndStartingTheReplicationBundleRecoversTheSameStateFromDisk()
      throws Exception {
    Bundle replication = osgi().bundle(REPLICATION_BUNDLE);
    assertEquals("resolved and started", Bundle.ACTIVE, replication.getState());
    Path data = Files.createTempDirectory("hearth-replication-it");
    configure(data);

    ReplicationGroup group = osgi().awaitService(ReplicationGroup.class);
    StoreService store = awaitRatisBackedStore(group);
    long version = 0;
    for (int i = 0; i < 12; i++) {
      String id = "n" + i;
      version = store.update(tx -> tx.nodes().create(node(id)));
    }
    GroupStatus before = group.status();
    assertTrue("entries went through Raft: " + before, before.appliedIndex() >= 12);

    assertFalse("Ratis runs its gRPC transport", grpcThreads().isEmpty());
    replication.stop();
    assertNull("no log, no store", context.getServiceReference(StoreService.class));
    assertEquals("no gRPC thread outlives the stopped bundle", List.of(), grpcThreads());
    replication.start();

    ReplicationGroup restarted = osgi().awaitService(ReplicationGroup.class);
    StoreService recovered = awaitRatisBackedStore(restarted);
    assertEquals(version, recovered.version());
    for (int i = 0; i < 12; i++) {
      String id = "n" + i;
      assertNotNull(id + " recovered", recovered.view(tx -> tx.nodes().get(id)));
    }
    GroupStatus after = restarted.status();
    assertTrue(after.toString(), after.running() && after.isLeader());
    assertTrue("a snapshot was taken (threshold 5): " + after, after.latestSnapshotIndex() > 0);
    recovered.update(tx -> tx.nodes().create(node("after-restart")));
  }

  /** A durable group of one, and a store that only takes the Ratis log. */
  private void configure(Path data) throws IOException, InterruptedException {
    ConfigurationAdmin cm = osgi().awaitService(ConfigurationAdmin.class);
    Hashtable<String, Object> replication = new Hashtable<>();
    replication.put("node.id", "it-1");
    replication.put("port", Integer.toString(freePort()));
    replication.put("data.dir", data.toString());
    replication.put("snapshot.threshold", "5");
    cm.getConfiguration("io.hearth.replication", "?").update(replication);
    Hashtable<String, Object> store = new Hashtable<>();
    store.put("log.target", "(hearth.log=ratis)");
    cm.getConfiguration("io.hearth.store", "?").update(store);
  }

  /**
   * The store once it runs on the Ratis log: a StoreService is registered and this node's
   * group has applied its writes. The store may first come up on the in-process log and be
   * rebuilt when its configuration arrives, so follow the registration.
   */
  private StoreService awaitRatisBackedStore(ReplicationGroup group) throws Exception {
    long deadline = System.nanoTime() + TIMEOUT.toNanos();
    ServiceTracker<StoreService, StoreService> tracker =
        new ServiceTracker<>(context, StoreService.class, null);
    tracker.open();
    osgi().hold(tracker);
    while (System.nanoTime() < deadline) {
      StoreService store = tracker.waitForService(1000);
      if (store != null && group.status().running()) {
        long applied = group.status().appliedIndex();
        try {
          store.viewLinearizable(tx -> null);
          if (group.status().appliedIndex() > applied || group.status().isLeader()) {
            return store;
          }
        } catch (RuntimeException e) {
          // the store is being rebuilt on the other log: wait for the next registration
        }
      }
    }
    throw new AssertionError("no Ratis-backed store within " + TIMEOUT + ": " + group.status());
  }

  private static Node node(String id) {
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id)))
        .build();
  }
}
