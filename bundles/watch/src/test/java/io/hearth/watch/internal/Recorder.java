package io.hearth.watch.internal;

import static org.awaitility.Awaitility.await;

import io.hearth.store.Commit;
import io.hearth.store.StoreEventListener;
import io.hearth.store.WatchClosedException;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** A listener that records what it is given, and on which threads. */
class Recorder implements StoreEventListener {
  final List<Commit> commits = new CopyOnWriteArrayList<>();
  final List<String> threads = new CopyOnWriteArrayList<>();
  final List<WatchClosedException> closes = new CopyOnWriteArrayList<>();
  volatile OptionalLong resumeAfter = OptionalLong.empty();

  @Override
  public void committed(Commit commit) {
    threads.add(Thread.currentThread().getName());
    commits.add(commit);
  }

  @Override
  public void closed(WatchClosedException reason) {
    closes.add(reason);
  }

  @Override
  public OptionalLong resumeAfter() {
    return resumeAfter;
  }

  List<Long> versions() {
    return commits.stream().map(Commit::version).toList();
  }

  long lastVersion() {
    return commits.isEmpty() ? -1 : commits.get(commits.size() - 1).version();
  }

  /** Waits until a commit of {@code version} or later has arrived. */
  void awaitVersion(long version) {
    await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> lastVersion() >= version);
  }

  WatchClosedException awaitClosed() {
    await().pollInterval(Duration.ofMillis(5)).atMost(Duration.ofSeconds(10)).until(() -> !closes.isEmpty());
    return closes.get(0);
  }
}
