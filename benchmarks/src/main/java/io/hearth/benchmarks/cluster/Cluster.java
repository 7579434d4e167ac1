package io.hearth.benchmarks.cluster;

import io.hearth.replication.internal.RatisSettings;
import io.hearth.store.internal.StoreLimits;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/** Three (or n) replicas on 127.0.0.1 in this JVM, each with its own data directory. */
public final class Cluster implements AutoCloseable {
  final List<Replica> replicas = new ArrayList<>();
  volatile UnaryOperator<RatisSettings.Builder> tuning;
  volatile StoreLimits limits = StoreLimits.DEFAULTS;

  public Cluster(int size, Path root, UnaryOperator<RatisSettings.Builder> tuning) {
    for (int i = 1; i <= size; i++) {
      replicas.add(new Replica("n" + i, root));
    }
    this.tuning = tuning;
  }

  Map<String, String> peers() {
    Map<String, String> peers = new LinkedHashMap<>();
    replicas.forEach(r -> peers.put(r.id, r.address()));
    return peers;
  }

  void start(Replica r) {
    r.start(peers(), tuning, limits);
  }

  /**
   * Starts every replica at once, each on its own thread (as separate machines would: a
   * replica's start includes loading its snapshot and log from disk).
   */
  public void startAll() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(replicas.size());
    try {
      List<Future<?>> started = new ArrayList<>();
      for (Replica r : replicas) {
        started.add(pool.submit(() -> start(r)));
      }
      for (Future<?> f : started) {
        f.get(10, TimeUnit.MINUTES);
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Every replica, running or not, in id order. */
  public List<Replica> replicas() {
    return List.copyOf(replicas);
  }

  List<Replica> running() {
    return replicas.stream().filter(Replica::running).toList();
  }

  /** The running replica that leads (and is ready), or null. */
  public Replica leader() {
    for (Replica r : replicas) {
      if (r.isLeader()) {
        return r;
      }
    }
    return null;
  }

  public Replica awaitLeader(long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    while (System.nanoTime() < deadline) {
      Replica l = leader();
      if (l != null) {
        return l;
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no leader after " + timeoutMs + " ms");
  }

  /** Waits until every running replica's store has applied {@code version}. */
  public void awaitVersion(long version, long timeoutMs) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
    for (Replica r : running()) {
      while (r.store == null || r.store.version() < version) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException(r.id + " did not reach version " + version);
        }
        Thread.sleep(2);
      }
    }
  }

  @Override
  public void close() {
    replicas.forEach(Replica::stop);
  }
}
