package io.hearth.store;

import java.util.Objects;

/**
 * One change of one committed transaction: an object of some kind was created, updated or
 * removed. Immutable.
 *
 * @param kind the object's kind
 * @param action what happened
 * @param object the object as stored after the change; for {@link Action#REMOVE}, the object as
 *     it was when removed
 * @param oldObject the object before the change; null for {@link Action#CREATE}
 */
public record StoreEvent(ObjectKind<?> kind, Action action, Object object, Object oldObject) {

  /** What a transaction did to an object. */
  public enum Action { CREATE, UPDATE, REMOVE }

  public StoreEvent {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(action, "action");
    Objects.requireNonNull(object, "object");
  }

  /** The object's id. */
  public String id() {
    return id(kind, object);
  }

  /** {@link #object()} typed by its kind. */
  public <T> T object(ObjectKind<T> expected) {
    return expected.cast(object);
  }

  private static <T> String id(ObjectKind<T> kind, Object object) {
    return kind.id(kind.cast(object));
  }
}
