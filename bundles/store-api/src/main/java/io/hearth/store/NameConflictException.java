package io.hearth.store;

/** A create or update would give an object a name another object of its kind already has. */
public class NameConflictException extends ObjectException {
  private static final long serialVersionUID = 1L;
  private final String name;
  private final String holderId;

  public NameConflictException(ObjectKind<?> kind, String id, String name, String holderId) {
    super(kind + " name '" + name + "' is already taken by " + holderId, kind, id);
    this.name = name;
    this.holderId = holderId;
  }

  /** The contested name. */
  public String name() {
    return name;
  }

  /** The id of the object that holds the name. */
  public String holderId() {
    return holderId;
  }
}
