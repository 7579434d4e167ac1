package io.hearth.watch.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.hearth.model.WatchRequest;
import io.hearth.store.Commit;
import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreService;
import io.hearth.store.Watch;
import io.hearth.store.WatchClosedException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Seeded model test: random commit streams (every kind and action, one to four events each)
 * against random watchers (random entries, actions and selectors; some resuming from a random
 * version of the history, some pull and drained at random moments, some push), with small
 * queues and a small intake so that overflows and re-reads from the history happen. Every
 * watcher must have been given exactly what the {@link ReferenceFilter} selects from the stream:
 * in order, nothing missing, nothing twice; a watcher that was closed, exactly the commits up to
 * the version its close names. The seed is in the test name: a failure replays the same
 * operations (thread timing aside).
 */
@Timeout(120)
class WatchModelTest {
  private static final Duration WAIT = Duration.ofSeconds(20);
  private static final int STEPS = 1500;
  private static final StoreService NO_STORE = (StoreService) Proxy.newProxyInstance(
      WatchModelTest.class.getClassLoader(), new Class<?>[] {StoreService.class},
      (proxy, method, args) -> {
        throw new UnsupportedOperationException(method.getName());
      });

  /** One watcher under test and what it was given. */
  private static final class Subject {
    final WatchRequest request;
    final long after;
    final Watch watch;
    final Recorder pushed; // null for a pull watch
    final List<Commit> taken = new ArrayList<>();

    Subject(WatchRequest request, long after, Watch watch, Recorder pushed) {
      this.request = request;
      this.after = after;
      this.watch = watch;
      this.pushed = pushed;
    }

    List<Commit> received() {
      return pushed == null ? taken : pushed.commits;
    }
  }

  @ParameterizedTest(name = "seed {0}")
  @ValueSource(longs = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 42, 2026})
  void everyWatcherGetsExactlyItsCommitsInOrder(long seed) throws Exception {
    SplittableRandom random = new SplittableRandom(seed);
    RandomWorld world = new RandomWorld(random);
    FakeFeed feed = new FakeFeed(new int[] {30, 200, 5000}[random.nextInt(3)]);
    WatchSettings settings = new WatchSettings(new int[] {4, 32, 4096}[random.nextInt(3)], 2,
        new int[] {2, 16, 4096}[random.nextInt(3)]);
    WatchHub hub = new WatchHub(feed, NO_STORE, settings);
    List<Commit> all = new ArrayList<>();
    List<Subject> subjects = new ArrayList<>();
    int refusedCompacted = 0;
    int refusedFuture = 0;
    try {
      for (int step = 0; step < STEPS; step++) {
        int op = random.nextInt(100);
        if (op < 70) {
          StoreEvent[] events = world.events();
          long v = feed.publish(events);
          all.add(new Commit(v, List.of(events)));
        } else if (op < 76) {
          WatchRequest request = world.request();
          long version = feed.version();
          long oldest = feed.oldestResumable();
          int mode = random.nextInt(10);
          if (mode < 4) {
            subjects.add(open(hub, request, version, random.nextBoolean()));
          } else if (mode < 8) {
            long from = oldest + random.nextLong(version - oldest + 1);
            subjects.add(open(hub, request.toBuilder().setResumeFrom(from).build(), from,
                random.nextBoolean()));
          } else if (mode == 8 && oldest > 0) {
            long from = random.nextLong(oldest);
            assertThrows(CompactedException.class,
                () -> hub.watch(request.toBuilder().setResumeFrom(from).build()));
            refusedCompacted++;
          } else {
            long from = version + 1 + random.nextInt(5);
            assertThrows(FutureVersionException.class,
                () -> hub.watch(request.toBuilder().setResumeFrom(from).build()));
            refusedFuture++;
          }
        } else if (op < 95) {
          if (!subjects.isEmpty()) {
            Subject s = subjects.get(random.nextInt(subjects.size()));
            if (s.pushed == null) {
              takeAvailable(s, random.nextInt(8));
            }
          }
        } else if (op < 96 && !subjects.isEmpty()) {
          subjects.get(random.nextInt(subjects.size())).watch.close();
        }
      }
      long end = feed.version();
      for (Subject s : subjects) {
        settle(s, end);
      }
      int delivered = 0;
      for (Subject s : subjects) {
        check(s, all, end);
        delivered += s.received().size();
      }
      assertTrue(delivered > 0, "the watchers were given something to check");
      assertTrue(subjects.size() > 10, "watchers: " + subjects.size());
      assertTrue(refusedCompacted + refusedFuture > 0, "out-of-range resumes were tried");
    } finally {
      hub.close();
    }
  }

  private static Subject open(WatchHub hub, WatchRequest request, long after, boolean push) {
    if (push) {
      Recorder recorder = new Recorder();
      return new Subject(request, after, hub.watch(request, recorder), recorder);
    }
    return new Subject(request, after, hub.watch(request), null);
  }

  private static void takeAvailable(Subject s, int max) throws InterruptedException {
    for (int i = 0; i < max; i++) {
      try {
        Commit c = s.watch.poll(Duration.ZERO);
        if (c == null) {
          return;
        }
        s.taken.add(c);
      } catch (WatchClosedException e) {
        return;
      }
    }
  }

  /** Lets each watcher reach the end of the stream (or its close). */
  private static void settle(Subject s, long end) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!s.watch.isClosed() && s.watch.lastVersion() < end) {
      if (s.pushed == null) {
        try {
          Commit c = s.watch.poll(Duration.ofMillis(50));
          if (c != null) {
            s.taken.add(c);
          }
        } catch (WatchClosedException e) {
          return;
        }
      } else {
        Thread.onSpinWait();
      }
      if (System.nanoTime() > deadline) {
        fail("watch after " + s.after + " stuck at " + s.watch.lastVersion() + " < " + end);
      }
    }
    if (s.pushed != null && s.watch.isClosed()
        && s.watch.closedReason().reason() != WatchClosedException.Reason.CLOSED) {
      s.pushed.awaitClosed(); // its last delivery happened before closed()
    }
  }

  private static void check(Subject s, List<Commit> all, long end) {
    long upTo = end;
    String what = "watch " + s.request + " after " + s.after;
    if (s.watch.isClosed()) {
      // Consumer-closed: whatever it got is a prefix; any other close names exactly its end.
      upTo = s.watch.closedReason().lastVersion();
      if (s.watch.closedReason().reason() == WatchClosedException.Reason.CLOSED) {
        List<Commit> got = s.received();
        List<Commit> expected = ReferenceFilter.expected(s.request, all, s.after, end);
        assertEquals(expected.subList(0, got.size()), got, what + " (closed by consumer)");
        return;
      }
      if (s.pushed != null) {
        assertEquals(upTo, s.pushed.closes.get(0).lastVersion(), what);
      }
      what += " closed " + s.watch.closedReason().reason() + " at " + upTo;
    }
    assertEquals(ReferenceFilter.expected(s.request, all, s.after, upTo), s.received(), what);
  }
}
