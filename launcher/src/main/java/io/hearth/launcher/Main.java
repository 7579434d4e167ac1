package io.hearth.launcher;

import java.io.PrintStream;

/**
 * {@code java -jar hearth-launcher.jar [--data <dir>] [--config <file>] [--no-shell]}: starts one
 * Hearth node in this JVM and returns when its framework has stopped.
 *
 * <p>Exit codes: 0 when the framework stopped normally (end of standard input in the shell,
 * {@code stop 0}, SIGTERM through the shutdown hook), 1 when the node could not start, 2 for a
 * bad command line.
 */
public final class Main {

  private Main() {}

  /**
   * With fewer than 3 CPUs the JDK's common pool has one thread, and Ratis's asynchronous steps
   * then start a new thread each (measured: 3.8 per replicated write; write p50 3.6-4.0 ms
   * instead of about 3 ms; benchmarks/CLUSTER-RESULTS.md). The pool reads this property once,
   * when first used, so it is set before anything else runs, unless the operator set it.
   */
  private static final String COMMON_POOL_PARALLELISM =
      "java.util.concurrent.ForkJoinPool.common.parallelism";

  public static void main(String[] args) {
    if (System.getProperty(COMMON_POOL_PARALLELISM) == null) {
      System.setProperty(COMMON_POOL_PARALLELISM,
          Integer.toString(Math.max(2, Runtime.getRuntime().availableProcessors() - 1)));
    }
    // Captured before the framework starts: Gogo's runtime replaces System.out/err with
    // per-thread multiplexers.
    PrintStream out = System.out;
    PrintStream err = System.err;

    LauncherOptions options;
    try {
      options = LauncherOptions.parse(args, System.getProperties());
    } catch (IllegalArgumentException e) {
      err.println("hearth: " + e.getMessage());
      err.println(LauncherOptions.USAGE);
      System.exit(2);
      return;
    }
    if (options.help()) {
      out.println(LauncherOptions.USAGE);
      return;
    }
    int code = new HearthNode(options, out, err).run();
    System.exit(code);
  }
}
