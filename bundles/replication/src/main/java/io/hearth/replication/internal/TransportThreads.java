package io.hearth.replication.internal;

import java.time.Duration;
import java.util.List;

/**
 * The gRPC transport threads (netty event loops, named {@code grpc-*}) that Ratis started
 * under a class loader. gRPC shares them between servers and shuts them down about a second
 * after the last one closed, so they outlive {@link RatisLog#close()}. In a container they must
 * not outlive the bundle: once its wiring is gone they fail on their next class load and print
 * {@code NoClassDefFoundError} traces (or keep an old bundle revision's classes alive).
 */
public final class TransportThreads {
  private TransportThreads() {}

  /** The live transport threads whose context class loader is {@code loader}. */
  public static List<Thread> of(ClassLoader loader) {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && t.getName().startsWith("grpc-")
            && t.getContextClassLoader() == loader)
        .toList();
  }

  /**
   * Waits until the transport threads of {@code loader} have ended, at most {@code timeout}.
   *
   * @return whether none is left
   */
  public static boolean awaitExit(ClassLoader loader, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (Thread t : of(loader)) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      try {
        t.join(Math.max(1, left / 1_000_000));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return of(loader).isEmpty();
  }
}
