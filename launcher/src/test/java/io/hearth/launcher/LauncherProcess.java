package io.hearth.launcher;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * {@code java -jar hearth-launcher.jar} as a subprocess of a test: its output (stdout and stderr
 * merged) collected line by line, waits with deadlines and no sleeps.
 */
final class LauncherProcess implements AutoCloseable {

  static final Path JAR = Path.of(System.getProperty("hearth.launcher.jar", "target/hearth-launcher.jar"));

  private final Process process;
  private final List<String> lines = new ArrayList<>();
  private final Thread reader;
  private boolean ended; // guarded by this: the output has been read to its end

  private LauncherProcess(Process process) {
    this.process = process;
    this.reader = new Thread(this::collect, "launcher-output");
    reader.setDaemon(true);
    reader.start();
  }

  static LauncherProcess start(Path workDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-jar");
    command.add(JAR.toAbsolutePath().toString());
    command.addAll(List.of(args));
    return new LauncherProcess(
        new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true).start());
  }

  /** Writes {@code text} to the process's standard input. */
  LauncherProcess type(String text) throws IOException {
    OutputStream in = process.getOutputStream();
    in.write(text.getBytes(StandardCharsets.UTF_8));
    in.flush();
    return this;
  }

  /** Closes standard input: end of input for the Gogo console. */
  LauncherProcess endInput() throws IOException {
    process.getOutputStream().close();
    return this;
  }

  /** Waits until a line matches; fails with the output so far at the deadline or exit. */
  synchronized String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    for (int seen = 0; ; ) {
      for (; seen < lines.size(); seen++) {
        if (match.test(lines.get(seen))) {
          return lines.get(seen);
        }
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || (ended && seen == lines.size())) {
        throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
      }
      TimeUnit.NANOSECONDS.timedWait(this, left);
    }
  }

  /** Waits for the process to exit and for its output to be read; returns the exit code. */
  int awaitExit(Duration timeout) throws InterruptedException {
    if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("the launcher did not exit within " + timeout + "; output:\n" + output());
    }
    reader.join(timeout.toMillis());
    return process.exitValue();
  }

  /**
   * Sends SIGTERM (what a service manager does; Ctrl-C sends SIGINT, same path). Through the
   * ProcessHandle: Process.destroy() would also close our end of the output pipe, losing what the
   * node prints while it stops.
   */
  void terminate() {
    process.toHandle().destroy();
  }

  synchronized String output() {
    return String.join("\n", lines);
  }

  @Override
  public void close() {
    process.destroyForcibly();
  }

  private void collect() {
    try (BufferedReader r =
        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
      for (String line; (line = r.readLine()) != null; ) {
        synchronized (this) {
          lines.add(line);
          notifyAll();
        }
      }
    } catch (IOException ignored) {
      // the process is gone; what was read stays in lines
    } finally {
      synchronized (this) {
        ended = true;
        notifyAll();
      }
    }
  }
}
