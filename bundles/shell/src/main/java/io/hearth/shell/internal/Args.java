package io.hearth.shell.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A command's arguments split into positionals, options with a value ({@code --name value} or
 * {@code --name=value}, repeatable) and flags ({@code --name}), checked against what the command
 * declares. Immutable.
 */
public final class Args {
  private final List<String> positional;
  private final Map<String, List<String>> options;
  private final Set<String> flags;

  private Args(List<String> positional, Map<String, List<String>> options, Set<String> flags) {
    this.positional = positional;
    this.options = options;
    this.flags = flags;
  }

  /**
   * Parses {@code args}.
   *
   * @param valueOptions names (without {@code --}) of the options that take a value
   * @param flagOptions names of the options that take none
   * @throws CommandException for an undeclared option, or an option without its value
   */
  public static Args parse(List<String> args, Set<String> valueOptions, Set<String> flagOptions) {
    List<String> positional = new ArrayList<>();
    Map<String, List<String>> options = new LinkedHashMap<>();
    Set<String> flags = new java.util.LinkedHashSet<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (!arg.startsWith("--") || arg.length() == 2) {
        positional.add(arg);
        continue;
      }
      String name = arg.substring(2);
      String value = null;
      int eq = name.indexOf('=');
      if (eq >= 0) {
        value = name.substring(eq + 1);
        name = name.substring(0, eq);
      }
      if (flagOptions.contains(name)) {
        if (value != null) {
          throw new UsageException("--" + name + " takes no value");
        }
        flags.add(name);
      } else if (valueOptions.contains(name)) {
        if (value == null) {
          if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException("--" + name + " needs a value");
          }
          value = args.get(++i);
        }
        if (value.isEmpty()) {
          throw new UsageException("--" + name + " needs a value");
        }
        options.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
      } else {
        throw new UsageException("unknown option --" + name + known(valueOptions, flagOptions));
      }
    }
    return new Args(List.copyOf(positional), options, Collections.unmodifiableSet(flags));
  }

  private static String known(Set<String> valueOptions, Set<String> flagOptions) {
    List<String> all = new ArrayList<>(valueOptions);
    all.addAll(flagOptions);
    if (all.isEmpty()) {
      return " (this command takes none)";
    }
    Collections.sort(all);
    return " (known: --" + String.join(", --", all) + ")";
  }

  public List<String> positional() {
    return positional;
  }

  /** The positional at {@code index}, or a {@link CommandException} naming what is missing. */
  public String positional(int index, String what) {
    if (index >= positional.size()) {
      throw new UsageException("missing " + what);
    }
    return positional.get(index);
  }

  /** Fails unless there are at most {@code max} positionals. */
  public Args atMostPositional(int max) {
    if (positional.size() > max) {
      throw new UsageException("unexpected argument '" + positional.get(max) + "'");
    }
    return this;
  }

  public boolean flag(String name) {
    return flags.contains(name);
  }

  public boolean has(String name) {
    return options.containsKey(name);
  }

  /** The option's value, or null; the last one wins when it was given more than once. */
  public String option(String name) {
    List<String> values = options.get(name);
    return values == null ? null : values.get(values.size() - 1);
  }

  /** Every value given for a repeatable option, in order. */
  public List<String> options(String name) {
    return options.getOrDefault(name, List.of());
  }

  /** The option as a whole number in {@code [min, max]}, or {@code absent}. */
  public long number(String name, long absent, long min, long max) {
    String value = option(name);
    return value == null ? absent : Quantities.wholeNumber("--" + name, value, min, max);
  }
}
