package io.hearth.watch.internal;

import static io.hearth.store.StoreEventListener.KIND;
import static io.hearth.store.StoreEventListener.SERVICE_ID;
import static io.hearth.watch.internal.TestObjects.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.WatchClosedException.Reason;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Whiteboard listeners, driven as the component's bind, updated and unbind methods do. */
@Timeout(60)
class WhiteboardTest {
  private static final Duration WAIT = Duration.ofSeconds(10);
  private final StoreFixture fixture = new StoreFixture();
  private final Whiteboard whiteboard = new Whiteboard(fixture.hub);

  @AfterEach
  void close() {
    fixture.close();
  }

  private long create(String id, String service) {
    return fixture.store.update(tx -> tx.tasks().create(task(id, service, 1, "n")));
  }

  @Test
  void deliversWhileRegisteredAndStopsWhenUnregistered() {
    Recorder listener = new Recorder();
    whiteboard.add(listener, Map.of(KIND, "task", SERVICE_ID, "a"));
    assertEquals(1, whiteboard.openCount());
    create("t1", "b");
    long v2 = create("t2", "a");
    listener.awaitVersion(v2);
    assertEquals(List.of(v2), listener.versions());

    whiteboard.remove(listener);
    create("t3", "a");
    long v4 = create("t4", "b");
    await().atMost(WAIT).until(() -> fixture.hub.dispatchedVersion() >= v4);
    assertEquals(List.of(v2), listener.versions(), "nothing after unregistration");
    assertTrue(listener.closes.isEmpty(), "unregistering is not a close to report");
    assertEquals(0, whiteboard.openCount());
  }

  @Test
  void aListenerThatRemembersItsVersionResumesWithoutLoss() {
    long v1 = create("t1", "a");
    long v2 = create("t2", "a");
    Recorder listener = new Recorder();
    listener.resumeAfter = OptionalLong.of(v1);
    whiteboard.add(listener, Map.of(KIND, "task"));
    listener.awaitVersion(v2);
    assertEquals(List.of(v2), listener.versions());
  }

  @Test
  void changedPropertiesReopenAfterTheLastVersionDelivered() {
    Recorder listener = new Recorder();
    whiteboard.add(listener, Map.of(KIND, "task", SERVICE_ID, "a"));
    long v1 = create("t1", "a");
    listener.awaitVersion(v1);
    whiteboard.update(listener, Map.of(KIND, "task", SERVICE_ID, "b"));
    create("t2", "a");
    long v3 = create("t3", "b");
    listener.awaitVersion(v3);
    assertEquals(List.of(v1, v3), listener.versions());
  }

  @Test
  void badPropertiesAreRejectedAndReported() {
    Recorder listener = new Recorder();
    whiteboard.add(listener, Map.of(KIND, "node", SERVICE_ID, "a"));
    assertEquals(Reason.REJECTED, listener.awaitClosed().reason());
    assertTrue(listener.closes.get(0).getCause().getMessage().contains("does not apply"));
    assertEquals(0, whiteboard.openCount());
  }

  @Test
  void aResumeOutsideTheHistoryIsRejected() {
    Recorder listener = new Recorder();
    listener.resumeAfter = OptionalLong.of(1_000);
    whiteboard.add(listener, Map.of(KIND, "task"));
    assertEquals(Reason.REJECTED, listener.awaitClosed().reason());
  }
}
