package io.hearth.itests;

import io.hearth.store.StoreService;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Scales services up in rounds on its own thread, while a test swaps bundles under the control
 * plane: each round raises every service's replicas by {@code step}, then waits until the
 * orchestrator has made the tasks (not until they are allocated or assigned, so the next round
 * lands while the allocator and scheduler still have work).
 */
final class Scaler implements AutoCloseable {
  private final StoreService store;
  private final Map<String, Long> replicas;
  private final int step;
  private final Duration roundTimeout;
  private final Thread thread;
  private volatile boolean stopping;
  private int rounds; // guarded by this
  private Throwable failure; // guarded by this

  private Scaler(StoreService store, Map<String, Long> replicas, int step, Duration roundTimeout) {
    this.store = store;
    this.replicas = new LinkedHashMap<>(replicas);
    this.step = step;
    this.roundTimeout = roundTimeout;
    this.thread = new Thread(this::run, "scaler");
    thread.setDaemon(true);
  }

  /** Starts scaling {@code replicas}' services (their current replicas) up by {@code step}. */
  static Scaler start(StoreService store, Map<String, Long> replicas, int step,
      Duration roundTimeout) {
    Scaler scaler = new Scaler(store, replicas, step, roundTimeout);
    scaler.thread.start();
    return scaler;
  }

  private void run() {
    try {
      while (!stopping) {
        for (Map.Entry<String, Long> e : replicas.entrySet()) {
          e.setValue(e.getValue() + step);
          Workload.scale(store, e.getKey(), e.getValue());
        }
        awaitTasksMade();
        synchronized (this) {
          rounds++;
          notifyAll();
        }
      }
    } catch (Throwable t) {
      synchronized (this) {
        failure = t;
        notifyAll();
      }
    }
  }

  private void awaitTasksMade() throws InterruptedException {
    long deadline = System.nanoTime() + roundTimeout.toNanos();
    while (!replicas.entrySet().stream().allMatch(e -> store.view(
        tx -> Workload.runnableTasks(tx, e.getKey()).size()) >= e.getValue())) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the orchestrator did not make the tasks of " + replicas
            + " within " + roundTimeout);
      }
      Thread.sleep(10);
    }
  }

  /** Waits until {@code count} more rounds are done than now. */
  synchronized void awaitRounds(int count) throws InterruptedException {
    int target = rounds + count;
    long deadline = System.nanoTime() + roundTimeout.multipliedBy(count).toNanos();
    while (rounds < target && failure == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        throw new AssertionError("scaler did " + rounds + " of " + target + " rounds");
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
    rethrow();
  }

  /** Stops after the current round; returns each service's final replicas. */
  Map<String, Long> stop() throws InterruptedException {
    stopping = true;
    thread.join(roundTimeout.toMillis() * 2);
    if (thread.isAlive()) {
      throw new AssertionError("scaler did not stop");
    }
    synchronized (this) {
      rethrow();
    }
    return Map.copyOf(replicas);
  }

  List<String> services() {
    return List.copyOf(replicas.keySet());
  }

  private void rethrow() {
    if (failure != null) {
      throw new AssertionError("scaler failed: " + failure, failure);
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopping = true;
    thread.join(roundTimeout.toMillis() * 2);
  }
}
