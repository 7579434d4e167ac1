package io.hearth.replication.internal;

import static io.hearth.replication.internal.TestCluster.WAIT;
import static io.hearth.replication.internal.TestCluster.digest;
import static io.hearth.replication.internal.TestCluster.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.Member;
import io.hearth.store.NotLeaderException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Membership at run time: grow one node to three, shrink back to two. */
@Timeout(60)
class MembershipTest {
  @TempDir Path root;

  private static long write(TestNode leader, String prefix, int count) {
    long version = 0;
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      version = leader.store.update(tx -> tx.nodes().create(node(id)));
    }
    return version;
  }

  @Test
  void growAOneNodeGroupToThreeAndShrinkItToTwoWithoutLosingAWrite() throws Exception {
    TestNode n1 = new TestNode("n1", root, b -> b);
    TestNode n2 = new TestNode("n2", root, b -> b);
    TestNode n3 = new TestNode("n3", root, b -> b);
    try (n1; n2; n3) {
      n1.start(Map.of(), false);
      await().atMost(WAIT).until(n1::isLeader);
      write(n1, "alone-", 10);

      n2.start(Map.of(), true);
      n3.start(Map.of(), true);
      long t0 = System.nanoTime();
      n1.log.addMember(n2.id, n2.address()).get(30, TimeUnit.SECONDS);
      n1.log.addMember(n3.id, n3.address()).get(30, TimeUnit.SECONDS);
      System.out.printf("grew to 3 members in %d ms%n", (System.nanoTime() - t0) / 1_000_000);
      assertEquals(List.of("n1", "n2", "n3"), memberIds(n1.log.status()));

      TestNode leader = awaitLeader(n1, n2, n3);
      long version = write(leader, "three-", 10);
      for (TestNode n : List.of(n1, n2, n3)) {
        await(n.id).atMost(WAIT).until(() -> n.store.version() >= version);
      }
      assertEquals(digest(n1.store), digest(n2.store));
      assertEquals(digest(n1.store), digest(n3.store));

      TestNode follower = leader == n1 ? n2 : n1;
      ExecutionException onFollower = assertThrows(ExecutionException.class,
          () -> follower.log.removeMember("n3").get(10, TimeUnit.SECONDS));
      assertEquals(NotLeaderException.class, onFollower.getCause().getClass());

      leader = awaitLeader(n1, n2, n3);
      leader.log.removeMember("n3").get(30, TimeUnit.SECONDS);
      n3.stop();
      leader = awaitLeader(n1, n2);
      assertEquals(List.of("n1", "n2"), memberIds(leader.log.status()));
      long last = write(leader, "two-", 10);
      for (TestNode n : List.of(n1, n2)) {
        await(n.id).atMost(WAIT).until(() -> n.store.version() >= last);
        for (String prefix : List.of("alone-", "three-", "two-")) {
          for (int i = 0; i < 10; i++) {
            String id = prefix + i;
            assertNotNull(n.store.view(tx -> tx.nodes().get(id)), n.id + " lost " + id);
          }
        }
      }
      assertEquals(digest(n1.store), digest(n2.store));
    }
  }

  private static TestNode awaitLeader(TestNode... nodes) {
    return await("a leader").atMost(WAIT).until(
        () -> List.of(nodes).stream().filter(TestNode::isLeader).findFirst().orElse(null),
        n -> n != null);
  }

  private static List<String> memberIds(GroupStatus status) {
    return status.members().stream().map(Member::id).sorted().toList();
  }
}
