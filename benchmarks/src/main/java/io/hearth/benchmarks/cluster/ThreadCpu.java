package io.hearth.benchmarks.cluster;

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
 * workers, say, add up to one line. Threads that started and ended in between are missed.
 */
final class ThreadCpu {
  private static final ThreadMXBean MX = ManagementFactory.getThreadMXBean();
  private final Map<String, Long> start = sample();
  private Map<String, Long> end;

  /** Ends the measured window. */
  void stop() {
    end = sample();
  }

  /**
   * CPU milliseconds per unit of work (an update, a transaction) by kind, largest first, those
   * of at least {@code minMs}.
   */
  String perUnit(long units, double minMs) {
    Map<String, Long> byKind = new TreeMap<>();
    for (Map.Entry<String, Long> e : end.entrySet()) {
      String kind = e.getKey().replaceAll("#\\d+$", "").replaceAll("\\d+", "N")
          .replaceAll("group-[0-9A-F]+", "g");
      byKind.merge(kind, e.getValue() - start.getOrDefault(e.getKey(), 0L), Long::sum);
    }
    return byKind.entrySet().stream()
        .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
        .filter(e -> e.getValue() / 1e6 / units >= minMs)
        .map(e -> String.format(Locale.ROOT, "%.3f %s", e.getValue() / 1e6 / units, e.getKey()))
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
