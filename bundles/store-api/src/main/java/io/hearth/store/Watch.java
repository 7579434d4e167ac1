package io.hearth.store;

import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * An open watch: a bounded queue of the matching events of each commit, one {@link Commit} per
 * commit (holding only the events that matched), in version order.
 *
 * <p>A watch opened with a listener delivers to it instead; {@link #take} and {@link #poll} then
 * throw {@link IllegalStateException}.
 *
 * <p>Thread-safe. Once closed, for whatever reason, a watch delivers nothing more: commits still
 * queued are dropped, and {@link #lastVersion()} says where to resume to receive them again.
 */
@ProviderType
public interface Watch extends AutoCloseable {

  /**
   * The next commit, waiting as long as it takes.
   *
   * @throws WatchClosedException once the watch is closed (at once if it already is)
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  Commit take() throws InterruptedException;

  /**
   * The next commit, or {@code null} if none arrives within {@code timeout}.
   *
   * @throws WatchClosedException once the watch is closed
   * @throws InterruptedException if the thread is interrupted while waiting
   */
  Commit poll(Duration timeout) throws InterruptedException;

  /**
   * The version up to which every matching commit has been handed to the consumer (taken, or
   * passed to the listener): resuming from it misses nothing and repeats nothing. It advances
   * past non-matching commits too.
   */
  long lastVersion();

  /** Whether the watch is closed. */
  boolean isClosed();

  /** Why the watch was closed, or {@code null} while it is open. */
  WatchClosedException closedReason();

  /** Closes the watch ({@link WatchClosedException.Reason#CLOSED}); idempotent. */
  @Override
  void close();
}
