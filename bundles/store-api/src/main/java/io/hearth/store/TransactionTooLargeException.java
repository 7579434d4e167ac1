package io.hearth.store;

/**
 * A transaction's changes exceed the size one log entry may carry. Nothing was proposed. Split
 * the work, for example with {@link StoreService#batch}.
 */
public class TransactionTooLargeException extends StoreException {
  private static final long serialVersionUID = 1L;
  private final long size;
  private final long limit;

  public TransactionTooLargeException(long size, long limit) {
    super("transaction of " + size + " bytes exceeds the limit of " + limit + " bytes");
    this.size = size;
    this.limit = limit;
  }

  /** Serialized size of the transaction in bytes. */
  public long size() {
    return size;
  }

  /** The limit in bytes. */
  public long limit() {
    return limit;
  }
}
