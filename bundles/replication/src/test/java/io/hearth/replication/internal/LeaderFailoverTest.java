package io.hearth.replication.internal;

import static io.hearth.replication.internal.TestCluster.WAIT;
import static io.hearth.replication.internal.TestCluster.digest;
import static io.hearth.replication.internal.TestCluster.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.StoreException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The leader dies in the middle of a stream of writes. */
@Timeout(60)
class LeaderFailoverTest {
  @TempDir Path root;

  @Test
  void aNewLeaderKeepsEveryAcknowledgedWriteAndNoHalfTransaction() throws Exception {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      cluster.startAll();
      TestNode first = cluster.awaitLeader();
      ConcurrentLinkedQueue<Integer> acknowledged = new ConcurrentLinkedQueue<>();
      ConcurrentLinkedQueue<Integer> failed = new ConcurrentLinkedQueue<>();
      CountDownLatch warmedUp = new CountDownLatch(30);
      AtomicBoolean stop = new AtomicBoolean();
      // One writer: each transaction creates a pair; it follows whichever node leads.
      Thread writer = new Thread(() -> {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(25);
        for (int i = 0; !stop.get() && System.nanoTime() < deadline; i++) {
          TestNode leader = cluster.running().stream().filter(TestNode::isLeader)
              .findFirst().orElse(null);
          if (leader == null) {
            Thread.onSpinWait();
            i--;
            continue;
          }
          int k = i;
          try {
            leader.store.update(tx -> {
              tx.nodes().create(node("a-" + k));
              tx.nodes().create(node("b-" + k));
            });
            acknowledged.add(k);
            warmedUp.countDown();
          } catch (StoreException | IllegalStateException e) {
            failed.add(k);
          }
          if (!cluster.running().contains(first) && acknowledged.size() > 30 + 40) {
            stop.set(true);
          }
        }
      }, "writer");
      writer.start();
      assertTrue(warmedUp.await(20, TimeUnit.SECONDS), "30 writes before the kill");

      long killed = System.nanoTime();
      first.stop();
      TestNode second = cluster.awaitLeader();
      long elected = System.nanoTime();
      System.out.printf("leader %s killed; %s leads after %d ms%n", first.id, second.id,
          (elected - killed) / 1_000_000);
      assertNotEquals(first.id, second.id);
      writer.join(TimeUnit.SECONDS.toMillis(40));
      assertTrue(!writer.isAlive(), "writer finished");

      long version = second.store.version();
      cluster.awaitVersion(version);
      System.out.printf("acknowledged %d, failed %d%n", acknowledged.size(), failed.size());
      assertTrue(acknowledged.size() > 30, "writes went on after the failover");
      for (TestNode n : cluster.running()) {
        Set<String> ids = n.store.view(tx -> tx.nodes().find(io.hearth.store.By.all()).stream()
            .map(io.hearth.model.Node::getId).collect(Collectors.toSet()));
        for (int k : acknowledged) {
          assertTrue(ids.contains("a-" + k) && ids.contains("b-" + k), n.id + " lost " + k);
        }
        List<Integer> half = new ArrayList<>();
        for (int k : failed) {
          if (ids.contains("a-" + k) != ids.contains("b-" + k)) {
            half.add(k);
          }
        }
        assertEquals(List.of(), half, n.id + ": half-applied transactions");
      }
      assertEquals(1, cluster.running().stream().map(n -> digest(n.store)).distinct().count());
    }
  }
}
