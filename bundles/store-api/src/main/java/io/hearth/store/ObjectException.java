package io.hearth.store;

/** A failure about one object, named by its kind and id. */
public abstract class ObjectException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final String kind;
  private final String id;

  protected ObjectException(String message, ObjectKind<?> kind, String id) {
    super(message);
    this.kind = kind.name();
    this.id = id;
  }

  /** The kind's name, e.g. {@code "task"}. */
  public String kind() {
    return kind;
  }

  /** The object's id. */
  public String id() {
    return id;
  }
}
