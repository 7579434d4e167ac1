package io.hearth.shell.internal;

import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A real store on its in-process log with a real watch hub, and the shell on them, running
 * commands as the Gogo adapter does and capturing what they print.
 */
final class TestStore implements AutoCloseable {
  static final Duration WAIT = Duration.ofSeconds(20);

  final InProcessLog log = new InProcessLog("shell-test");
  final HearthStore store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
  final WatchHub hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
  final WatchCommand watch = new WatchCommand(() -> store, () -> hub);
  final Shell shell;

  TestStore() {
    List<Command> commands = new java.util.ArrayList<>(
        new StoreCommands(() -> store, Clock.systemUTC()).commands());
    commands.add(watch.command());
    commands.add(Demo.command(() -> store));
    shell = new Shell(commands, id -> id.equals("n2") ? "127.0.0.1:9872" : null);
  }

  /** What a command printed: standard output, then "ERR " and the error output if any. */
  record Run(boolean ok, String out, String err) {}

  Run run(String command, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    boolean ok;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      ok = shell.execute(command, List.of(args), o, e);
    }
    return new Run(ok, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** Runs a command that must succeed and returns its output. */
  String ok(String command, String... args) {
    Run run = run(command, args);
    if (!run.ok()) {
      throw new AssertionError("hearth:" + command + " " + String.join(" ", args) + " failed: "
          + run.err());
    }
    return run.out();
  }

  /** Waits for {@code condition} with a deadline; the plugins under test write on their threads. */
  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + WAIT.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + " not within " + WAIT);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    watch.closeAll();
    hub.close();
    store.close();
    log.close();
  }
}
