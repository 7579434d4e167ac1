package io.hearth.watch.internal;

import io.hearth.model.Node;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import io.hearth.store.ObjectKind;
import io.hearth.store.WatchRequests;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compiles a {@link WatchRequest} into {@link EntryMatcher}s, refusing what cannot match as
 * asked: no entries, unknown kinds or actions, selectors a kind does not have, empty values.
 */
final class Requests {
  private Requests() {
  }

  /** A request's compiled entries (ORed). */
  static EntryMatcher[] compile(WatchRequest request) {
    if (request.getEntriesCount() == 0) {
      throw new IllegalArgumentException("a watch request needs at least one entry");
    }
    EntryMatcher[] entries = new EntryMatcher[request.getEntriesCount()];
    for (int i = 0; i < entries.length; i++) {
      try {
        entries[i] = compile(request.getEntries(i));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("watch entry " + i + ": " + e.getMessage(), e);
      }
    }
    return entries;
  }

  static EntryMatcher compile(WatchEntry entry) {
    if (entry.getKind() == WatchKind.UNRECOGNIZED) {
      throw new IllegalArgumentException("unknown kind number " + entry.getKindValue());
    }
    ObjectKind<?> kind = WatchRequests.kind(entry.getKind());
    if ((entry.getActions() & ~EntryMatcher.ALL_ACTIONS) != 0) {
      throw new IllegalArgumentException("unknown action bits in " + entry.getActions());
    }
    List<Condition> conditions = new ArrayList<>();
    EntryMatcher.Key key = EntryMatcher.Key.NONE;
    String keyValue = null;
    for (WatchSelector s : entry.getSelectorsList()) {
      conditions.add(condition(kind, s));
      // Index the entry by its most selective exact key: id, then service, then node.
      EntryMatcher.Key candidate = keyOf(s);
      if (candidate != EntryMatcher.Key.NONE && candidate.ordinal() < rank(key)) {
        key = candidate;
        keyValue = keyValue(s);
      }
    }
    return new EntryMatcher(kind, entry.getActions(), key, keyValue,
        conditions.toArray(new Condition[0]));
  }

  private static int rank(EntryMatcher.Key key) {
    return key == EntryMatcher.Key.NONE ? Integer.MAX_VALUE : key.ordinal();
  }

  private static EntryMatcher.Key keyOf(WatchSelector s) {
    return switch (s.getByCase()) {
      case ID -> EntryMatcher.Key.ID;
      case SERVICE_ID -> EntryMatcher.Key.SERVICE_ID;
      case NODE_ID -> EntryMatcher.Key.NODE_ID;
      default -> EntryMatcher.Key.NONE;
    };
  }

  private static String keyValue(WatchSelector s) {
    return switch (s.getByCase()) {
      case ID -> s.getId();
      case SERVICE_ID -> s.getServiceId();
      case NODE_ID -> s.getNodeId();
      default -> null;
    };
  }

  // Each case returns a test of the event's object; kind-specific ones run only on their kind
  // (EntryMatcher checks the kind first).
  private static Condition condition(ObjectKind<?> kind, WatchSelector s) {
    switch (s.getByCase()) {
      case ID -> {
        String id = nonEmpty("id", s.getId());
        return (k, o) -> id.equals(id(k, o));
      }
      case ID_PREFIX -> {
        String prefix = s.getIdPrefix();
        return (k, o) -> id(k, o).startsWith(prefix);
      }
      case NAME -> {
        String name = lower(nonEmpty("name", s.getName()));
        return (k, o) -> name.equals(lower(name(k, o)));
      }
      case NAME_PREFIX -> {
        String prefix = lower(s.getNamePrefix());
        return (k, o) -> {
          String name = name(k, o);
          return !name.isEmpty() && lower(name).startsWith(prefix);
        };
      }
      case LABEL -> {
        String key = nonEmpty("label key", s.getLabel().getKey());
        String value = s.getLabel().hasValue() ? s.getLabel().getValue() : null;
        return (k, o) -> {
          String v = labels(k, o).get(key);
          return v != null && (value == null || value.equals(v));
        };
      }
      case SERVICE_ID -> {
        String id = nonEmpty("service_id", only(kind, s, ObjectKind.TASK).getServiceId());
        return (k, o) -> id.equals(((Task) o).getServiceId());
      }
      case NODE_ID -> {
        String id = nonEmpty("node_id", only(kind, s, ObjectKind.TASK).getNodeId());
        return (k, o) -> id.equals(((Task) o).getNodeId());
      }
      case SLOT -> {
        WatchSelector.Slot slot = only(kind, s, ObjectKind.TASK).getSlot();
        String service = nonEmpty("slot.service_id", slot.getServiceId());
        long number = slot.getSlot();
        return (k, o) -> {
          Task t = (Task) o;
          return t.getSlot() == number && service.equals(t.getServiceId());
        };
      }
      case DESIRED_STATE -> {
        TaskState state = known(only(kind, s, ObjectKind.TASK).getDesiredState());
        return (k, o) -> ((Task) o).getDesiredState() == state;
      }
      case OBSERVED_STATE -> {
        TaskState state = known(only(kind, s, ObjectKind.TASK).getObservedState());
        return (k, o) -> ((Task) o).getStatus().getState() == state;
      }
      case OBSERVED_STATE_GREATER_THAN -> {
        int number = known(only(kind, s, ObjectKind.TASK).getObservedStateGreaterThan())
            .getNumber();
        return (k, o) -> ((Task) o).getStatus().getStateValue() > number;
      }
      case ROLE -> {
        int role = only(kind, s, ObjectKind.NODE).getRoleValue();
        return (k, o) -> ((Node) o).getRoleValue() == role;
      }
      case MEMBERSHIP -> {
        int membership = only(kind, s, ObjectKind.NODE).getMembershipValue();
        return (k, o) -> ((Node) o).getSpec().getMembershipValue() == membership;
      }
      case REFERENCED_NETWORK_ID -> {
        String id = nonEmpty("referenced_network_id",
            only(kind, s, ObjectKind.SERVICE, ObjectKind.TASK).getReferencedNetworkId());
        return (k, o) -> References.usesNetwork(o, id);
      }
      case REFERENCED_SECRET_ID -> {
        String id = nonEmpty("referenced_secret_id",
            only(kind, s, ObjectKind.SERVICE, ObjectKind.TASK).getReferencedSecretId());
        return (k, o) -> References.usesSecret(o, id);
      }
      case REFERENCED_CONFIG_ID -> {
        String id = nonEmpty("referenced_config_id",
            only(kind, s, ObjectKind.SERVICE, ObjectKind.TASK).getReferencedConfigId());
        return (k, o) -> References.usesConfig(o, id);
      }
      default -> throw new IllegalArgumentException("a selector with nothing set");
    }
  }

  /** The selector, if {@code kind} is one of {@code allowed}. */
  private static WatchSelector only(ObjectKind<?> kind, WatchSelector s,
      ObjectKind<?>... allowed) {
    for (ObjectKind<?> k : allowed) {
      if (k == kind) {
        return s;
      }
    }
    throw new IllegalArgumentException("selector " + s.getByCase().name().toLowerCase(Locale.ROOT)
        + " does not apply to " + (kind == null ? "every kind" : kind.name() + " objects")
        + "; it applies to " + List.of(allowed));
  }

  private static TaskState known(TaskState state) {
    if (state == TaskState.UNRECOGNIZED) {
      throw new IllegalArgumentException("unknown task state");
    }
    return state;
  }

  private static String nonEmpty(String what, String value) {
    if (value.isEmpty()) {
      throw new IllegalArgumentException(what + " is empty");
    }
    return value;
  }

  private static String lower(String s) {
    return s.toLowerCase(Locale.ROOT);
  }

  static <T> String id(ObjectKind<T> kind, Object object) {
    return kind.id(kind.cast(object));
  }

  private static <T> String name(ObjectKind<T> kind, Object object) {
    return kind.name(kind.cast(object));
  }

  private static <T> Map<String, String> labels(ObjectKind<T> kind, Object object) {
    return kind.labels(kind.cast(object));
  }
}
