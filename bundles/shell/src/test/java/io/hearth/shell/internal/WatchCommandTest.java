package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchCommandTest {
  private final TestStore t = new TestStore();

  @AfterEach
  void close() {
    t.close();
  }

  @Test
  void aWatchWithACountPrintsOneLinePerMatchingEventAndEndsByItself() throws Exception {
    t.ok("service-create", "web", "--image", "nginx:1");
    CompletableFuture<TestStore.Run> watching = CompletableFuture.supplyAsync(
        () -> t.run("watch", "service", "--name-prefix", "web", "--count", "2"));
    // The watch opens on its own thread: keep changing web until both events are in.
    long replicas = 2;
    while (!watching.isDone()) {
      t.ok("service-create", "other-" + replicas, "--image", "x"); // not matched
      t.ok("service-scale", "web", Long.toString(replicas++));
      try {
        watching.get(50, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.TimeoutException notYet) {
        if (replicas > 1000) {
          throw new AssertionError("the watch did not end");
        }
      }
    }
    TestStore.Run run = watching.get();
    assertTrue(run.ok(), run.err());
    List<String> lines = run.out().lines().toList();
    assertTrue(lines.get(0).startsWith("watching services after version "), run.out());
    assertTrue(lines.get(1).matches("VERSION +ACTION +KIND +ID +NAME +STATE"), run.out());
    assertEquals(5, lines.size(), run.out());
    for (String event : lines.subList(2, 4)) {
      assertTrue(event.matches("\\d+ +update +service +\\w+ +web +replicated \\d+"), event);
    }
    assertEquals("(2 events)", lines.get(4));
  }

  @Test
  void aWatchForADurationEndsWhenItIsOver() {
    TestStore.Run run = t.run("watch", "task", "--for", "300ms");
    assertTrue(run.ok(), run.err());
    assertTrue(run.out().endsWith("(0 events)\n"), run.out());
  }

  @Test
  void anUnboundedWatchEndsWhenItsThreadIsInterrupted() throws Exception {
    CompletableFuture<TestStore.Run> result = new CompletableFuture<>();
    Thread thread = new Thread(() -> result.complete(t.run("watch", "node")));
    thread.start();
    t.ok("node-add", "n1");
    TestStore.await("the watch prints its event", () -> thread.isAlive() && t.store.version() > 0);
    thread.interrupt();
    TestStore.Run run = result.get(10, TimeUnit.SECONDS);
    assertTrue(run.out().contains("interrupted)"), run.out());
  }

  @Test
  void closingTheShellEndsItsWatches() throws Exception {
    CompletableFuture<TestStore.Run> watching =
        CompletableFuture.supplyAsync(() -> t.run("watch", "node"));
    TestStore.await("the watch started", () -> {
      t.watch.closeAll();
      return watching.isDone();
    });
    assertTrue(watching.get().out().contains("watch closed"), watching.get().out());
  }

  @Test
  void badWatchArgumentsAreRefused() {
    assertEquals("hearth: --count: 0 is out of range [1, 9223372036854775807]\n",
        t.run("watch", "task", "--count", "0").err());
    assertEquals("hearth: --action: 'change' is not create, update or remove\n",
        t.run("watch", "task", "--action", "change").err());
    assertTrue(t.run("watch", "--service", "web").err()
        .startsWith("hearth: selectors need a kind"));
  }
}
