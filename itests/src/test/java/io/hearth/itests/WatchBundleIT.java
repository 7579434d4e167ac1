package io.hearth.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;

import io.hearth.itests.consumer.WatchedCommits;
import io.hearth.model.Annotations;
import io.hearth.model.Node;
import io.hearth.model.NodeSpec;
import io.hearth.model.Task;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchService;
import java.io.InputStream;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerMethod;
import org.osgi.framework.Bundle;

/**
 * The watch bundle in a real Felix framework, with the test bundle's two watchers of node
 * events: a whiteboard {@code StoreEventListener} service and a component that takes from a
 * {@code Watch}. Stopping the listener's bundle ends its delivery and starting it resumes it;
 * stopping (or updating) the watch bundle closes every watcher with a reason and the last
 * version, and when it comes back they resume from there and miss nothing.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerMethod.class)
public class WatchBundleIT extends HearthIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(20);
  private static final String WATCH_BUNDLE = "io.hearth.watch";
  private static final String TEST_BUNDLE = "io.hearth.itests";

  public WatchBundleIT() {
    super(TIMEOUT);
  }

  @Configuration
  public Option[] config() {
    return HearthOptions.node();
  }

  @Test
  public void aWhiteboardListenerReceivesWhileRegisteredAndResumesWhenItsBundleRestarts()
      throws Exception {
    assertEquals(Bundle.ACTIVE, osgi().bundle(WATCH_BUNDLE).getState());
    StoreService store = osgi().awaitService(StoreService.class);
    WatchService watches = osgi().awaitService(WatchService.class);
    WatchedCommits listener = watcher(WatchedCommits.WHITEBOARD);

    long v1 = createNode(store, "n1");
    store.update(tx -> tx.tasks().create(Task.newBuilder().setId("t1").build())); // not a node
    long v3 = createNode(store, "n2");
    assertTrue(listener.toString(), listener.awaitVersion(v3, TIMEOUT));
    assertEquals(List.of(v1, v3), listener.versions());

    // Its bundle stopped: the service is gone and delivery ends at once.
    Watch probe = watches.watch(WatchRequests.on(ObjectKind.NODE).build());
    osgi().bundle(TEST_BUNDLE).stop();
    long v4 = createNode(store, "n3");
    assertEquals("the watch service has dispatched v4", v4, take(probe).version());
    assertEquals(List.of(v1, v3), listener.versions());

    // Started again: the listener resumes after the last version it received.
    osgi().bundle(TEST_BUNDLE).start();
    long v5 = createNode(store, "n4");
    assertTrue(listener.awaitVersion(v5, TIMEOUT));
    assertEquals(List.of(v1, v3, v4, v5), listener.versions());
    assertEquals(List.of("n1", "n2", "n3", "n4"), listener.ids());
    assertTrue("no close was reported: " + listener.closes(), listener.closes().isEmpty());
  }

  @Test
  public void stoppingTheWatchBundleClosesEveryWatcherAndTheyResumeWithoutLossWhenItReturns()
      throws Exception {
    StoreService store = osgi().awaitService(StoreService.class);
    WatchedCommits pull = watcher(WatchedCommits.PULL);
    WatchedCommits listener = watcher(WatchedCommits.WHITEBOARD);
    List<Long> expected = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      expected.add(createNode(store, "n" + i));
    }
    long last = expected.get(4);
    assertTrue(pull.toString(), pull.awaitVersion(last, TIMEOUT));
    assertTrue(listener.toString(), listener.awaitVersion(last, TIMEOUT));

    Bundle watch = osgi().bundle(WATCH_BUNDLE);
    watch.stop();
    assertNull("no WatchService", context.getServiceReference(WatchService.class));
    for (WatchedCommits w : List.of(pull, listener)) {
      assertTrue(w.toString(), w.awaitCloses(1, TIMEOUT));
      WatchClosedException reason = w.closes().get(0);
      assertEquals(WatchClosedException.Reason.SERVICE_STOPPED, reason.reason());
      assertEquals("closed at the last version it received", last, reason.lastVersion());
      assertTrue(reason.getMessage(), reason.getMessage().contains("watch service stopped"));
    }

    for (int i = 6; i <= 8; i++) {
      expected.add(createNode(store, "n" + i)); // nobody is watching
    }
    watch.start();
    osgi().awaitService(WatchService.class);
    expected.add(createNode(store, "n9"));
    long end = expected.get(expected.size() - 1);
    assertTrue(pull.toString(), pull.awaitVersion(end, TIMEOUT));
    assertTrue(listener.toString(), listener.awaitVersion(end, TIMEOUT));
    assertEquals("every commit once, in order", expected, pull.versions());
    assertEquals("every commit once, in order", expected, listener.versions());
  }

  @Test
  public void updatingTheWatchBundleInPlaceLosesNothing() throws Exception {
    StoreService store = osgi().awaitService(StoreService.class);
    WatchedCommits pull = watcher(WatchedCommits.PULL);
    WatchedCommits listener = watcher(WatchedCommits.WHITEBOARD);
    List<Long> expected = new ArrayList<>();
    expected.add(createNode(store, "n1"));
    assertTrue(pull.awaitVersion(expected.get(0), TIMEOUT));

    Bundle watch = osgi().bundle(WATCH_BUNDLE);
    try (InputStream jar = new URL(watch.getLocation()).openStream()) {
      watch.update(jar);
    }
    expected.add(createNode(store, "n2"));
    osgi().refresh(watch);
    expected.add(createNode(store, "n3"));
    long end = expected.get(2);
    assertTrue(pull.toString(), pull.awaitVersion(end, TIMEOUT));
    assertTrue(listener.toString(), listener.awaitVersion(end, TIMEOUT));
    assertEquals(expected, pull.versions());
    assertEquals(expected, listener.versions());
    assertEquals(Bundle.ACTIVE, watch.getState());
  }

  private static long createNode(StoreService store, String id) {
    return store.update(tx -> tx.nodes().create(Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder().setAnnotations(Annotations.newBuilder().setName(id)))
        .build()));
  }

  private static Commit take(Watch watch) throws InterruptedException {
    Commit c = watch.poll(TIMEOUT);
    assertNotNull("no commit within " + TIMEOUT, c);
    return c;
  }

  private WatchedCommits watcher(String which) throws Exception {
    return osgi().awaitService(WatchedCommits.class,
        "(" + WatchedCommits.PROPERTY + "=" + which + ")");
  }
}
