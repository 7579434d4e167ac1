package io.hearth.benchmarks.cluster;

import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Waits, while a load runs, until the JIT compilers have mostly finished with it. Ratis, gRPC,
 * Netty, protobuf and the store are a lot of code, and on two busy CPUs the C2 compiler threads
 * lag far behind the load: after a fixed 9-second warm-up they still took about a third of
 * the process's CPU in the 64-writer window that followed (measured with {@link ThreadCpu}),
 * so that window measured the compiler as much as the store.
 *
 * <p>The compilers' CPU comes from {@code /proc/self/task} (Linux); elsewhere this returns at
 * once.
 */
final class JitSettle {
  /** Settled when the compilers used at most this share of one CPU over the last window. */
  static final double SETTLED_SHARE = 0.10;
  private static final long WINDOW_MS = 1_000;

  private JitSettle() {}

  /**
   * Returns once the compilers' CPU over the last second is at most {@link #SETTLED_SHARE} of a
   * core, or after {@code maxSeconds}; says which, for the report.
   */
  static String await(int maxSeconds) throws InterruptedException {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(maxSeconds);
    long cpu = ThreadCpu.compilerCpu();
    if (cpu < 0) {
      return "JIT not watched (no /proc/self/task)";
    }
    double share;
    do {
      long w0 = System.nanoTime();
      TimeUnit.MILLISECONDS.sleep(WINDOW_MS);
      long now = ThreadCpu.compilerCpu();
      share = (now - cpu) / (double) (System.nanoTime() - w0);
      cpu = now;
      if (share <= SETTLED_SHARE) {
        return String.format(Locale.ROOT, "JIT settled %.0f s into the extra warm-up "
            + "(compilers at %.0f %% of a CPU)", (System.nanoTime() - t0) / 1e9, share * 100);
      }
    } while (System.nanoTime() < deadline);
    return String.format(Locale.ROOT, "JIT not settled after %d s of extra warm-up "
        + "(compilers at %.0f %% of a CPU)", maxSeconds, share * 100);
  }
}
