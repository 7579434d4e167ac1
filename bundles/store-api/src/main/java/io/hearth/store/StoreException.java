package io.hearth.store;

/**
 * Base of every failure the store reports. Unchecked, so transaction closures stay plain
 * lambdas; catch the subclass for the failure you can act on.
 */
public class StoreException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public StoreException(String message) {
    super(message);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause);
  }
}
