package io.hearth.watch.internal;

import static io.hearth.watch.internal.TestObjects.created;
import static io.hearth.watch.internal.TestObjects.node;
import static io.hearth.watch.internal.TestObjects.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchClosedException.Reason;
import io.hearth.store.WatchRequests;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The dispatcher against a feed the test drives: the intake overflowing and being read again
 * from the history, falling behind the history, a replaced state, exact starts.
 */
@Timeout(60)
class DispatcherTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  /** The feed alone is used; viewAndWatch is not under test here. */
  private static final StoreService NO_STORE = (StoreService) Proxy.newProxyInstance(
      DispatcherTest.class.getClassLoader(), new Class<?>[] {StoreService.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException(method.getName());
      });

  private FakeFeed feed;
  private WatchHub hub;

  private void start(int history, int intake, int queue) {
    feed = new FakeFeed(history);
    hub = new WatchHub(feed, NO_STORE, new WatchSettings(queue, 1, intake));
  }

  @AfterEach
  void stop() {
    if (hub != null) {
      hub.close();
    }
  }

  private static StoreEvent taskEvent(int i) {
    return created(task("t" + i, "s", i, "n"));
  }

  private static List<Long> drain(Watch watch, int n) throws InterruptedException {
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Commit c = watch.poll(WAIT);
      assertNotNull(c, "commit " + i + " of " + n);
      versions.add(c.version());
    }
    return versions;
  }

  private static List<Long> range(long from, long to) {
    List<Long> out = new ArrayList<>();
    for (long v = from; v <= to; v++) {
      out.add(v);
    }
    return out;
  }

  /**
   * Holds the dispatcher inside a subscribe (a registration replaying history) while the test
   * publishes; returns the registration, which completes once released.
   */
  private CompletableFuture<Watch> holdDispatcher(long resumeFrom) throws InterruptedException {
    CountDownLatch entered = feed.blockNextSubscribe();
    CompletableFuture<Watch> opening = CompletableFuture.supplyAsync(() -> hub.watch(
        WatchRequests.on(ObjectKind.TASK).resumeFrom(resumeFrom).build()));
    assertTrue(entered.await(10, TimeUnit.SECONDS), "dispatcher in subscribe");
    return opening;
  }

  @Test
  void anOverflowingIntakeIsReadAgainFromTheHistory() throws Exception {
    start(1000, 4, 1000);
    feed.publish(taskEvent(0));
    Watch watch = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 1);
    CompletableFuture<Watch> late = holdDispatcher(0);
    for (int i = 1; i <= 100; i++) {
      feed.publish(taskEvent(i)); // the intake holds 4: the rest is refused
    }
    feed.releaseSubscribe();
    assertEquals(range(2, 101), drain(watch, 100));
    assertEquals(range(1, 101), drain(late.get(10, TimeUnit.SECONDS), 101));
    assertNull(watch.closedReason());
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 101);
    assertEquals(1, feed.subscriptions(), "one subscription again, no leak");
  }

  @Test
  void aDispatcherFallenBehindTheHistoryClosesEveryWatchAsFellBehind() throws Exception {
    start(10, 4, 1000);
    feed.publish(taskEvent(0));
    feed.publish(taskEvent(1));
    Watch watch = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 2);
    CompletableFuture<Watch> late = holdDispatcher(1);
    for (int i = 2; i < 102; i++) {
      feed.publish(taskEvent(i)); // the history keeps the last 10 only
    }
    feed.releaseSubscribe();
    Exception lateFailure = assertThrows(Exception.class, () -> late.get(10, TimeUnit.SECONDS));
    assertTrue(lateFailure.getCause() instanceof io.hearth.store.CompactedException,
        lateFailure.toString());

    await().atMost(WAIT).until(watch::isClosed);
    WatchClosedException e = assertThrows(WatchClosedException.class, () -> watch.poll(WAIT));
    assertEquals(Reason.FELL_BEHIND, e.reason());
    assertEquals(2, e.lastVersion(), "it had taken nothing after version 2");
    // The service goes on from the current version.
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 102);
    Watch fresh = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    long v = feed.publish(taskEvent(200));
    assertEquals(List.of(v), drain(fresh, 1));
  }

  @Test
  void aReplacedStateClosesEveryWatchWithStateReplaced() throws Exception {
    start(100, 64, 100);
    Watch watch = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    Recorder listener = new Recorder();
    hub.watch(WatchRequests.on(ObjectKind.TASK).build(), listener);
    for (int i = 0; i < 3; i++) {
      feed.publish(taskEvent(i));
    }
    assertEquals(List.of(1L), drain(watch, 1));
    feed.restart(50);

    await().atMost(WAIT).until(watch::isClosed);
    WatchClosedException e = assertThrows(WatchClosedException.class, () -> watch.poll(WAIT));
    assertEquals(Reason.STATE_REPLACED, e.reason());
    assertEquals(1, e.lastVersion(), "2 and 3 were queued, not taken");
    WatchClosedException told = listener.awaitClosed();
    assertEquals(Reason.STATE_REPLACED, told.reason());
    assertEquals(listener.versions().isEmpty() ? 0 : listener.lastVersion(), told.lastVersion());
    assertThrows(io.hearth.store.CompactedException.class, () -> hub.watch(
        WatchRequests.on(ObjectKind.TASK).resumeFrom(e.lastVersion()).build()));
    Watch after = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    assertEquals(List.of(51L), List.of(feed.publish(taskEvent(9))));
    assertEquals(List.of(51L), drain(after, 1));
  }

  @Test
  void aWatchResumingAheadOfTheDispatcherStartsExactlyAfterItsVersion() throws Exception {
    start(1000, 1000, 1000);
    feed.publish(taskEvent(0));
    feed.publish(taskEvent(1));
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 2);
    CompletableFuture<Watch> first = holdDispatcher(1);
    for (int i = 2; i < 10; i++) {
      feed.publish(taskEvent(i)); // up to version 10; the dispatcher is still at 2
    }
    CompletableFuture<Watch> ahead = CompletableFuture.supplyAsync(() -> hub.watch(
        WatchRequests.on(ObjectKind.TASK).resumeFrom(7).build()));
    feed.releaseSubscribe();
    assertEquals(range(8, 10), drain(ahead.get(10, TimeUnit.SECONDS), 3));
    assertEquals(range(2, 10), drain(first.get(10, TimeUnit.SECONDS), 9));
  }

  @Test
  void aWatchWhoseHistoryOverflowsItsQueueIsClosedAtOnce() {
    start(1000, 64, 4);
    for (int i = 0; i < 10; i++) {
      feed.publish(taskEvent(i));
    }
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 10); // so all 10 are history
    Watch watch = hub.watch(WatchRequests.on(ObjectKind.TASK).resumeFrom(0).build());
    assertTrue(watch.isClosed());
    assertEquals(Reason.OVERFLOW, watch.closedReason().reason());
    assertEquals(0, watch.lastVersion());
  }

  @Test
  void stoppingClosesOpenWatchesAndFailsPendingOpens() throws Exception {
    start(1000, 64, 100);
    feed.publish(taskEvent(0));
    feed.publish(taskEvent(1));
    Watch open = hub.watch(WatchRequests.on(ObjectKind.TASK).build());
    // Only a watch resuming before the dispatched version replays history (and so enters
    // subscribe); the dispatcher runs registrations before it drains its intake, so wait.
    await().atMost(WAIT).until(() -> hub.dispatchedVersion() == 2);
    CompletableFuture<Watch> first = holdDispatcher(0);
    CompletableFuture<Watch> queued = CompletableFuture.supplyAsync(() -> hub.watch(
        WatchRequests.on(ObjectKind.TASK).build()));
    CompletableFuture<Void> closing = CompletableFuture.runAsync(hub::close);
    feed.releaseSubscribe();
    closing.get(20, TimeUnit.SECONDS);

    // Opened and closed with the service, or refused: either way it says why.
    try {
      Watch late = queued.get(10, TimeUnit.SECONDS);
      assertEquals(Reason.SERVICE_STOPPED, late.closedReason().reason());
    } catch (java.util.concurrent.ExecutionException e) {
      assertTrue(e.getCause() instanceof WatchClosedException, e.toString());
      assertEquals(Reason.SERVICE_STOPPED, ((WatchClosedException) e.getCause()).reason());
    }
    assertEquals(Reason.SERVICE_STOPPED, open.closedReason().reason());
    assertEquals(2, open.lastVersion());
    Watch held = first.get(10, TimeUnit.SECONDS);
    assertTrue(held.isClosed());
    assertEquals(Reason.SERVICE_STOPPED, held.closedReason().reason());
    assertThrows(WatchClosedException.class,
        () -> hub.watch(WatchRequests.on(ObjectKind.TASK).build()));
    assertEquals(0, feed.subscriptions());
    hub = null;
  }

  @Test
  void anEntryOnAnyKindAndKeyedEntriesDeliverAnEventOnce() throws Exception {
    start(100, 64, 100);
    Watch watch = hub.watch(WatchRequests.onAnyKind().id("t1")
        .or(ObjectKind.TASK).serviceId("s")
        .or(ObjectKind.TASK).nodeId("n")
        .or(ObjectKind.TASK)
        .build());
    feed.publish(taskEvent(1), created(node("n1", "x")), taskEvent(2));
    Commit c = watch.poll(WAIT);
    assertNotNull(c);
    assertEquals(List.of("t1", "t2"), c.events().stream().map(StoreEvent::id).toList());
    long single = feed.publish(taskEvent(1));
    Commit one = watch.poll(WAIT);
    assertEquals(single, one.version());
    assertEquals(1, one.events().size());
  }

  @Test
  void watchersMatchingEveryEventOfACommitShareIt() throws Exception {
    start(100, 64, 100);
    Watch a = hub.watch(WatchRequests.on(ObjectKind.TASK).includeOldObject().build());
    Watch b = hub.watch(WatchRequests.on(ObjectKind.TASK).includeOldObject().build());
    feed.publish(taskEvent(1), taskEvent(2));
    assertSame(a.poll(WAIT), b.poll(WAIT));
  }
}
