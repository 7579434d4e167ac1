package io.hearth.replication.internal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.replication.GroupStatus;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The group status says how long ago each member was last heard from, so an operator sees a
 * member that is down: on the leader its followers, on a follower its leader.
 */
class LastContactTest {
  @TempDir Path root;

  @Test
  void theLeaderSeesAStoppedFollowerFallSilentWhileTheOtherKeepsAnswering() {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      List<TestNode> followers = cluster.followers(leader);
      TestNode stopped = followers.get(0);
      TestNode live = followers.get(1);

      await().atMost(Duration.ofSeconds(10)).until(() -> leader.log.status().lastContact()
          .keySet().equals(Set.of(stopped.id, live.id)));
      GroupStatus fromFollower = live.log.status();
      assertEquals(Set.of(leader.id), fromFollower.lastContact().keySet(),
          "a follower hears from its leader only");

      stopped.stop();
      await().atMost(Duration.ofSeconds(20)).until(() -> leader.log.status().lastContact()
          .get(stopped.id).compareTo(Duration.ofSeconds(2)) > 0);
      Duration liveContact = leader.log.status().lastContact().get(live.id);
      assertTrue(liveContact.compareTo(Duration.ofSeconds(1)) < 0,
          "the live follower answers heartbeats: " + liveContact);
    }
  }
}
