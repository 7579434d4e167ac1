package io.hearth.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged launcher jar as a subprocess, as an operator would. */
class LauncherIT {

  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Pattern COMPONENT = Pattern.compile(
      "(\\S+) in bundle \\d+ \\((io\\.hearth\\.[^:]+):[^)]*\\) enabled.*\\R\\s*Id: \\d+, State:(\\w+)");
  private static final Pattern READY = Pattern.compile("Hearth node ready in (\\d+) ms \\(data: (.+)\\)");

  @TempDir Path work;

  @Test
  void pipedScrListShowsTheHearthComponentsActiveThenEndOfInputStopsTheNode() throws Exception {
    try (LauncherProcess node = LauncherProcess.start(work)) {
      node.type("scr:list\n").endInput();
      assertEquals(0, node.awaitExit(DEADLINE), node::output);

      String out = node.output();
      Matcher ready = READY.matcher(out);
      assertTrue(ready.find(), out);
      assertEquals(work.resolve("hearth-data").toRealPath().toString(), ready.group(2));
      assertTrue(Files.isDirectory(work.resolve("hearth-data/felix-cache")), "felix cache in the data dir");

      // scr:list (SCR 2.2.12) prints, per component:
      //   <name> in bundle <id> (<bsn>:<version>) enabled, 1 instance.
      //       Id: 0, State:SATISFIED
      Map<String, String> states = new LinkedHashMap<>();
      Matcher m = COMPONENT.matcher(out);
      while (m.find()) {
        states.put(m.group(1) + " (" + m.group(2) + ")", m.group(3));
      }
      assertTrue(states.keySet().stream().anyMatch(c -> c.endsWith("(io.hearth.store)")),
          "components of io.hearth.store listed: " + states + "\n" + out);
      states.forEach((component, state) -> assertTrue(
          state.equals("ACTIVE") || state.equals("SATISFIED"), component + " is " + state + "\n" + out));
      assertTrue(out.contains("gosh: stopping shell and framework"), out);
    }
  }

  @Test
  void dataFlagAndConfigFileOverrideTheDefaults() throws Exception {
    Path config = work.resolve("node.cfg");
    Files.writeString(config, String.join("\n",
        "[io.hearth.log.inprocess]", "node.id = node-7", // overrides the embedded default node-1
        "[io.hearth.launcher.test]", "where = ${hearth.data}/x", ""));
    Path data = work.resolve("elsewhere");
    try (LauncherProcess node =
        LauncherProcess.start(work, "--data", data.toString(), "--config", config.toString())) {
      node.type("cm = $.context service ($.context serviceReference org.osgi.service.cm.ConfigurationAdmin)\n")
          .type("($cm getConfiguration io.hearth.log.inprocess \"?\") properties\n")
          .type("($cm getConfiguration io.hearth.launcher.test \"?\") properties\n")
          .endInput();
      assertEquals(0, node.awaitExit(DEADLINE), node::output);
      String out = node.output();
      assertTrue(out.contains("(data: " + data + ")"), out);
      assertTrue(Pattern.compile("node\\.id\\s+node-7").matcher(out).find(), out);
      assertTrue(Pattern.compile("where\\s+" + Pattern.quote(data + "/x")).matcher(out).find(), out);
      assertTrue(Files.isDirectory(data.resolve("felix-cache")));
      assertFalse(Files.exists(work.resolve("hearth-data")), "no default data dir when --data is given");
    }
  }

  @Test
  void aSecondNodeOnTheSameDataDirectoryIsRefused() throws Exception {
    try (LauncherProcess first = LauncherProcess.start(work)) {
      first.awaitLine(l -> READY.matcher(l).find(), DEADLINE);
      try (LauncherProcess second = LauncherProcess.start(work)) {
        second.endInput();
        assertEquals(1, second.awaitExit(DEADLINE), second::output);
        assertTrue(second.output().contains("is in use by another node"), second::output);
      }
      first.endInput();
      assertEquals(0, first.awaitExit(DEADLINE), first::output);
    }
  }

  @Test
  void sigtermStopsTheFrameworkThroughTheShutdownHook() throws Exception {
    try (LauncherProcess node = LauncherProcess.start(work)) {
      node.awaitLine(l -> READY.matcher(l).find(), DEADLINE); // standard input stays open
      node.terminate();
      assertEquals(143, node.awaitExit(DEADLINE), node::output); // 128 + SIGTERM
      assertTrue(node.output().contains("hearth: node stopped"), node::output);
    }
  }

  /**
   * The newcomer's path: {@code hearth:demo}, then {@code hearth:ls tasks} until every task of
   * the demo is placed on a node and reported running (the orchestrator, allocator, scheduler
   * and the simulated agents all took part). Polled with a marker line after each listing, up
   * to a deadline.
   */
  @Test
  void theDemoGetsEveryTaskScheduledAndRunningAsHearthLsTasksShows() throws Exception {
    try (LauncherProcess node = LauncherProcess.start(work)) {
      node.awaitLine(l -> READY.matcher(l).find(), DEADLINE);
      node.type("hearth:demo\n");
      node.awaitLine(l -> l.contains("5 of 5 nodes demo-node-1..demo-node-5 registered"), DEADLINE);
      long deadline = System.nanoTime() + DEADLINE.toNanos();
      String listing = "";
      for (int round = 0; ; round++) {
        String mark = "listed-" + round;
        node.type("hearth:ls tasks\necho " + mark + "\n");
        node.awaitLine(l -> l.endsWith(mark) && !l.contains("echo"), DEADLINE);
        listing = lastListing(node.output(), mark);
        // 3 demo-web + 2 demo-api + 1 demo-agent per node (5 nodes)
        List<String> rows = listing.lines().filter(l -> l.contains(" demo-")).toList();
        if (rows.size() == 10 && rows.stream().allMatch(
            l -> l.matches(".* demo-\\S+ +running +demo-node-\\d +\\d+ +\\d+[smhd]"))) {
          break;
        }
        if (System.nanoTime() > deadline) {
          throw new AssertionError("tasks not all running within " + DEADLINE + ":\n" + listing);
        }
      }
      // demo-api is pinned to zone east: odd-numbered demo nodes
      assertTrue(listing.lines().filter(l -> l.contains("demo-api."))
          .allMatch(l -> l.matches(".*demo-node-[135] .*")), listing);
      node.endInput();
      assertEquals(0, node.awaitExit(DEADLINE), node::output);
    }
  }

  /**
   * {@code --id} and {@code --address} reach the replication bundle through Config Admin (its
   * group runs as {@code solo} at that port), and {@code --demo} runs the demo once the node
   * leads.
   */
  @Test
  void flagsConfigureTheGroupAndDemoRunsTheDemoOnceTheNodeLeads() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }
    try (LauncherProcess node = LauncherProcess.start(work, "--id", "solo", "--address",
        "127.0.0.1:" + port, "--peers", "solo=127.0.0.1:" + port, "--demo")) {
      node.awaitLine(l -> l.startsWith("hearth demo: 5 of 5 nodes demo-node-1..demo-node-5 "
          + "registered"), DEADLINE);
      node.type("hearth:raft\n").endInput();
      assertEquals(0, node.awaitExit(DEADLINE), node::output);
      assertTrue(Pattern.compile("solo +127\\.0\\.0\\.1:" + port + " +leader, this node")
          .matcher(node.output()).find(), node.output());
    }
  }

  /** The lines of the last {@code hearth:ls tasks} output, before the marker {@code mark}. */
  private static String lastListing(String output, String mark) {
    int end = output.lastIndexOf(mark);
    int start = output.lastIndexOf("ID ", end);
    return start < 0 ? "" : output.substring(start, end);
  }
}
