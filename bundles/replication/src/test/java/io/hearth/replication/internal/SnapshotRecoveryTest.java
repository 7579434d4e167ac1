package io.hearth.replication.internal;

import static io.hearth.replication.internal.TestCluster.WAIT;
import static io.hearth.replication.internal.TestCluster.digest;
import static io.hearth.replication.internal.TestCluster.node;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.By;
import io.hearth.store.spi.CorruptSnapshotException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.Map;
import org.apache.ratis.util.FileUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Snapshots on disk: install on a lagging follower, restarts, corruption. */
@Timeout(60)
class SnapshotRecoveryTest {
  @TempDir Path root;

  /** Low threshold and small segments, so that snapshots are taken and the log is purged. */
  private static RatisSettings.Builder snapshotEagerly(RatisSettings.Builder b) {
    return b.snapshotThreshold(20).segmentSizeBytes(4 * 1024).snapshotsRetained(1);
  }

  private static long write(TestNode leader, String prefix, int count) {
    long version = 0;
    for (int i = 0; i < count; i++) {
      String id = prefix + i;
      version = leader.store.update(tx -> tx.nodes().create(node(id)));
    }
    return version;
  }

  @Test
  void aFollowerThatMissedPurgedEntriesCatchesUpBySnapshotInstall() {
    try (TestCluster cluster = new TestCluster(3, root, SnapshotRecoveryTest::snapshotEagerly)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      TestNode lagging = cluster.followers(leader).get(0);
      write(leader, "before-", 5);
      cluster.awaitVersion(leader.store.version());
      lagging.stop();

      long version = write(leader, "missed-", 120);
      await("the leader purged its log past the stopped follower").atMost(WAIT)
          .until(() -> leader.log.logStartIndex() > 40);

      long t0 = System.nanoTime();
      cluster.start(lagging);
      await("the restarted follower caught up").atMost(WAIT)
          .until(() -> lagging.store.version() >= version);
      System.out.printf("follower caught up by snapshot install in %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      assertTrue(lagging.sm().snapshotsInstalled() >= 1,
          "installed " + lagging.sm().snapshotsInstalled());
      assertEquals(digest(leader.store), digest(lagging.store));
      long after = leader.store.update(tx -> tx.nodes().create(node("after-install")));
      cluster.awaitVersion(after);
      assertNotNull(lagging.store.view(tx -> tx.nodes().get("after-install")));
    }
  }

  @Test
  void aFollowerWhoseDiskWasWipedRejoinsUnderItsOldIdBySnapshotInstall() throws IOException {
    try (TestCluster cluster = new TestCluster(3, root, SnapshotRecoveryTest::snapshotEagerly)) {
      TestNode replaced = wipeFollowerAndRejoin(cluster, 60, 20);
      assertTrue(replaced.sm().snapshotsInstalled() >= 1,
          "installed " + replaced.sm().snapshotsInstalled());
    }
  }

  @Test
  void aFollowerWhoseDiskWasWipedRejoinsUnderItsOldIdFromTheWholeLog() throws IOException {
    try (TestCluster cluster = new TestCluster(3, root, b -> b)) {
      TestNode replaced = wipeFollowerAndRejoin(cluster, 30, -1);
      assertEquals(0, replaced.sm().snapshotsInstalled());
    }
  }

  /**
   * Writes {@code before} objects, waits until the leader's log starts past {@code
   * purgedPast} (if not negative), stops a follower, deletes its data directory, restarts it
   * under the same id and address, writes 5 more and waits until it caught up; asserts it
   * then holds the leader's state.
   */
  private static TestNode wipeFollowerAndRejoin(TestCluster cluster, int before, long purgedPast)
      throws IOException {
    cluster.startAll();
    TestNode leader = cluster.awaitLeader();
    TestNode replaced = cluster.followers(leader).get(0);
    write(leader, "before-", before);
    cluster.awaitVersion(leader.store.version());
    if (purgedPast >= 0) {
      await("the leader purged its log").atMost(WAIT)
          .until(() -> leader.log.logStartIndex() > purgedPast);
    }
    replaced.stop();
    FileUtils.deleteFully(replaced.dir);

    cluster.start(replaced);
    long version = write(leader, "after-", 5);
    await("the wiped follower caught up").atMost(WAIT)
        .until(() -> replaced.store.version() >= version);
    assertEquals(digest(leader.store), digest(replaced.store));
    return replaced;
  }

  @Test
  void theWholeGroupRestartsFromDiskWithIdenticalState() {
    try (TestCluster cluster = new TestCluster(3, root, SnapshotRecoveryTest::snapshotEagerly)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      long version = write(leader, "n-", 50);
      cluster.awaitVersion(version);
      String before = digest(leader.store);
      cluster.close();

      cluster.startAll();
      cluster.awaitLeader();
      cluster.awaitVersion(version);
      for (TestNode n : cluster.running()) {
        assertEquals(before, digest(n.store), n.id);
      }
    }
  }

  /**
   * With commit index entries in the log (RatisSettings.commitIndexEntries, off by default) a
   * member restarted alone knows how far its log was committed and applies all of it at once.
   */
  @Test
  void withCommitIndexEntriesAMemberRestartedWithoutQuorumServesAllItsLogCommittedAtOnce() {
    try (TestCluster cluster = new TestCluster(3, root, b -> b.commitIndexEntries(true))) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      long version = write(leader, "r-", 300);
      cluster.awaitVersion(version);
      String before = digest(leader.store);
      cluster.close();

      // Alone, it can neither elect a leader nor learn anything new: what it serves comes
      // from its own disk, and must be there when the store comes up, not some time later.
      cluster.start(leader);
      assertEquals(version, leader.store.version());
      assertEquals(before, digest(leader.store));
    }
  }

  /**
   * By default the log holds no commit index: a member restarted alone serves its newest
   * snapshot, a consistent prefix of what was committed (never an entry it cannot know to be
   * committed), and applies the rest of its log once the group has a leader again.
   */
  @Test
  void byDefaultAMemberRestartedWithoutQuorumServesItsSnapshotAndCatchesUpWithTheGroup() {
    try (TestCluster cluster = new TestCluster(3, root, SnapshotRecoveryTest::snapshotEagerly)) {
      cluster.startAll();
      TestNode leader = cluster.awaitLeader();
      long first = write(leader, "r-", 1);
      long version = write(leader, "r-more-", 299);
      cluster.awaitVersion(version);
      String before = digest(leader.store);
      cluster.close();

      cluster.start(leader);
      long served = leader.store.version();
      assertTrue(served >= first && served <= version, "served version " + served);
      long count = leader.store.view(tx -> tx.nodes().find(By.all()).size());
      assertEquals(served - first + 1, count, "objects of the prefix up to version " + served);

      for (TestNode n : cluster.nodes) {
        if (!n.running()) {
          cluster.start(n);
        }
      }
      cluster.awaitLeader();
      cluster.awaitVersion(version);
      for (TestNode n : cluster.running()) {
        assertEquals(before, digest(n.store), n.id);
      }
    }
  }

  @Test
  void aRestartedNodeLoadsItsSnapshotAndReplaysTheLogAfterIt() {
    TestNode single = new TestNode("solo", root, b -> b.snapshotThreshold(10));
    try (single) {
      single.start(Map.of(), false);
      long version = write(single, "s-", 25);
      await("a snapshot").atMost(WAIT).until(() -> single.sm().latestSnapshotIndex() > 0);
      long snapshotIndex = single.sm().latestSnapshotIndex();
      String before = digest(single.store);
      single.stop();

      long t0 = System.nanoTime();
      single.start(Map.of(), false);
      System.out.printf("single node restart to leader: %d ms%n",
          (System.nanoTime() - t0) / 1_000_000);
      assertEquals(1, single.sm().snapshotsLoaded());
      await().atMost(WAIT).until(() -> single.store.version() >= version);
      assertTrue(single.sm().appliedIndex() > snapshotIndex, "log replayed after the snapshot");
      assertEquals(before, digest(single.store));
      single.store.update(tx -> tx.nodes().create(node("after-restart")));
    }
  }

  @Test
  void aCorruptSnapshotIsSkippedAndTheOlderOneWithTheLogRecoversTheState() throws IOException {
    // Large segments: nothing is purged, so the log still covers the older snapshot.
    TestNode single = new TestNode("solo", root, b -> b.snapshotThreshold(10).snapshotsRetained(2));
    try (single) {
      single.start(Map.of(), false);
      write(single, "s-", 35);
      await("two snapshots").atMost(WAIT).until(() -> single.sm().snapshotsWritten() >= 2);
      Path newest = single.sm().getStateMachineStorage().getLatestSnapshot().getFile().getPath();
      String before = digest(single.store);
      single.stop();

      long position = flipByte(newest);
      single.start(Map.of(), false);
      CorruptSnapshotException skipped = single.sm().skippedCorruption();
      assertNotNull(skipped, "the corrupt snapshot was detected");
      assertTrue(skipped.getMessage().contains(newest.toString()), skipped.getMessage());
      assertTrue(skipped.getMessage().contains("at byte"), skipped.getMessage());
      System.out.println("detected (flipped byte " + position + "): " + skipped.getMessage());
      long newestIndex = Long.parseLong(newest.getFileName().toString().replaceAll(".*_", ""));
      assertTrue(single.sm().restoredIndex() > 0, "an older snapshot was restored");
      assertTrue(single.sm().restoredIndex() < newestIndex, "restored " + single.sm().restoredIndex());
      assertEquals(before, digest(single.store));
    }
  }

  @Test
  void aCorruptSnapshotWithoutTheLogBeforeItRefusesToStart() throws IOException {
    TestNode single = new TestNode("solo", root, SnapshotRecoveryTest::snapshotEagerly);
    try (single) {
      single.start(Map.of(), false);
      write(single, "s-", 80);
      await("the log purged after a snapshot").atMost(WAIT)
          .until(() -> single.log.logStartIndex() > 1);
      Path newest = single.sm().getStateMachineStorage().getLatestSnapshot().getFile().getPath();
      single.stop();

      // Every snapshot on disk is corrupt (how many are retained at the stop depends on timing).
      for (SnapshotStore.Candidate c : snapshots(newest.getParent())) {
        flipByte(c.file());
      }
      CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
          () -> single.start(Map.of(), false));
      System.out.println("refused: " + e.getMessage());
      assertTrue(e.getMessage().contains(newest.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("at byte"), e.getMessage());
      assertTrue(e.getMessage().contains("refusing to serve"), e.getMessage());
    }
  }

  static java.util.List<SnapshotStore.Candidate> snapshots(Path dir) throws IOException {
    return SnapshotStore.candidates(dir);
  }

  /** Flips one byte in the middle of the file; returns its position. */
  static long flipByte(Path file) throws IOException {
    try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
      long position = f.length() / 2;
      f.seek(position);
      int b = f.read();
      f.seek(position);
      f.write(b ^ 0x5A);
      return position;
    }
  }
}
