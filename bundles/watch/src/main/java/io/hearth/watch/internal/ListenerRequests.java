package io.hearth.watch.internal;

import static io.hearth.store.StoreEventListener.ACTIONS;
import static io.hearth.store.StoreEventListener.DESIRED_STATE;
import static io.hearth.store.StoreEventListener.ID;
import static io.hearth.store.StoreEventListener.ID_PREFIX;
import static io.hearth.store.StoreEventListener.INCLUDE_OLD_OBJECT;
import static io.hearth.store.StoreEventListener.KIND;
import static io.hearth.store.StoreEventListener.LABEL;
import static io.hearth.store.StoreEventListener.MEMBERSHIP;
import static io.hearth.store.StoreEventListener.NAME;
import static io.hearth.store.StoreEventListener.NAME_PREFIX;
import static io.hearth.store.StoreEventListener.NODE_ID;
import static io.hearth.store.StoreEventListener.OBSERVED_STATE;
import static io.hearth.store.StoreEventListener.OBSERVED_STATE_GREATER_THAN;
import static io.hearth.store.StoreEventListener.REFERENCED_CONFIG_ID;
import static io.hearth.store.StoreEventListener.REFERENCED_NETWORK_ID;
import static io.hearth.store.StoreEventListener.REFERENCED_SECRET_ID;
import static io.hearth.store.StoreEventListener.REQUEST;
import static io.hearth.store.StoreEventListener.ROLE;
import static io.hearth.store.StoreEventListener.SERVICE_ID;
import static io.hearth.store.StoreEventListener.SLOT;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.TaskState;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.WatchRequests;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Reads a {@link WatchRequest} from the service properties of a whiteboard {@link
 * io.hearth.store.StoreEventListener} (the names and formats are documented there).
 */
final class ListenerRequests {
  private static final List<String> SELECTOR_KEYS = List.of(KIND, ACTIONS, ID, ID_PREFIX, NAME,
      NAME_PREFIX, LABEL, SERVICE_ID, NODE_ID, SLOT, DESIRED_STATE, OBSERVED_STATE,
      OBSERVED_STATE_GREATER_THAN, ROLE, MEMBERSHIP, REFERENCED_NETWORK_ID,
      REFERENCED_SECRET_ID, REFERENCED_CONFIG_ID, INCLUDE_OLD_OBJECT);

  private ListenerRequests() {
  }

  /**
   * The request the properties describe, without {@code resume_from}.
   *
   * @throws IllegalArgumentException if a property does not parse
   */
  static WatchRequest parse(Map<String, ?> properties) {
    Object whole = properties.get(REQUEST);
    if (whole != null) {
      for (String key : SELECTOR_KEYS) {
        if (properties.containsKey(key)) {
          throw new IllegalArgumentException(REQUEST + " excludes " + key);
        }
      }
      try {
        return WatchRequest.parseFrom(Base64.getDecoder().decode(string(REQUEST, whole)))
            .toBuilder().clearResumeFrom().build();
      } catch (InvalidProtocolBufferException e) {
        throw new IllegalArgumentException(REQUEST + " is not a WatchRequest: " + e.getMessage(),
            e);
      }
    }
    List<WatchSelector> selectors = selectors(properties);
    int actions = 0;
    for (String action : strings(properties, ACTIONS)) {
      actions |= WatchRequests.actionBit(constant(ACTIONS, action, StoreEvent.Action.values(),
          StoreEvent.Action::name, ""));
    }
    List<WatchKind> kinds = new ArrayList<>();
    for (String name : strings(properties, KIND)) {
      kinds.add(WatchRequests.kind(kind(name)));
    }
    if (kinds.isEmpty()) {
      kinds.add(WatchKind.WATCH_KIND_ANY);
    }
    WatchRequest.Builder request = WatchRequest.newBuilder()
        .setIncludeOldObject(bool(properties.get(INCLUDE_OLD_OBJECT)));
    for (WatchKind kind : kinds) {
      request.addEntries(WatchEntry.newBuilder().setKind(kind).setActions(actions)
          .addAllSelectors(selectors));
    }
    return request.build();
  }

  private static List<WatchSelector> selectors(Map<String, ?> p) {
    List<WatchSelector> out = new ArrayList<>();
    text(p, ID, v -> out.add(WatchSelector.newBuilder().setId(v).build()));
    text(p, ID_PREFIX, v -> out.add(WatchSelector.newBuilder().setIdPrefix(v).build()));
    text(p, NAME, v -> out.add(WatchSelector.newBuilder().setName(v).build()));
    text(p, NAME_PREFIX, v -> out.add(WatchSelector.newBuilder().setNamePrefix(v).build()));
    for (String label : strings(p, LABEL)) {
      int eq = label.indexOf('=');
      WatchSelector.Label.Builder l = WatchSelector.Label.newBuilder();
      if (eq < 0) {
        l.setKey(label);
      } else {
        l.setKey(label.substring(0, eq)).setValue(label.substring(eq + 1));
      }
      out.add(WatchSelector.newBuilder().setLabel(l).build());
    }
    text(p, SERVICE_ID, v -> out.add(WatchSelector.newBuilder().setServiceId(v).build()));
    Object slot = p.get(SLOT);
    if (slot != null) {
      Object service = p.get(SERVICE_ID);
      if (service == null) {
        throw new IllegalArgumentException(SLOT + " needs " + SERVICE_ID);
      }
      out.add(WatchSelector.newBuilder().setSlot(WatchSelector.Slot.newBuilder()
          .setServiceId(string(SERVICE_ID, service)).setSlot(number(SLOT, slot))).build());
    }
    text(p, NODE_ID, v -> out.add(WatchSelector.newBuilder().setNodeId(v).build()));
    text(p, DESIRED_STATE, v -> out.add(WatchSelector.newBuilder()
        .setDesiredState(taskState(DESIRED_STATE, v)).build()));
    text(p, OBSERVED_STATE, v -> out.add(WatchSelector.newBuilder()
        .setObservedState(taskState(OBSERVED_STATE, v)).build()));
    text(p, OBSERVED_STATE_GREATER_THAN, v -> out.add(WatchSelector.newBuilder()
        .setObservedStateGreaterThan(taskState(OBSERVED_STATE_GREATER_THAN, v)).build()));
    text(p, ROLE, v -> out.add(WatchSelector.newBuilder().setRole(constant(ROLE, v,
        known(NodeRole.values()), NodeRole::name, "NODE_ROLE_")).build()));
    text(p, MEMBERSHIP, v -> out.add(WatchSelector.newBuilder().setMembership(constant(
        MEMBERSHIP, v, known(NodeMembership.values()), NodeMembership::name,
        "NODE_MEMBERSHIP_")).build()));
    text(p, REFERENCED_NETWORK_ID,
        v -> out.add(WatchSelector.newBuilder().setReferencedNetworkId(v).build()));
    text(p, REFERENCED_SECRET_ID,
        v -> out.add(WatchSelector.newBuilder().setReferencedSecretId(v).build()));
    text(p, REFERENCED_CONFIG_ID,
        v -> out.add(WatchSelector.newBuilder().setReferencedConfigId(v).build()));
    return out;
  }

  private static ObjectKind<?> kind(String name) {
    for (ObjectKind<?> kind : ObjectKind.all()) {
      if (kind.name().equalsIgnoreCase(name.trim())) {
        return kind;
      }
    }
    throw new IllegalArgumentException(KIND + ": unknown kind '" + name + "'; one of "
        + ObjectKind.all());
  }

  private static TaskState taskState(String key, String value) {
    return constant(key, value, known(TaskState.values()), TaskState::name, "TASK_STATE_");
  }

  /** Enum constants without protobuf's UNRECOGNIZED. */
  private static <E extends Enum<E>> List<E> known(E[] values) {
    List<E> out = new ArrayList<>();
    for (E e : values) {
      if (!e.name().equals("UNRECOGNIZED")) {
        out.add(e);
      }
    }
    return out;
  }

  /** The constant named {@code value}, with or without {@code prefix}, ignoring case. */
  private static <E> E constant(String key, String value, E[] values, Function<E, String> name,
      String prefix) {
    return constant(key, value, List.of(values), name, prefix);
  }

  private static <E> E constant(String key, String value, Collection<E> values,
      Function<E, String> name, String prefix) {
    String wanted = value.trim().toUpperCase(Locale.ROOT);
    for (E e : values) {
      String n = name.apply(e);
      if (n.equals(wanted) || n.equals(prefix + wanted)) {
        return e;
      }
    }
    List<String> names = values.stream().map(name).toList();
    throw new IllegalArgumentException(key + ": unknown value '" + value + "'; one of " + names);
  }

  private static void text(Map<String, ?> p, String key, java.util.function.Consumer<String> to) {
    Object v = p.get(key);
    if (v != null) {
      to.accept(string(key, v));
    }
  }

  private static String string(String key, Object value) {
    if (value instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException(key + " must be a String, not " + value.getClass()
        .getSimpleName());
  }

  /** A String, String[] or collection of Strings as a list; absent as empty. */
  private static List<String> strings(Map<String, ?> p, String key) {
    Object v = p.get(key);
    if (v == null) {
      return List.of();
    }
    if (v instanceof String s) {
      return List.of(s);
    }
    if (v instanceof String[] a) {
      return List.of(a);
    }
    if (v instanceof Collection<?> c) {
      List<String> out = new ArrayList<>();
      for (Object o : c) {
        out.add(string(key, o));
      }
      return out;
    }
    throw new IllegalArgumentException(key + " must be a String or String[], not "
        + v.getClass().getSimpleName());
  }

  private static long number(String key, Object value) {
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    if (value instanceof String s) {
      try {
        return Long.parseLong(s.trim());
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(key + ": not a number: '" + s + "'", e);
      }
    }
    throw new IllegalArgumentException(key + " must be a Long, Integer or String");
  }

  private static boolean bool(Object value) {
    if (value == null) {
      return false;
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof String s && (s.equalsIgnoreCase("true") || s.equalsIgnoreCase("false"))) {
      return Boolean.parseBoolean(s);
    }
    throw new IllegalArgumentException(INCLUDE_OLD_OBJECT + " must be a Boolean or "
        + "\"true\"/\"false\"");
  }
}
