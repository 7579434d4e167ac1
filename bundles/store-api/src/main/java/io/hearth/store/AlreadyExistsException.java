package io.hearth.store;

/** A create named an id that is already stored. Retry with a new id. */
public class AlreadyExistsException extends ObjectException {
  private static final long serialVersionUID = 1L;

  public AlreadyExistsException(ObjectKind<?> kind, String id) {
    super(kind + " " + id + " already exists", kind, id);
  }
}
