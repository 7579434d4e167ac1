package io.hearth.shell.internal;

import io.hearth.store.ObjectKind;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Kind names as typed: singular or plural, any case ({@code task}, {@code Tasks}). */
public final class Kinds {
  private Kinds() {}

  /**
   * The kind named {@code text}.
   *
   * @throws CommandException listing the kinds, for a name that is none of them
   */
  public static ObjectKind<?> parse(String text) {
    String name = text.toLowerCase(Locale.ROOT);
    for (ObjectKind<?> kind : ObjectKind.all()) {
      if (kind.name().equals(name) || plural(kind).equals(name)) {
        return kind;
      }
    }
    throw new CommandException("unknown kind '" + text + "' (one of: " + names() + ")");
  }

  public static String plural(ObjectKind<?> kind) {
    return kind.name() + "s";
  }

  static String names() {
    List<String> names = new ArrayList<>();
    ObjectKind.all().forEach(k -> names.add(plural(k)));
    return String.join(", ", names);
  }
}
