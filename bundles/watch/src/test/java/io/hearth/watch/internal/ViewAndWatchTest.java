package io.hearth.watch.internal;

import static io.hearth.watch.internal.TestObjects.task;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Task;
import io.hearth.store.By;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.Watch;
import io.hearth.store.WatchRequests;
import io.hearth.store.WatchedView;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A view and a watch that starts exactly after it, taken again and again while writers create,
 * update and delete tasks: the view plus the watch's events always rebuild the store's state,
 * and the watch's first commit is the first one after the view, compared with a watcher that
 * saw every commit from the start.
 */
@Timeout(120)
class ViewAndWatchTest {
  private static final int WRITERS = 3;
  private static final int WRITES_PER_WRITER = 1000;
  private static final int MAX_VIEWS = 200;

  // Queues long enough to hold every commit of the test: nobody reads until the writers end.
  private final StoreFixture fixture = new StoreFixture(10_000, new WatchSettings(10_000, 2, 8192));

  @AfterEach
  void close() {
    fixture.close();
  }

  @Test
  void noGapAndNoDuplicateUnderConcurrentWriters() throws Exception {
    WatchHub hub = fixture.hub;
    // The reference: every commit from version 0, all task events.
    Watch everything = hub.watch(WatchRequests.on(ObjectKind.TASK).resumeFrom(0).build());
    AtomicBoolean stop = new AtomicBoolean();
    AtomicLong written = new AtomicLong();
    CountDownLatch started = new CountDownLatch(WRITERS);
    List<Thread> writers = new ArrayList<>();
    List<Throwable> failures = new ArrayList<>();
    for (int w = 0; w < WRITERS; w++) {
      int writer = w;
      Thread t = new Thread(() -> {
        SplittableRandom random = new SplittableRandom(writer);
        started.countDown();
        try {
          for (int i = 0; i < WRITES_PER_WRITER && !stop.get(); i++) {
            String id = "w" + writer + "-" + random.nextInt(20);
            fixture.store.update(tx -> {
              Task t0 = tx.tasks().get(id);
              if (t0 == null) {
                tx.tasks().create(task(id, "s" + writer, 1, "n1"));
              } else if (random.nextInt(4) == 0) {
                tx.tasks().delete(id);
              } else {
                tx.tasks().update(t0.toBuilder().setSlot(t0.getSlot() + 1).build());
              }
            });
            written.incrementAndGet();
          }
        } catch (Throwable e) {
          synchronized (failures) {
            failures.add(e);
          }
        }
      }, "writer-" + w);
      writers.add(t);
      t.start();
    }
    started.await();

    List<Check> checks = new ArrayList<>();
    while (checks.size() < MAX_VIEWS && (checks.size() < 5 || written.get() < WRITERS * WRITES_PER_WRITER)) {
      WatchedView<Map<String, Task>> view = hub.viewAndWatch(
          WatchRequests.on(ObjectKind.TASK).build(), tx -> byId(tx.tasks().find(By.all())));
      checks.add(new Check(view));
      // The next view after the store moved on (or the writers ended): views spread over the
      // whole run, however fast views are next to writes.
      long seen = view.version();
      await().atMost(Duration.ofSeconds(30)).until(() -> fixture.store.version() > seen
          || written.get() >= WRITERS * WRITES_PER_WRITER || writersFailed(failures));
    }
    for (Thread t : writers) {
      t.join();
    }
    assertTrue(failures.isEmpty(), failures.toString());
    long end = fixture.store.version();
    Map<String, Task> finalState = fixture.store.view(tx -> byId(tx.tasks().find(By.all())));

    // Everything, from the reference watcher.
    List<Commit> all = drainTo(everything, end);
    for (Check check : checks) {
      List<Commit> after = drainTo(check.view.watch(), end);
      List<Commit> expected = all.stream().filter(c -> c.version() > check.view.version())
          .toList();
      assertEquals(versions(expected), versions(after),
          "the watch after view " + check.view.version() + " starts right after it");
      Map<String, Task> rebuilt = new HashMap<>(check.view.value());
      for (Commit c : after) {
        apply(rebuilt, c);
      }
      assertEquals(finalState, rebuilt, "view + events = final state");
      check.view.watch().close();
    }
    long distinct = checks.stream().mapToLong(c -> c.view.version()).distinct().count();
    assertTrue(distinct >= 3, "views taken while the writers ran: " + distinct);
  }

  private static boolean writersFailed(List<Throwable> failures) {
    synchronized (failures) {
      return !failures.isEmpty();
    }
  }

  @Test
  void aRequestThatResumesIsRefused() {
    assertThrows(IllegalArgumentException.class, () -> fixture.hub.viewAndWatch(
        WatchRequests.on(ObjectKind.TASK).resumeFrom(0).build(), tx -> null));
  }

  private record Check(WatchedView<Map<String, Task>> view) { }

  private static Map<String, Task> byId(List<Task> tasks) {
    Map<String, Task> map = new HashMap<>();
    for (Task t : tasks) {
      map.put(t.getId(), t);
    }
    return map;
  }

  private static void apply(Map<String, Task> state, Commit commit) {
    for (StoreEvent e : commit.events()) {
      Task t = e.object(ObjectKind.TASK);
      if (e.action() == StoreEvent.Action.REMOVE) {
        state.remove(t.getId());
      } else {
        state.put(t.getId(), t);
      }
    }
  }

  /** Takes commits until one at {@code end} or later; fails after 20 s. */
  private static List<Commit> drainTo(Watch watch, long end) throws InterruptedException {
    List<Commit> out = new ArrayList<>();
    if (watch.lastVersion() >= end) {
      return out;
    }
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      Commit c = watch.poll(Duration.ofMillis(100));
      if (c != null) {
        out.add(c);
      }
      if (watch.lastVersion() >= end) {
        return out;
      }
      if (System.nanoTime() > deadline) {
        throw new AssertionError("watch stuck at " + watch.lastVersion() + " before " + end);
      }
    }
  }

  private static List<Long> versions(List<Commit> commits) {
    return commits.stream().map(Commit::version).toList();
  }
}
