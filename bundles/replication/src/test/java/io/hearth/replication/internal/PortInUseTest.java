package io.hearth.replication.internal;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.store.StoreException;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node whose port is taken fails to start with the store's error. Ratis itself would call
 * System.exit(1) here, which in a container would take every other bundle down with it.
 */
class PortInUseTest {
  @TempDir Path root;

  @Test
  void aTakenPortFailsTheStartWithAStoreExceptionAndTheJvmLivesOn() throws Exception {
    Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
    try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      int port = taken.getLocalPort();
      RatisLog log = new RatisLog(RatisSettings.builder("busy", port, root.resolve("busy"))
          .fsync(false).build());
      try {
        StoreException e = assertThrows(StoreException.class,
            () -> new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("cannot start"), e.getMessage());
      } finally {
        log.close();
      }
    }
    assertSame(before, Thread.getDefaultUncaughtExceptionHandler(),
        "the JVM's default uncaught-exception handler is left as it was");
  }
}
