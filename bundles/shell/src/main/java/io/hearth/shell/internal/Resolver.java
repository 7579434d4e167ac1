package io.hearth.shell.internal;

import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Finds the one object an operator means: by exact id, then by name (ignoring case), then by id
 * prefix. Ambiguity is an error that lists the candidates, never a guess.
 */
public final class Resolver {
  private static final int LISTED = 5;

  private Resolver() {}

  /**
   * The object of {@code kind} that {@code ref} names.
   *
   * @throws CommandException if none matches, or several do
   */
  public static <T> T resolve(ReadTx tx, ObjectKind<T> kind, String ref) {
    T byId = tx.table(kind).get(ref);
    if (byId != null) {
      return byId;
    }
    List<T> named = tx.table(kind).find(By.byName(ref));
    if (named.size() == 1) {
      return named.get(0);
    }
    if (named.size() > 1) {
      throw ambiguous(kind, ref, named);
    }
    List<T> prefixed = tx.table(kind).find(By.byIdPrefix(ref));
    if (prefixed.size() == 1) {
      return prefixed.get(0);
    }
    if (prefixed.size() > 1) {
      throw ambiguous(kind, ref, prefixed);
    }
    throw new CommandException("no " + kind.name() + " '" + ref + "' (by id, name or id prefix)");
  }

  /** The id of the object {@code ref} names; see {@link #resolve}. */
  public static <T> String id(ReadTx tx, ObjectKind<T> kind, String ref) {
    return kind.id(resolve(tx, kind, ref));
  }

  private static <T> CommandException ambiguous(ObjectKind<T> kind, String ref, List<T> matches) {
    String listed = matches.stream().limit(LISTED)
        .map(o -> kind.id(o) + (kind.name(o).isEmpty() ? "" : " (" + kind.name(o) + ")"))
        .collect(Collectors.joining(", "));
    return new CommandException("'" + ref + "' matches " + matches.size() + " " + kind.name()
        + "s: " + listed + (matches.size() > LISTED ? ", ..." : "") + "; give the id");
  }
}
