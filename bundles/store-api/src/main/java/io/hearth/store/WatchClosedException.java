package io.hearth.store;

/**
 * A watch was closed: by its consumer, because it fell behind, or because the watch service or
 * the store's state went away. {@link #lastVersion()} is where to resume (with a new watch whose
 * request sets {@code resume_from}) to miss nothing, while the store's history still reaches
 * back that far.
 */
public class WatchClosedException extends StoreException {
  private static final long serialVersionUID = 1L;

  /** Why a watch was closed. */
  public enum Reason {
    /** The consumer closed it. */
    CLOSED("closed by its consumer"),
    /** Its queue was full when a commit arrived: the consumer does not keep up. */
    OVERFLOW("its queue overflowed: the consumer did not keep up"),
    /** The watch service stopped (its bundle was stopped or updated, or the store went away). */
    SERVICE_STOPPED("the watch service stopped"),
    /**
     * The store's state was replaced by a snapshot: the commits before it will never be
     * delivered. Read the state again ({@code viewAndWatch}).
     */
    STATE_REPLACED("the store's state was replaced by a snapshot; read it again"),
    /**
     * The watch service fell further behind the store than the store's commit history reaches,
     * so it lost commits. Read the state again.
     */
    FELL_BEHIND("the watch service fell behind the store's commit history; read it again"),
    /** The listener threw; the exception is the cause. */
    LISTENER_FAILED("its listener threw"),
    /**
     * A whiteboard listener's request could not be opened (invalid service properties, or a
     * resume version outside the history); the cause says why.
     */
    REJECTED("its request was rejected");

    private final String text;

    Reason(String text) {
      this.text = text;
    }

    /** A short explanation, as it appears in the exception's message. */
    public String text() {
      return text;
    }
  }

  private final Reason reason;
  private final long lastVersion;

  public WatchClosedException(Reason reason, long lastVersion) {
    this(reason, lastVersion, null);
  }

  public WatchClosedException(Reason reason, long lastVersion, Throwable cause) {
    super("watch closed: " + reason.text() + "; last version delivered " + lastVersion
        + " (resume from it)" + (cause == null ? "" : ": " + cause), cause);
    this.reason = reason;
    this.lastVersion = lastVersion;
  }

  /** Why the watch was closed. */
  public Reason reason() {
    return reason;
  }

  /**
   * The version up to which every matching commit was delivered: the {@code resume_from} of a
   * watch that continues this one.
   */
  public long lastVersion() {
    return lastVersion;
  }
}
