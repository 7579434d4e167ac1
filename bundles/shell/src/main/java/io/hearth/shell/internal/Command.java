package io.hearth.shell.internal;

import java.io.PrintStream;
import java.util.List;
import java.util.Set;

/**
 * One shell command: its name (the Gogo function in scope {@code hearth}), a one-line summary
 * for {@code hearth:help}, its usage, the options it accepts, and what it does.
 *
 * @param options names of the options that take a value
 * @param flags names of the options that take none
 */
public record Command(String name, String summary, String usage, Set<String> options,
    Set<String> flags, Action action) {

  /** What a command does with its parsed arguments; prints to {@code out}. */
  @FunctionalInterface
  public interface Action {
    void run(Args args, PrintStream out) throws Exception;
  }

  public Command {
    options = Set.copyOf(options);
    flags = Set.copyOf(flags);
  }

  /**
   * Parses {@code args} and runs the command, or prints the usage for {@code --help}.
   *
   * @throws CommandException for bad input (with the usage when the command was mistyped)
   */
  public void run(List<String> args, PrintStream out) throws Exception {
    if (args.contains("--help") || args.contains("-h")) {
      out.println(summary);
      out.println("usage: hearth:" + name + " " + usage);
      return;
    }
    try {
      action.run(Args.parse(args, options, flags), out);
    } catch (UsageException e) {
      throw new CommandException(e.getMessage() + "\nusage: hearth:" + name + " " + usage);
    }
  }
}
