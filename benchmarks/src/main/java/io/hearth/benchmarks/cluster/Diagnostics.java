package io.hearth.benchmarks.cluster;

import io.hearth.replication.internal.RatisSettings;
import io.hearth.store.internal.StoreLimits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * The diagnostic options of a {@link ClusterLoad} run: they change what is measured, so a run
 * with any of them is not the benchmark's, and its report says which were set. Defaults are the
 * benchmark: 3 replicas, fsync on, every scenario, the production store and Ratis settings.
 */
final class Diagnostics {
  static final String USAGE = "--nodes 3 --no-fsync --thread-cpu --only single|writers|w64|batch|failover|big "
      + "--in-flight 2 --group-hold-us 0 --appender-wait-ms 1 --rpc-timeout-ms 300,600 --commit-index-entries";

  int nodes = 3;
  boolean fsync = true;
  /** Whether writers runs also print the CPU per transaction of each kind of thread. */
  boolean threadCpu;
  String only = "all";
  private int inFlight = StoreLimits.DEFAULT_ENTRIES_IN_FLIGHT;
  private long groupHoldMicros = StoreLimits.DEFAULT_GROUP_HOLD_MICROS;
  private UnaryOperator<RatisSettings.Builder> ratis = b -> b;
  private final List<String> changed = new ArrayList<>();

  /**
   * Takes the option at {@code args[i]} (and its value) if it is a diagnostic one.
   *
   * @return the index of the last argument taken, or -1 if {@code args[i]} is not diagnostic
   */
  int parse(String[] args, int i) {
    switch (args[i]) {
      case "--nodes" -> nodes = Integer.parseInt(args[++i]);
      case "--no-fsync" -> fsync = false;
      case "--thread-cpu" -> threadCpu = true;
      case "--only" -> only = args[++i];
      case "--in-flight" -> {
        inFlight = Integer.parseInt(args[++i]);
        changed.add(inFlight + " entries in flight");
      }
      case "--group-hold-us" -> {
        groupHoldMicros = Long.parseLong(args[++i]);
        changed.add("group hold " + groupHoldMicros + " µs");
      }
      case "--appender-wait-ms" -> {
        String ms = args[++i];
        Duration wait = Duration.ofNanos(Math.round(Double.parseDouble(ms) * 1e6));
        tune(b -> b.appenderWait(wait), "appender wait " + ms + " ms");
      }
      case "--rpc-timeout-ms" -> {
        String[] range = args[++i].split(",");
        Duration min = Duration.ofMillis(Long.parseLong(range[0]));
        Duration max = Duration.ofMillis(Long.parseLong(range[1]));
        tune(b -> b.rpcTimeout(min, max), "election timeout " + range[0] + "-" + range[1] + " ms");
      }
      case "--commit-index-entries" ->
          tune(b -> b.commitIndexEntries(true), "commit index entries in the log (Ratis log metadata)");
      default -> {
        return -1;
      }
    }
    return i;
  }

  private void tune(UnaryOperator<RatisSettings.Builder> step, String what) {
    UnaryOperator<RatisSettings.Builder> before = ratis;
    ratis = b -> step.apply(before.apply(b));
    changed.add(what);
  }

  /** Whether this run includes {@code scenario}. */
  boolean runs(String scenario) {
    return only.equals("all") || only.equals(scenario);
  }

  /** {@code more}, then this run's fsync and Ratis settings. */
  UnaryOperator<RatisSettings.Builder> tuned(UnaryOperator<RatisSettings.Builder> more) {
    return b -> ratis.apply(more.apply(b).fsync(fsync));
  }

  /** The store's defaults with this run's entries in flight and group hold. */
  StoreLimits limits() {
    StoreLimits d = StoreLimits.DEFAULTS;
    return new StoreLimits(d.maxTransactionBytes(), d.batchMaxChanges(), d.batchMaxBytes(),
        inFlight, d.commitHistory(), groupHoldMicros);
  }

  /** The setup line's account of the group and of every diagnostic option set. */
  String describe() {
    StringBuilder out = new StringBuilder().append(nodes).append(String.format(Locale.ROOT,
        " replicas (HearthStore + RatisLog, GRPC) in one JVM on 127.0.0.1, fsync %s",
        fsync ? "on" : "OFF (diagnostic run)"));
    if (!only.equals("all")) {
      out.append(", only ").append(only);
    }
    for (String c : changed) {
      out.append(", ").append(c).append(" (diagnostic run)");
    }
    return out.toString();
  }
}
