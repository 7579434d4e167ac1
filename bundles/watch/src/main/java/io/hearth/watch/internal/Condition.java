package io.hearth.watch.internal;

import io.hearth.store.ObjectKind;

/** One compiled selector: a test of an event's object of the given kind. */
@FunctionalInterface
interface Condition {
  boolean test(ObjectKind<?> kind, Object object);
}
