package io.hearth.watch.internal;

import static io.hearth.watch.internal.TestObjects.node;
import static io.hearth.watch.internal.TestObjects.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreEvent.Action;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchClosedException.Reason;
import io.hearth.store.WatchRequests;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The watch service over a real store: delivery, old objects, overflow, resume, threads. */
@Timeout(60)
class WatchServiceTest {
  private static final Duration WAIT = Duration.ofSeconds(10);

  private StoreFixture fixture = new StoreFixture();

  @AfterEach
  void close() {
    fixture.close();
  }

  private WatchHub hub() {
    return fixture.hub;
  }

  private long createTask(String id, String service) {
    return fixture.store.update(tx -> tx.tasks().create(task(id, service, 1, "n1")));
  }

  private long setState(String id, TaskState state) {
    return fixture.store.update(tx -> {
      Task t = tx.tasks().require(id);
      tx.tasks().update(t.toBuilder().setStatus(TaskStatus.newBuilder().setState(state)).build());
    });
  }

  private static Commit next(Watch watch) throws InterruptedException {
    Commit c = watch.poll(WAIT);
    assertNotNull(c, "no commit within " + WAIT);
    return c;
  }

  @Test
  void eventsArriveGroupedPerCommitWithTheCommitsVersionInOrder() throws Exception {
    Watch watch = hub().watch(WatchRequests.on(ObjectKind.TASK).serviceId("a").build());
    long first = fixture.store.update(tx -> {
      tx.tasks().create(task("t1", "a", 1, "n1"));
      tx.tasks().create(task("t2", "b", 1, "n1"));
      tx.tasks().create(task("t3", "a", 2, "n1"));
      tx.nodes().create(node("n1", "node-1"));
    });
    createTask("t4", "b"); // matches nothing: no commit for it
    long third = setState("t1", TaskState.TASK_STATE_RUNNING);

    Commit c1 = next(watch);
    assertEquals(first, c1.version());
    assertEquals(List.of("t1", "t3"), c1.events().stream().map(StoreEvent::id).toList());
    Commit c2 = next(watch);
    assertEquals(third, c2.version());
    assertEquals(Action.UPDATE, c2.events().get(0).action());
    assertNull(watch.poll(Duration.ofMillis(20)));
    assertEquals(third, watch.lastVersion());
    watch.close();
  }

  @Test
  void oldObjectsOnlyWhenAsked() throws Exception {
    createTask("t1", "a");
    Watch plain = hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    Watch withOld = hub().watch(WatchRequests.on(ObjectKind.TASK).includeOldObject().build());
    setState("t1", TaskState.TASK_STATE_RUNNING);
    fixture.store.update(tx -> tx.tasks().delete("t1"));

    StoreEvent update = next(plain).events().get(0);
    assertNull(update.oldObject());
    assertEquals(TaskState.TASK_STATE_RUNNING, update.object(ObjectKind.TASK).getStatus().getState());
    assertNull(next(plain).events().get(0).oldObject());
    StoreEvent updateOld = next(withOld).events().get(0);
    assertEquals(TaskState.TASK_STATE_NEW,
        ((Task) updateOld.oldObject()).getStatus().getState());
    StoreEvent removeOld = next(withOld).events().get(0);
    assertEquals(Action.REMOVE, removeOld.action());
    assertNotNull(removeOld.oldObject());
  }

  @Test
  void listenersRunOnTheWatchServiceOrTheirExecutorNeverOnTheApplyThread() throws Exception {
    Recorder onPool = new Recorder();
    Recorder onOwn = new Recorder();
    ExecutorService own = Executors.newSingleThreadExecutor(r -> new Thread(r, "own-executor"));
    try {
      hub().watch(WatchRequests.on(ObjectKind.TASK).build(), onPool);
      hub().watch(WatchRequests.on(ObjectKind.TASK).build(), onOwn, own);
      long last = 0;
      for (int i = 0; i < 20; i++) {
        last = createTask("t" + i, "a");
      }
      onPool.awaitVersion(last);
      onOwn.awaitVersion(last);
      assertEquals(20, onPool.commits.size());
      assertTrue(onPool.threads.stream().allMatch(t -> t.startsWith("hearth-watch-delivery-")),
          onPool.threads.toString());
      assertTrue(onOwn.threads.stream().allMatch(t -> t.equals("own-executor")));
    } finally {
      own.shutdownNow();
    }
  }

  @Test
  void takeBlocksUntilACommitArrives() throws Exception {
    Watch watch = hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    CountDownLatch taking = new CountDownLatch(1);
    List<Commit> taken = new ArrayList<>();
    Thread consumer = new Thread(() -> {
      taking.countDown();
      try {
        taken.add(watch.take());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    consumer.start();
    assertTrue(taking.await(10, TimeUnit.SECONDS));
    long v = createTask("t1", "a");
    consumer.join(WAIT.toMillis());
    assertFalse(consumer.isAlive());
    assertEquals(v, taken.get(0).version());
  }

  @Test
  void aWatcherThatNeverReadsIsClosedOnOverflowAndTheOthersGetEverything() throws Exception {
    fixture.close();
    fixture = new StoreFixture(10_000, new WatchSettings(16, 2, 8192));
    long start = fixture.store.version();
    Watcher idle = (Watcher) hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    // A consumer that keeps up (it takes each commit as it comes) is not disturbed.
    Watch fast = hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    CountDownLatch release = new CountDownLatch(1);
    Recorder stuck = new Recorder() {
      @Override
      public void committed(Commit commit) {
        super.committed(commit);
        try {
          release.await(); // a listener that hangs: its queue fills behind it
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    };
    hub().watch(WatchRequests.on(ObjectKind.TASK).build(), stuck);
    assertEquals(3, hub().watchCount());

    for (int i = 0; i < 10; i++) {
      assertEquals(createTask("t" + i, "a"), next(fast).version());
    }
    assertEquals(10, idle.queued(), "queued, not yet over the limit");
    for (int i = 10; i < 500; i++) {
      // The producer never waits for the slow ones.
      assertEquals(createTask("t" + i, "a"), next(fast).version());
      assertTrue(idle.queued() <= 16, "bounded");
    }

    WatchClosedException reason = idle.closedReason();
    assertNotNull(reason, "the idle watcher overflowed");
    assertEquals(Reason.OVERFLOW, reason.reason());
    assertEquals(start, reason.lastVersion(), "it never took anything");
    assertTrue(reason.getMessage().contains("overflowed"), reason.getMessage());
    assertEquals(0, idle.queued(), "its queue was dropped");
    WatchClosedException thrown = assertThrows(WatchClosedException.class, idle::take);
    assertEquals(Reason.OVERFLOW, thrown.reason());

    release.countDown();
    WatchClosedException stuckReason = stuck.awaitClosed();
    assertEquals(Reason.OVERFLOW, stuckReason.reason());
    assertEquals(stuck.lastVersion(), stuckReason.lastVersion(),
        "resume after the one commit it was given");
    await().atMost(WAIT).until(() -> hub().watchCount() == 1);
  }

  @Test
  void resumeFromAVersionDeliversTheHistoryThenLiveCommits() throws Exception {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      versions.add(createTask("t" + i, i % 2 == 0 ? "even" : "odd"));
    }
    Watch watch = hub().watch(WatchRequests.on(ObjectKind.TASK).serviceId("even")
        .resumeFrom(versions.get(3)).build());
    long live = createTask("t10", "even");
    List<Long> got = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      got.add(next(watch).version());
    }
    assertEquals(List.of(versions.get(4), versions.get(6), versions.get(8), live), got);
    assertNull(watch.poll(Duration.ofMillis(20)));
  }

  @Test
  void resumeFromBeyondTheHistoryIsCompactedNamingTheOldestVersion() throws Exception {
    fixture.close();
    fixture = new StoreFixture(5, WatchSettings.DEFAULTS);
    long last = 0;
    for (int i = 0; i < 20; i++) {
      last = createTask("t" + i, "a");
    }
    long oldest = last - 5;
    CompactedException e = assertThrows(CompactedException.class, () -> hub().watch(
        WatchRequests.on(ObjectKind.TASK).resumeFrom(3).build()));
    assertEquals(oldest, e.oldestAvailable());
    assertEquals(3, e.requested());
    assertTrue(e.getMessage().contains(Long.toString(oldest)), e.getMessage());
    // The oldest version still available is fine.
    Watch watch = hub().watch(WatchRequests.on(ObjectKind.TASK).resumeFrom(oldest).build());
    assertEquals(oldest, watch.lastVersion());
    for (long v = oldest + 1; v <= last; v++) {
      assertEquals(v, next(watch).version());
    }
  }

  @Test
  void resumeFromTheFutureFails() {
    long v = createTask("t1", "a");
    FutureVersionException e = assertThrows(FutureVersionException.class,
        () -> hub().watch(WatchRequests.on(ObjectKind.TASK).resumeFrom(v + 1).build()));
    assertEquals(v, e.current());
    assertTrue(e.getMessage().contains("this node is at version " + v), e.getMessage());
  }

  @Test
  void aListenerThatThrowsIsClosedWithItsException() throws Exception {
    RuntimeException boom = new IllegalStateException("boom");
    Recorder failing = new Recorder() {
      @Override
      public void committed(Commit commit) {
        super.committed(commit);
        if (commits.size() == 2) {
          throw boom;
        }
      }
    };
    hub().watch(WatchRequests.on(ObjectKind.TASK).build(), failing);
    long v1 = createTask("t1", "a");
    long v2 = createTask("t2", "a");
    createTask("t3", "a");
    WatchClosedException reason = failing.awaitClosed();
    assertEquals(Reason.LISTENER_FAILED, reason.reason());
    assertSame(boom, reason.getCause());
    assertEquals(v1, reason.lastVersion(), "the failed commit is to be delivered again");
    assertEquals(List.of(v1, v2), failing.versions());
  }

  @Test
  void aWatchClosedByItsConsumerEndsQuietly() throws Exception {
    Watch pull = hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    Recorder push = new Recorder();
    Watch pushWatch = hub().watch(WatchRequests.on(ObjectKind.TASK).build(), push);
    pull.close();
    pushWatch.close();
    createTask("t1", "a");
    WatchClosedException e = assertThrows(WatchClosedException.class, pull::take);
    assertEquals(Reason.CLOSED, e.reason());
    assertThrows(IllegalStateException.class, pushWatch::take);
    await().atMost(WAIT).until(() -> hub().watchCount() == 0);
    assertTrue(push.commits.isEmpty());
    assertTrue(push.closes.isEmpty(), "no closed() for a close the consumer asked for");
  }

  @Test
  void stoppingTheServiceClosesEveryWatchAndANewOneResumesWithoutLoss() throws Exception {
    Watch pull = hub().watch(WatchRequests.on(ObjectKind.TASK).build());
    Recorder push = new Recorder();
    hub().watch(WatchRequests.on(ObjectKind.TASK).build(), push);
    long v1 = createTask("t1", "a");
    long v2 = createTask("t2", "a");
    assertEquals(v1, next(pull).version()); // v2 stays queued
    push.awaitVersion(v2);

    fixture.restartHub();
    WatchClosedException pullReason = assertThrows(WatchClosedException.class, pull::take);
    assertEquals(Reason.SERVICE_STOPPED, pullReason.reason());
    assertEquals(v1, pullReason.lastVersion(), "v2 was queued, not taken: resume before it");
    WatchClosedException pushReason = push.awaitClosed();
    assertEquals(Reason.SERVICE_STOPPED, pushReason.reason());
    assertEquals(v2, pushReason.lastVersion());

    long v3 = createTask("t3", "a"); // written while nobody watched
    Watch resumed = hub().watch(WatchRequests.on(ObjectKind.TASK)
        .resumeFrom(pullReason.lastVersion()).build());
    long v4 = createTask("t4", "a");
    assertEquals(List.of(v2, v3, v4),
        List.of(next(resumed).version(), next(resumed).version(), next(resumed).version()));
  }
}
