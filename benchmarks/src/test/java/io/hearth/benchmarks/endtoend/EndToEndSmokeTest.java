package io.hearth.benchmarks.endtoend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.benchmarks.endtoend.Scenario.Phase;
import io.hearth.benchmarks.endtoend.Scenario.Report;
import io.hearth.benchmarks.endtoend.TaskTracker.Stage;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The end-to-end benchmark's code path at a small size (200 tasks on 20 nodes, 3 Ratis replicas
 * on 127.0.0.1 with fsync, the three plugins on the leader), so the tool cannot rot. Asserts
 * what the run found and checked, never how long it took.
 */
class EndToEndSmokeTest {

  @Test
  void smallServiceIsCreatedThenRolledToNewImageWithEveryTaskAllocatedAndAssignedOnAllReplicas(
      @TempDir Path dir) throws Exception {
    Workload workload = new Workload(200, 20, 50);

    Report report = new Scenario(workload, PluginSettings.DEFAULTS, dir, 60, System.err).run();

    assertEquals(2, report.phases().size());
    for (Phase phase : report.phases()) {
      assertTrue(phase.done(), phase.name() + " did not finish");
      assertEquals(java.util.List.of(), phase.problems(), phase.name());
      for (Stage stage : Stage.values()) {
        double[] s = phase.stages().get(stage);
        assertEquals(200, (int) s[2], phase.name() + " " + stage);
        assertTrue(s[0] <= s[1], phase.name() + " " + stage + ": first after all");
      }
      assertTrue(phase.followers() >= phase.seconds() - 1e-9,
          "followers before the leader in " + phase.name());
      assertTrue(phase.logEntries() > 0, phase.name() + " wrote no log entry");
    }
    assertTrue(report.correct());

    ByteArrayOutputStream table = new ByteArrayOutputStream();
    EndToEnd.print(report, new PrintStream(table, true, StandardCharsets.UTF_8));
    String text = table.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("| create |"), text);
    assertTrue(text.contains("| rolling update |"), text);
    assertFalse(text.contains("PROBLEM"), text);
  }
}
