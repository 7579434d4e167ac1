package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.model.Node;
import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.TxWork;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.CommitListener;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CommitFeedTest {
  private final ManualLog log = new ManualLog();
  private final ManualLog.Member leaderLog = log.member("a", true);
  private final ManualLog.Member followerLog = log.member("b", false);
  private final StoreLimits limits = new StoreLimits(1536 * 1024, 200, 1024 * 1024, 2, 3);
  private final HearthStore leader = new HearthStore(leaderLog, limits, Clock.systemUTC());
  private final HearthStore follower = new HearthStore(followerLog, limits, Clock.systemUTC());

  /** Records what a subscription delivers. */
  static final class Recorder implements CommitListener {
    final List<Commit> commits = new CopyOnWriteArrayList<>();
    final List<Long> restarts = new CopyOnWriteArrayList<>();

    @Override
    public void committed(Commit commit) {
      commits.add(commit);
    }

    @Override
    public void restarted(long version) {
      restarts.add(version);
    }

    List<Long> versions() {
      return commits.stream().map(Commit::version).toList();
    }
  }

  private void write(TxWork work) throws Exception {
    CompletableFuture<Long> done = CompletableFuture.supplyAsync(() -> leader.update(work));
    log.commitNext();
    done.get(10, TimeUnit.SECONDS);
  }

  private void createUpdateRemove() throws Exception {
    write(tx -> tx.nodes().create(node("n1", "a")));
    write(tx -> {
      Node n = tx.nodes().require("n1");
      tx.nodes().update(n.toBuilder().setSpec(n.getSpec().toBuilder()
          .setAnnotations(n.getSpec().getAnnotations().toBuilder().setName("b"))).build());
    });
    write(tx -> tx.nodes().delete("n1"));
  }

  @Test
  void eachTransactionBecomesOneCommitWithItsEventsAndOldObjects() throws Exception {
    Recorder recorder = new Recorder();
    leader.commitFeed().subscribe(0, recorder);
    createUpdateRemove();

    assertEquals(List.of(1L, 2L, 3L), recorder.versions());
    StoreEvent created = recorder.commits.get(0).events().get(0);
    StoreEvent updated = recorder.commits.get(1).events().get(0);
    StoreEvent removed = recorder.commits.get(2).events().get(0);
    assertEquals(StoreEvent.Action.CREATE, created.action());
    assertNull(created.oldObject());
    assertEquals(StoreEvent.Action.UPDATE, updated.action());
    assertEquals(created.object(), updated.oldObject());
    assertEquals("b", updated.object(ObjectKind.NODE).getSpec().getAnnotations().getName());
    assertEquals(StoreEvent.Action.REMOVE, removed.action());
    assertEquals(updated.object(), removed.object());
    assertEquals("n1", removed.id());
  }

  @Test
  void aFollowerReplayingTheLogPublishesTheSameCommitsAsTheLeader() throws Exception {
    Recorder onLeader = new Recorder();
    Recorder onFollower = new Recorder();
    leader.commitFeed().subscribe(0, onLeader);
    follower.commitFeed().subscribe(0, onFollower);
    createUpdateRemove();
    assertEquals(onLeader.commits, onFollower.commits);
  }

  @Test
  void subscribingAfterAVersionReplaysTheHistoryThenGoesLiveWithoutGapOrDuplicate()
      throws Exception {
    createUpdateRemove();
    Recorder recorder = new Recorder();
    leader.commitFeed().subscribe(1, recorder);
    assertEquals(List.of(2L, 3L), recorder.versions());
    write(tx -> tx.nodes().create(node("n2", "c")));
    assertEquals(List.of(2L, 3L, 4L), recorder.versions());
  }

  @Test
  void resumingBeforeTheHistoryIsCompactedAndAfterTheCurrentVersionIsInTheFuture()
      throws Exception {
    createUpdateRemove();
    write(tx -> tx.nodes().create(node("n2", "c")));
    CommitFeed feed = leader.commitFeed();
    assertEquals(1, feed.oldestResumable(), "a history of 3 holds versions 2 to 4");
    CompactedException compacted =
        assertThrows(CompactedException.class, () -> feed.subscribe(0, new Recorder()));
    assertEquals(1, compacted.oldestAvailable());
    FutureVersionException future =
        assertThrows(FutureVersionException.class, () -> feed.subscribe(5, new Recorder()));
    assertEquals(4, future.current());
  }

  @Test
  void aClosedSubscriptionReceivesNothingMore() throws Exception {
    Recorder recorder = new Recorder();
    leader.commitFeed().subscribe(0, recorder).close();
    write(tx -> tx.nodes().create(node("n1", "a")));
    assertEquals(List.of(), recorder.commits);
  }

  @Test
  void restoringASnapshotRestartsTheFeedAtItsVersion() throws Exception {
    createUpdateRemove();
    ByteArrayOutputStream image = new ByteArrayOutputStream();
    leader.applier().image().writeTo(image);
    try (StoreFixture fresh = new StoreFixture()) {
      Recorder recorder = new Recorder();
      fresh.store.commitFeed().subscribe(0, recorder);
      fresh.store.applier().restore(new ByteArrayInputStream(image.toByteArray()), 3);
      assertEquals(List.of(3L), recorder.restarts);
      assertEquals(3, fresh.store.commitFeed().oldestResumable());
    }
  }
}
