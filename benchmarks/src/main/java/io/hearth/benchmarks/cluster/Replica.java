package io.hearth.benchmarks.cluster;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.internal.RatisLog;
import io.hearth.replication.internal.RatisSettings;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One Hearth replica: a {@link HearthStore} on a {@link RatisLog} with its data on disk under
 * {@code root/id}, as the replication tests build one (but with the production settings: fsync
 * on, default timeouts), so the numbers are those of a real node.
 */
public final class Replica {
  final String id;
  final int port;
  final Path dir;
  volatile RatisLog log;
  volatile HearthStore store;

  public Replica(String id, Path root) {
    this.id = id;
    this.port = freePort();
    this.dir = root.resolve(id);
  }

  /** This replica's id in the group. */
  public String id() {
    return id;
  }

  /** The store while the replica runs, else null. */
  public HearthStore store() {
    return store;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Starts the node; the store attaches, which starts Ratis (and recovers from disk). */
  void start(Map<String, String> peers, UnaryOperator<RatisSettings.Builder> tuning) {
    start(peers, tuning, StoreLimits.DEFAULTS);
  }

  void start(Map<String, String> peers, UnaryOperator<RatisSettings.Builder> tuning,
      StoreLimits limits) {
    RatisSettings settings = tuning.apply(RatisSettings.builder(id, port, dir).fsync(true))
        .peers(peers).build();
    RatisLog l = new RatisLog(settings);
    try {
      store = new HearthStore(l, limits, Clock.systemUTC());
    } catch (RuntimeException e) {
      l.close();
      throw e;
    }
    log = l;
  }

  public boolean running() {
    return log != null;
  }

  public boolean isLeader() {
    RatisLog l = log;
    return l != null && l.isLeader();
  }

  public GroupStatus status() {
    RatisLog l = log;
    return l == null ? null : l.status();
  }

  /** Stops the node as a crash looks to its peers (the disk stays). */
  public void stop() {
    HearthStore s = store;
    RatisLog l = log;
    store = null;
    log = null;
    if (s != null) {
      s.close();
    }
    if (l != null) {
      l.close();
    }
  }

  static int freePort() {
    try (ServerSocket s = new ServerSocket(0)) {
      s.setReuseAddress(true);
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
