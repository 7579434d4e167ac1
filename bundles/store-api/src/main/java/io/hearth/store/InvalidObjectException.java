package io.hearth.store;

/** An object cannot be stored as given (missing id, wrong kind for the table, …). */
public class InvalidObjectException extends StoreException {
  private static final long serialVersionUID = 1L;

  public InvalidObjectException(String message) {
    super(message);
  }
}
