package io.hearth.watch.internal;

import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;

/**
 * One compiled {@link io.hearth.model.WatchEntry}: a kind (or any), an action mask and the
 * selectors as predicates on the event's object, all of which must hold. Immutable.
 */
final class EntryMatcher {
  static final int ALL_ACTIONS = 7;

  /** Which field of the object, if any, the watch service may look this entry up by. */
  enum Key { NONE, ID, SERVICE_ID, NODE_ID }

  final ObjectKind<?> kind;
  final int actions;
  final Key key;
  final String keyValue;
  private final Condition[] conditions;

  EntryMatcher(ObjectKind<?> kind, int actions, Key key, String keyValue,
      Condition[] conditions) {
    this.kind = kind;
    this.actions = actions == 0 ? ALL_ACTIONS : actions;
    this.key = key;
    this.keyValue = keyValue;
    this.conditions = conditions;
  }

  boolean matches(StoreEvent event) {
    if ((actions & bit(event.action())) == 0 || (kind != null && kind != event.kind())) {
      return false;
    }
    ObjectKind<?> objectKind = event.kind();
    Object object = event.object();
    for (Condition condition : conditions) {
      if (!condition.test(objectKind, object)) {
        return false;
      }
    }
    return true;
  }

  static int bit(StoreEvent.Action action) {
    return 1 << action.ordinal();
  }
}
