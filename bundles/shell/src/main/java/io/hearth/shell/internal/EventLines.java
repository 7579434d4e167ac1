package io.hearth.shell.internal;

import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.Locale;

/**
 * One line per watch event: version, action, kind, short id, name, state, in fixed-width
 * columns so a stream of lines stays aligned without knowing what comes next.
 */
public final class EventLines {
  private EventLines() {}

  public static String header() {
    return String.format("%-9s %-7s %-8s %-12s %-24s %s", "VERSION", "ACTION", "KIND", "ID",
        "NAME", "STATE").stripTrailing();
  }

  public static String line(Commit commit, StoreEvent event) {
    return line(commit.version(), event);
  }

  private static <T> String line(long version, StoreEvent event) {
    @SuppressWarnings("unchecked")
    ObjectKind<T> kind = (ObjectKind<T>) event.kind();
    T object = kind.cast(event.object());
    String name = Listing.displayName(object, kind.name(object));
    return String.format("%-9d %-7s %-8s %-12s %-24s %s", version,
        event.action().name().toLowerCase(Locale.ROOT), kind.name(),
        Ids.shortId(kind.id(object)), name.isEmpty() ? "-" : name,
        Listing.describe(object)).stripTrailing();
  }
}
