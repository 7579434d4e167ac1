package io.hearth.watch.internal;

import io.hearth.model.Task;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The registered watch entries by kind, and within a kind by the exact id, service id or node
 * id they select when they select one, so that an event is tested only against the entries that
 * can match it. Dispatcher thread only.
 */
final class KindIndex {

  /** One entry of one watcher. */
  record Registration(Watcher watcher, EntryMatcher entry) { }

  /** The entries of one kind. */
  static final class Slot {
    /** Entries with no exact key: tested against every event of the kind. */
    final List<Registration> scan = new ArrayList<>();
    final Map<String, List<Registration>> byId = new HashMap<>();
    final Map<String, List<Registration>> byServiceId = new HashMap<>();
    final Map<String, List<Registration>> byNodeId = new HashMap<>();
  }

  private static final List<ObjectKind<?>> KINDS = ObjectKind.all();
  private final Slot[] slots = new Slot[KINDS.size()];
  private int registrations;

  KindIndex() {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
  }

  boolean isEmpty() {
    return registrations == 0;
  }

  void add(Watcher watcher) {
    for (EntryMatcher entry : watcher.entries) {
      Registration registration = new Registration(watcher, entry);
      if (entry.kind == null) {
        for (Slot slot : slots) {
          add(slot, registration);
        }
      } else {
        add(slot(entry.kind), registration);
      }
    }
  }

  private void add(Slot slot, Registration registration) {
    listFor(slot, registration.entry(), true).add(registration);
    registrations++;
  }

  void remove(Watcher watcher) {
    for (EntryMatcher entry : watcher.entries) {
      if (entry.kind == null) {
        for (Slot slot : slots) {
          remove(slot, watcher, entry);
        }
      } else {
        remove(slot(entry.kind), watcher, entry);
      }
    }
  }

  private void remove(Slot slot, Watcher watcher, EntryMatcher entry) {
    List<Registration> list = listFor(slot, entry, false);
    if (list == null) {
      return;
    }
    for (int i = list.size() - 1; i >= 0; i--) {
      Registration r = list.get(i);
      if (r.watcher() == watcher && r.entry() == entry) {
        list.remove(i);
        registrations--;
        break;
      }
    }
    if (list.isEmpty() && list != slot.scan) {
      map(slot, entry.key).remove(entry.keyValue);
    }
  }

  void clear() {
    for (int i = 0; i < slots.length; i++) {
      slots[i] = new Slot();
    }
    registrations = 0;
  }

  Slot slot(ObjectKind<?> kind) {
    for (int i = 0; i < slots.length; i++) {
      if (KINDS.get(i) == kind) {
        return slots[i];
      }
    }
    throw new IllegalArgumentException("unknown kind " + kind);
  }

  /** The keyed lists of {@code slot} that can hold entries matching {@code event}. */
  static List<Registration> byId(Slot slot, StoreEvent event) {
    return slot.byId.isEmpty() ? null : slot.byId.get(Requests.id(event.kind(), event.object()));
  }

  static List<Registration> byServiceId(Slot slot, StoreEvent event) {
    return slot.byServiceId.isEmpty() || !(event.object() instanceof Task t)
        ? null : slot.byServiceId.get(t.getServiceId());
  }

  static List<Registration> byNodeId(Slot slot, StoreEvent event) {
    return slot.byNodeId.isEmpty() || !(event.object() instanceof Task t)
        ? null : slot.byNodeId.get(t.getNodeId());
  }

  private static List<Registration> listFor(Slot slot, EntryMatcher entry, boolean create) {
    if (entry.key == EntryMatcher.Key.NONE) {
      return slot.scan;
    }
    Map<String, List<Registration>> map = map(slot, entry.key);
    return create ? map.computeIfAbsent(entry.keyValue, k -> new ArrayList<>(2))
        : map.get(entry.keyValue);
  }

  private static Map<String, List<Registration>> map(Slot slot, EntryMatcher.Key key) {
    return switch (key) {
      case ID -> slot.byId;
      case SERVICE_ID -> slot.byServiceId;
      case NODE_ID -> slot.byNodeId;
      case NONE -> throw new IllegalArgumentException("no key");
    };
  }
}
