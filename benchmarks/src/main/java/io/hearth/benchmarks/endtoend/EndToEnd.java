package io.hearth.benchmarks.endtoend;

import io.hearth.benchmarks.endtoend.Scenario.Phase;
import io.hearth.benchmarks.endtoend.Scenario.Report;
import io.hearth.benchmarks.endtoend.TaskTracker.Stage;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * The end-to-end benchmark (issue 5): a service of 10,000 replicas on 1,000 simulated nodes in
 * a 3-replica group, timed from the write that creates it until every task is created,
 * allocated and assigned, then the same for a rolling update to a new image. See
 * {@link Scenario} for the steps; {@code benchmarks/endtoend.sh} runs it.
 *
 * <pre>
 * EndToEnd [--tasks 10000] [--nodes 1000] [--parallelism 0] [--timeout 300] [--batch-size N]
 *          [--runs 2] [--dir DIR] [--keep]
 * </pre>
 *
 * {@code --parallelism} is the service's {@code update.parallelism}; 0 (the default here) means
 * every slot at once for this tool, written as the task count. {@code --batch-size} replaces
 * the three plugins' {@code batch.size} (default: theirs). Each of {@code --runs} runs starts a new
 * group in the same JVM: the first shows a fresh leader's JIT at work, the next ones compiled
 * code. Prints a markdown table on
 * stdout, progress on stderr; exits 1 if a phase did not finish or the state was wrong.
 */
public final class EndToEnd {
  private static final double TARGET_SECONDS = 10;

  private EndToEnd() {
  }

  public static void main(String[] args) throws Exception {
    int tasks = 10_000;
    int nodes = 1_000;
    long parallelism = 0;
    long timeout = 300;
    Path dir = null;
    boolean keep = false;
    int batchSize = 0;
    int runs = 2;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--tasks" -> tasks = Integer.parseInt(args[++i]);
        case "--nodes" -> nodes = Integer.parseInt(args[++i]);
        case "--parallelism" -> parallelism = Long.parseLong(args[++i]);
        case "--timeout" -> timeout = Long.parseLong(args[++i]);
        case "--dir" -> dir = Path.of(args[++i]);
        case "--keep" -> keep = true;
        case "--batch-size" -> batchSize = Integer.parseInt(args[++i]);
        case "--runs" -> runs = Integer.parseInt(args[++i]);
        default -> {
          System.err.println("usage: EndToEnd [--tasks 10000] [--nodes 1000] [--parallelism 0]"
              + " [--timeout 300] [--batch-size N] [--runs 2] [--dir DIR] [--keep]");
          System.exit(2);
        }
      }
    }
    Workload workload = new Workload(tasks, nodes, parallelism == 0 ? tasks : parallelism);
    Path base = dir == null ? Path.of("benchmarks/target/endtoend/data") : dir;
    Files.createDirectories(base);
    String before = loadAverage();
    Instant date = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    watchdog(Duration.ofSeconds(runs * (2 * timeout + 120)));
    PluginSettings settings = batchSize > 0
        ? PluginSettings.DEFAULTS.withBatchSize(batchSize) : PluginSettings.DEFAULTS;
    boolean correct = true;
    for (int run = 1; run <= runs; run++) {
      Path runDir = Files.createTempDirectory(base, "run-");
      Report report;
      try {
        System.err.printf("== run %d of %d%n", run, runs);
        report = new Scenario(workload, settings, runDir, timeout, System.err).run();
      } catch (Throwable e) {
        // Ratis keeps non-daemon threads: without exit() a failed run would never end.
        e.printStackTrace();
        System.exit(1);
        return;
      } finally {
        if (!keep) {
          deleteTree(runDir);
        }
      }
      System.out.printf("### Run %d of %d%s%n%n", run, runs, run == 1
          ? " (a fresh JVM: the JIT compiles as the run goes)"
          : " (same JVM, new replicas and data: compiled code)");
      print(report, System.out);
      System.out.println();
      correct &= report.correct();
    }
    System.out.println();
    System.out.println("- date: " + date + "; load average (1/5/15 min) before " + before
        + ", after " + loadAverage());
    System.out.println("- machine: " + Runtime.getRuntime().availableProcessors() + " CPUs, "
        + (Runtime.getRuntime().maxMemory() >> 20) + " MiB max heap, "
        + System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
    System.out.println("- JVM arguments: "
        + String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
    System.exit(correct ? 0 : 1);
  }

  /**
   * Ends the JVM with a thread dump on stderr if the run takes far longer than its phases may:
   * a hang (a deadlock in the code under test) is then a failed run, not a stuck one.
   */
  private static void watchdog(Duration limit) {
    Thread t = new Thread(() -> {
      try {
        Thread.sleep(limit.toMillis());
      } catch (InterruptedException e) {
        return;
      }
      System.err.println("== the run did not end within " + limit + "; threads:");
      for (ThreadInfo info : ManagementFactory.getThreadMXBean().dumpAllThreads(true, true)) {
        System.err.print(info);
      }
      Runtime.getRuntime().halt(3);
    }, "endtoend-watchdog");
    t.setDaemon(true);
    t.start();
  }

  /** The table: one row per phase, then the pipeline's stages. */
  static void print(Report report, PrintStream out) {
    Workload w = report.workload();
    out.printf("End to end: %,d tasks on %,d nodes, 3 replicas (fsync on), update parallelism "
        + "%,d, plugin %s; replicas started in %.2f s, nodes and network written in %.2f s%n%n",
        w.tasks(), w.nodes(), w.parallelism(), report.settings().describe(),
        report.startSeconds(), report.setupSeconds());
    out.println("| phase | all assigned (leader) | all replicas saw it | log entries | target | "
        + "met? | state |");
    out.println("|---|---:|---:|---:|---:|---|---|");
    for (Phase p : report.phases()) {
      out.printf("| %s | %s | %s | %,d | < %.0f s | %s | %s |%n", p.name(), secs(p.seconds()),
          secs(p.followers()), p.logEntries(), TARGET_SECONDS,
          !p.done() ? "**no** (not done)" : p.seconds() < TARGET_SECONDS ? "yes" : "**no**",
          p.problems().isEmpty() ? "correct" : "**" + p.problems().size() + " problems**");
    }
    out.println();
    out.println("| phase | stage | first task | all tasks |");
    out.println("|---|---|---:|---:|");
    for (Phase p : report.phases()) {
      for (Stage stage : Stage.values()) {
        double[] s = p.stages().get(stage);
        out.printf("| %s | %s | %s | %s |%n", p.name(), describe(stage), secs(s[0]), secs(s[1]));
      }
    }
    ControlPlane.PluginCounters c = report.counters();
    out.println();
    out.printf("- plugins on the last leader: orchestrator %d passes, %,d tasks created, %d stale "
        + "steps; allocator %d passes, %,d allocated, %d conflicts; scheduler %d passes, %,d "
        + "assigned, %d conflicts; plugins started %d time(s) (leader changes: %d)%n",
        c.orchestratorPasses(), c.created(), c.stale(), c.allocatorPasses(), c.allocated(),
        c.allocatorConflicts(), c.schedulerPasses(), c.assigned(), c.schedulerConflicts(),
        report.leaderTerms(), report.leaderTerms() - 1);
    for (Phase p : report.phases()) {
      out.printf("- CPU during %s (until all replicas saw it, then the check): %.1f s for the "
          + "process, of which %.1f s outside Java threads (JIT compilers, GC, VM; GC time "
          + "reported %.1f s); by thread: %s%n", p.name(), p.processCpu(),
          p.outsideJavaThreads(), p.gc(), String.join(", ", CpuByThread.describe(p.cpu(), 0.1)));
    }
    for (Phase p : report.phases()) {
      for (String problem : p.problems()) {
        out.println("- PROBLEM (" + p.name() + "): " + problem);
      }
    }
  }

  private static String describe(Stage stage) {
    return switch (stage) {
      case CREATED -> "created (orchestrator)";
      case ALLOCATED -> "allocated (allocator)";
      case ASSIGNED -> "assigned (scheduler)";
    };
  }

  private static String secs(double s) {
    return Double.isNaN(s) ? "–" : String.format("%.2f s", s);
  }

  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "unknown";
    }
  }

  private static void deleteTree(Path root) {
    try (Stream<Path> paths = Files.walk(root)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> {
        try {
          Files.delete(p);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
