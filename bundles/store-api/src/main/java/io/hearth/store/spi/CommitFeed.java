package io.hearth.store.spi;

import io.hearth.store.CompactedException;
import io.hearth.store.FutureVersionException;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The ordered stream of applied commits of this replica, with a bounded history, provided by the
 * store. The watch service builds on it; because the history lives in the store, a restarted
 * watch service can still resume its watchers where they were.
 */
@ProviderType
public interface CommitFeed {

  /**
   * Delivers to {@code listener} every commit after {@code afterVersion}: first those still in
   * the history (synchronously, before this returns), then each new one as it is applied,
   * with no gap and no duplicate.
   *
   * @throws CompactedException if commits after {@code afterVersion} have left the history
   * @throws FutureVersionException if {@code afterVersion} is beyond the applied version
   */
  Subscription subscribe(long afterVersion, CommitListener listener);

  /** The version of the last applied commit. */
  long version();

  /** The oldest version {@link #subscribe} accepts. */
  long oldestResumable();

  /** Ends a subscription; no commit is delivered after {@link #close} returns. */
  interface Subscription extends AutoCloseable {
    @Override
    void close();
  }
}
