package io.hearth.replication.internal;

import static io.hearth.replication.internal.TestCluster.WAIT;
import static io.hearth.replication.internal.TestCluster.digest;
import static io.hearth.replication.internal.TestCluster.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.NotLeaderException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code ReplicationGroup.transferLeadership}: moving the leader on purpose. */
@Timeout(60)
class TransferLeadershipTest {
  @TempDir Path root;

  @Test
  void theLeaderHandsLeadershipToTheNamedMemberWhichThenTakesWrites() throws Exception {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      cluster.startAll();
      TestNode first = cluster.awaitLeader();
      first.store.update(tx -> tx.nodes().create(node("before")));
      TestNode target = cluster.followers(first).get(0);

      first.log.transferLeadership(target.id).get(30, TimeUnit.SECONDS);

      // Completed means the target was elected; it may still be catching up on earlier terms.
      await("target leads").atMost(WAIT).until(target::isLeader);
      assertFalse(first.isLeader());
      assertEquals(Optional.of(target.id), first.log.status().leaderId());
      long version = target.store.update(tx -> tx.nodes().create(node("after")));
      cluster.awaitVersion(version);
      assertEquals(1, cluster.running().stream().map(n -> digest(n.store)).distinct().count());
    }
  }

  @Test
  void aTransferToItselfCompletesAtOnceAndTheLeaderStays() throws Exception {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      leader.log.transferLeadership(leader.id).get(10, TimeUnit.SECONDS);
      assertTrue(leader.isLeader());
    }
  }

  @Test
  void aFollowerOrAnUnknownMemberIsRefusedWithATypedError() throws Exception {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      List<TestNode> followers = cluster.followers(leader);

      ExecutionException onFollower = assertThrows(ExecutionException.class,
          () -> followers.get(0).log.transferLeadership(followers.get(1).id)
              .get(10, TimeUnit.SECONDS));
      NotLeaderException notLeader = (NotLeaderException) onFollower.getCause();
      assertEquals(Optional.of(leader.id), notLeader.leader());

      ExecutionException unknown = assertThrows(ExecutionException.class,
          () -> leader.log.transferLeadership("n9").get(10, TimeUnit.SECONDS));
      assertEquals(IllegalArgumentException.class, unknown.getCause().getClass());
      assertTrue(leader.isLeader(), "nothing moved");
    }
  }
}
