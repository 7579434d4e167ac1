package io.hearth.shell.internal;

import io.hearth.store.StoreService;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Every shell command by name, plus {@code help}, and how a command's failure is shown: one line
 * {@code hearth: <what went wrong>} on the error stream (see {@link Errors}), never a stack
 * trace, and nothing written.
 */
public final class Shell {
  private final Map<String, Command> commands = new LinkedHashMap<>();
  private final Function<String, String> leaderAddress;

  /**
   * @param leaderAddress the address of a group member by id, or null (for error messages)
   */
  public Shell(List<Command> commands, Function<String, String> leaderAddress) {
    for (Command c : commands) {
      if (this.commands.putIfAbsent(c.name(), c) != null) {
        throw new IllegalArgumentException("two commands named " + c.name());
      }
    }
    this.commands.put("help", new Command("help", "List the hearth commands, or show one's "
        + "usage.", "[<command>]", Set.of(), Set.of(), this::help));
    this.leaderAddress = leaderAddress;
  }

  public Collection<Command> commands() {
    return Collections.unmodifiableCollection(commands.values());
  }

  /**
   * Runs command {@code name}; prints its output to {@code out}, a failure as one line to
   * {@code err}.
   *
   * @return whether it succeeded
   */
  public boolean execute(String name, List<String> args, PrintStream out, PrintStream err) {
    Command command = commands.get(name);
    try {
      if (command == null) {
        throw new CommandException("no command hearth:" + name + " (see hearth:help)");
      }
      command.run(args, out);
      return true;
    } catch (Exception | LinkageError e) {
      out.flush();
      err.println("hearth: " + Errors.message(e, leaderAddress));
      err.flush();
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      return false;
    }
  }

  private void help(Args args, PrintStream out) {
    args.atMostPositional(1);
    if (!args.positional().isEmpty()) {
      Command c = commands.get(args.positional(0, "command"));
      if (c == null) {
        throw new CommandException("no command hearth:" + args.positional(0, "command"));
      }
      out.println(c.summary());
      out.println("usage: hearth:" + c.name() + " " + c.usage());
      return;
    }
    Table table = new Table("COMMAND", "WHAT IT DOES");
    commands.values().forEach(c -> table.row("hearth:" + c.name(), c.summary()));
    out.print(table.render());
    out.println("Kinds: " + Kinds.names() + ". Objects are named by id, name or id prefix. "
        + "'hearth:help <command>' or '<command> --help' shows a command's usage.");
  }

  /**
   * {@code hearth:status}: this node's store version, its Raft role and the control-plane
   * plugins active here (they run on the leader only).
   *
   * @param raft one line about the replication group
   * @param plugins the Hearth components of interest by name, each with whether it is active
   */
  public static Command status(Supplier<StoreService> store, Supplier<String> raft,
      Supplier<Map<String, Boolean>> plugins) {
    return new Command("status", "One screen about this node: store version, Raft role, "
        + "plugins active here.", "", Set.of(), Set.of(), (args, out) -> {
          args.atMostPositional(0);
          StoreService s = store.get();
          out.println("store: " + (s == null ? "no StoreService (see scr:list)"
              : "version " + s.version()));
          out.println(raft.get());
          List<String> active = new ArrayList<>();
          List<String> inactive = new ArrayList<>();
          plugins.get().forEach((name, on) -> (on ? active : inactive).add(name));
          out.println("plugins active here: " + (active.isEmpty() ? "none" : String.join(", ",
              active)) + (inactive.isEmpty() ? "" : "; not active: " + String.join(", ",
              inactive) + (active.isEmpty() ? " (they run on the leader only)" : "")));
        });
  }
}
