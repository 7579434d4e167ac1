package io.hearth.benchmarks.cluster;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The CPU this JVM's threads spent from construction to {@link #stop}, summed by kind: a
 * thread's name with its numbers and Ratis group ids masked, so the three replicas' log
 * workers, say, add up to one line. Threads that started and ended in between are missed, and
 * so is the JVM's own work (GC, JIT): {@link #jvm} tells those apart.
 */
final class ThreadCpu {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private final long process0 = processCpu();
  private final long gc0 = gcMillis();
  private final long started0 = MX.getTotalStartedThreadCount();
  private final Map<String, Long> start = sample();
  private final Map<String, Long> nativeStart = nativeSample();
  private Map<String, Long> end;
  private Map<String, Long> nativeEnd;
  private long process1;
  private long gc1;
  private long started1;

  /** Ends the measured window. */
  void stop() {
    end = sample();
    nativeEnd = nativeSample();
    gc1 = gcMillis();
    started1 = MX.getTotalStartedThreadCount();
    process1 = processCpu();
  }

  /**
   * The process's CPU per unit that no live Java thread accounts for (GC and JIT threads, and
   * threads that ended) and the collectors' pause time, in microseconds per unit, the
   * threads started meanwhile, and on Linux the CPU of those JVM threads by kind. (Not
   * {@code CompilationMXBean}'s compilation time: that is the compilers' wall time, which on
   * two busy CPUs ran to 9 s in a 10-second window.)
   */
  String jvm(long units) {
    long threads = 0;
    for (Map.Entry<String, Long> e : end.entrySet()) {
      threads += e.getValue() - start.getOrDefault(e.getKey(), 0L);
    }
    return String.format(Locale.ROOT, "process %.2f µs, of it not in Java threads %.2f µs; "
        + "GC pauses %.2f µs (%d ms in all); %d threads started",
        (process1 - process0) / 1e3 / units, (process1 - process0 - threads) / 1e3 / units,
        (gc1 - gc0) * 1e3 / units, gc1 - gc0, started1 - started0) + nativeThreads(units);
  }

  /**
   * On Linux, the CPU of the JVM's own threads by kind (GC workers, concurrent marking and
   * refinement, JIT compilers, the VM thread), from {@code /proc/self/task}, which lists every
   * thread of the process where {@code ThreadMXBean} lists only Java threads. Accurate to the
   * kernel's clock tick (10 ms) per thread.
   */
  private String nativeThreads(long units) {
    if (nativeStart.isEmpty()) {
      return "";
    }
    Map<String, Long> byKind = new TreeMap<>();
    for (Map.Entry<String, Long> e : nativeEnd.entrySet()) {
      String name = e.getKey().substring(e.getKey().indexOf('#') + 1);
      if (JVM_THREAD.matcher(name).lookingAt()) {
        String kind = name.replaceAll("\\d+", "N");
        byKind.merge(kind, e.getValue() - nativeStart.getOrDefault(e.getKey(), 0L), Long::sum);
      }
    }
    return byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() > 0)
        .map(e -> String.format(Locale.ROOT, "%.2f µs %s", e.getValue() / 1e3 / units, e.getKey()))
        .collect(Collectors.joining(", ", "; the JVM's threads: ", ""));
  }

  /** CPU nanoseconds of the JIT compiler threads so far, or -1 off Linux. */
  static long compilerCpu() {
    Map<String, Long> all = nativeSample();
    if (all.isEmpty()) {
      return -1;
    }
    long sum = 0;
    for (Map.Entry<String, Long> e : all.entrySet()) {
      if (COMPILER_THREAD.matcher(e.getKey()).find()) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  private static final java.util.regex.Pattern COMPILER_THREAD =
      java.util.regex.Pattern.compile("#C[12] Compiler");
  private static final java.util.regex.Pattern JVM_THREAD = java.util.regex.Pattern.compile(
      "GC Thread|G1 |C1 Compiler|C2 Compiler|VM Thread|VM Periodic|Service Thread|Sweeper");

  /** CPU nanoseconds of every thread of this process, by "tid#name"; empty off Linux. */
  private static Map<String, Long> nativeSample() {
    Map<String, Long> cpu = new HashMap<>();
    java.io.File[] tasks = new java.io.File("/proc/self/task").listFiles();
    if (tasks == null) {
      return cpu;
    }
    for (java.io.File task : tasks) {
      try {
        String stat = java.nio.file.Files.readString(task.toPath().resolve("stat"));
        // pid (comm) state ...: comm may hold spaces, so fields are counted after its ')'.
        int open = stat.indexOf('(');
        int close = stat.lastIndexOf(')');
        String[] f = stat.substring(close + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]); // utime, stime
        cpu.put(task.getName() + "#" + stat.substring(open + 1, close), ticks * 10_000_000L);
      } catch (java.io.IOException | RuntimeException e) {
        // the thread ended meanwhile
      }
    }
    return cpu;
  }

  static long processCpu() {
    return ((com.sun.management.OperatingSystemMXBean)
        ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
  }

  /** Milliseconds the collectors have spent in collections since the JVM started (G1: pauses). */
  static long gcMillis() {
    long ms = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      ms += Math.max(0, gc.getCollectionTime());
    }
    return ms;
  }

  /** Collections since the JVM started, of every collector. */
  static long gcCount() {
    long n = 0;
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      n += Math.max(0, gc.getCollectionCount());
    }
    return n;
  }

  /**
   * CPU milliseconds per unit of work (an update, a transaction) by kind, largest first, those
   * of at least {@code minMs}.
   */
  String perUnit(long units, double minMs) {
    return perUnit(units, minMs, 1);
  }

  /** As {@link #perUnit(long, double)}, in milliseconds times {@code scale} (1e3: µs). */
  String perUnit(long units, double min, double scale) {
    Map<String, Long> byKind = new TreeMap<>();
    for (Map.Entry<String, Long> e : end.entrySet()) {
      String kind = e.getKey().replaceAll("#\\d+$", "").replaceAll("\\d+", "N")
          .replaceAll("group-[0-9A-F]+", "g");
      byKind.merge(kind, e.getValue() - start.getOrDefault(e.getKey(), 0L), Long::sum);
    }
    return byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() / 1e6 * scale / units >= min)
        .map(e -> String.format(Locale.ROOT, "%.3f %s", e.getValue() / 1e6 * scale / units,
            e.getKey()))
        .collect(Collectors.joining(", "));
  }

  /** CPU time of every live thread, by "name#id". */
  private static Map<String, Long> sample() {
    Map<String, Long> cpu = new HashMap<>();
    for (ThreadInfo info : MX.getThreadInfo(MX.getAllThreadIds())) {
      if (info != null) {
        long t = MX.getThreadCpuTime(info.getThreadId());
        if (t > 0) {
          cpu.put(info.getThreadName() + "#" + info.getThreadId(), t);
        }
      }
    }
    return cpu;
  }
}
