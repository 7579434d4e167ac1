package io.hearth.benchmarks.endtoend;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * CPU time this JVM's threads spent between two points, grouped by what the threads do (their
 * names with the replica and counter digits removed: the three replicas' state machine
 * updaters count as one group). On a shared 2-CPU machine the wall time of a phase says little
 * on its own; where the CPU went says what to make cheaper. Threads that started and ended
 * between the two points are not counted.
 */
final class CpuByThread {
  private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
  private final Map<Long, Long> start = new HashMap<>();
  private final long processStart = processCpuNanos();
  private final long gcStart = gcMillis();

  CpuByThread() {
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      if (cpu >= 0) {
        start.put(id, cpu);
      }
    }
  }

  /** CPU seconds per thread group since construction, the largest first. */
  Map<String, Double> since() {
    Map<String, Double> groups = new HashMap<>();
    for (long id : threads.getAllThreadIds()) {
      long cpu = threads.getThreadCpuTime(id);
      var info = threads.getThreadInfo(id);
      if (cpu < 0 || info == null) {
        continue;
      }
      double used = (cpu - start.getOrDefault(id, 0L)) / 1e9;
      groups.merge(group(info.getThreadName()), used, Double::sum);
    }
    return groups.entrySet().stream()
        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
        .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a,
            LinkedHashMap::new));
  }

  /** CPU seconds of the whole process since construction (JIT and GC included). */
  double processSeconds() {
    return (processCpuNanos() - processStart) / 1e9;
  }

  /** Seconds the collectors reported since construction (pauses and concurrent work). */
  double gcSeconds() {
    return (gcMillis() - gcStart) / 1e3;
  }

  private static long gcMillis() {
    long sum = 0;
    for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      sum += Math.max(0, gc.getCollectionTime());
    }
    return sum;
  }

  /** The groups above {@code minSeconds}, as "name 1.23" items. */
  static List<String> describe(Map<String, Double> groups, double minSeconds) {
    return groups.entrySet().stream().filter(e -> e.getValue() >= minSeconds)
        .map(e -> String.format("%s %.2f", e.getKey(), e.getValue())).toList();
  }

  private static String group(String name) {
    String g = name.replaceAll("group-[0-9A-F]+", "group")
        .replaceAll("n\\d+(?=[@-])", "n*").replaceAll("->n\\d+", "->n*")
        .replaceAll("\\d+", "#");
    return g;
  }

  private static long processCpuNanos() {
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      return sun.getProcessCpuTime();
    }
    return 0;
  }
}
