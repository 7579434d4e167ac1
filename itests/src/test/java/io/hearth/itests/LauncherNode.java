package io.hearth.itests;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Hearth node in its own process: {@code java -jar hearth-launcher.jar --data <dir> --config
 * <file>}, the jar the reactor packaged (path in {@code -Dhearth.itests.launcher}). Its output
 * goes to a file in its directory, read back for the ready line and for failure messages.
 *
 * <p>The node runs with its Gogo shell on a pipe from this JVM: {@link #shell} drives it, and
 * if this JVM dies without {@link #close}, the pipe closes, the shell reads end of input and
 * stops the node, so no node outlives the test run.
 */
final class LauncherNode implements AutoCloseable {
  private static final Duration STOP_WAIT = Duration.ofSeconds(10);

  final String id;
  final int port;
  private final Path dir;
  private final Path log;
  private final Process process;

  private LauncherNode(String id, int port, Path dir, Path log, Process process) {
    this.id = id;
    this.port = port;
    this.dir = dir;
    this.log = log;
    this.process = process;
  }

  /**
   * Starts a node that joins a group: its replication has no peers ({@code join = true}) until
   * the leader adds it.
   *
   * @param replication extra {@code key = value} lines of its {@code [io.hearth.replication]}
   */
  static LauncherNode startJoining(String id, int port, Path root, List<String> replication)
      throws IOException {
    Path dir = Files.createDirectories(root.resolve(id));
    List<String> config = new ArrayList<>(List.of(
        "[io.hearth.replication]", "node.id = " + id, "port = " + port, "join = true"));
    config.addAll(replication);
    config.addAll(List.of("[io.hearth.log.inprocess]", "node.id = " + id, ""));
    Path file = Files.write(dir.resolve("node.cfg"), config);
    Path log = dir.resolve("output.log");
    List<String> command = List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        // two such nodes and the test's own framework share the machine's cores
        "-Xmx256m", "-XX:+UseSerialGC",
        "-jar", jar().toString(), "--data", dir.resolve("data").toString(),
        "--config", file.toString());
    Process process = new ProcessBuilder(command).directory(dir.toFile())
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    return new LauncherNode(id, port, dir, log, process);
  }

  private static Path jar() {
    String jar = System.getProperty("hearth.itests.launcher");
    if (jar == null || !Files.isRegularFile(Path.of(jar))) {
      throw new IllegalStateException("-Dhearth.itests.launcher=" + jar + " is not the launcher "
          + "jar: run the *IT through failsafe (./mvnw verify), which copies it to target/launcher");
    }
    return Path.of(jar);
  }

  String address() {
    return "127.0.0.1:" + port;
  }

  /** Waits for the launcher's "Hearth node ready" line; fails at the deadline or if it exits. */
  void awaitReady(Duration timeout) throws IOException, InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (!output().contains("Hearth node ready in ")) {
      if (!process.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError("node " + id + " not ready within " + timeout
            + (process.isAlive() ? "" : " (exited " + process.exitValue() + ")") + "; output:\n"
            + tail());
      }
      Thread.sleep(50); // the output is a file: poll it
    }
  }

  /** Types one line into the node's Gogo shell. */
  void shell(String line) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  String output() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  /** The last lines of the node's output, for failure messages. */
  String tail() {
    try {
      List<String> lines = output().lines().toList();
      return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    } catch (IOException e) {
      return "(output unreadable: " + e + ")";
    }
  }

  boolean alive() {
    return process.isAlive();
  }

  /** Kills the process (SIGKILL) and waits, bounded, until it is gone. */
  @Override
  public void close() throws InterruptedException {
    process.destroyForcibly();
    if (!process.waitFor(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
      throw new AssertionError("node " + id + " (pid " + process.pid() + ") still alive "
          + STOP_WAIT + " after SIGKILL");
    }
  }

  Path dir() {
    return dir;
  }
}
