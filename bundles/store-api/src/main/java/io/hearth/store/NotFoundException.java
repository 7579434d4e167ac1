package io.hearth.store;

/** An update, delete or {@code require} named an id that is not stored. */
public class NotFoundException extends ObjectException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(ObjectKind<?> kind, String id) {
    super(kind + " " + id + " not found", kind, id);
  }
}
