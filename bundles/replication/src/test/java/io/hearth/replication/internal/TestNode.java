package io.hearth.replication.internal;

import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.function.UnaryOperator;

/** One Hearth replica for tests: a real store on a real Ratis node, data under a temp dir. */
final class TestNode implements AutoCloseable {
  final String id;
  final int port;
  final Path dir;
  private final UnaryOperator<RatisSettings.Builder> tuning;
  RatisLog log;
  HearthStore store;

  TestNode(String id, Path root, UnaryOperator<RatisSettings.Builder> tuning) {
    this.id = id;
    this.port = freePort();
    this.dir = root.resolve(id);
    this.tuning = tuning;
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Test defaults: election timeouts that tolerate two busy cores, fsync off for speed. */
  RatisSettings.Builder settings() {
    return tuning.apply(RatisSettings.builder(id, port, dir)
        .rpcTimeout(Duration.ofMillis(400), Duration.ofMillis(800))
        .requestTimeout(Duration.ofSeconds(3))
        .fsync(false));
  }

  /** Starts the node (the store attaches, which starts Ratis). */
  TestNode start(Map<String, String> peers, boolean join) {
    log = new RatisLog(settings().peers(peers).join(join).build());
    try {
      store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
    } catch (RuntimeException e) {
      log.close();
      log = null;
      throw e;
    }
    return this;
  }

  boolean running() {
    return log != null;
  }

  boolean isLeader() {
    return log != null && log.isLeader();
  }

  HearthStateMachine sm() {
    return log.stateMachine();
  }

  /** Stops the node as a crash would look to its peers (its disk stays). */
  void stop() {
    if (store != null) {
      store.close();
      store = null;
    }
    if (log != null) {
      log.close();
      log = null;
    }
  }

  @Override
  public void close() {
    stop();
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
