package io.hearth.store.spi;

import io.hearth.store.Commit;
import org.osgi.annotation.versioning.ConsumerType;

/** Receives commits from a {@link CommitFeed}. */
@ConsumerType
@FunctionalInterface
public interface CommitListener {

  /**
   * Called for each commit, in version order, exactly once, on the store's apply thread (or, for
   * the history replayed by {@link CommitFeed#subscribe}, on the subscriber's thread). Must
   * return quickly and must not call the store: hand the commit to your own thread.
   */
  void committed(Commit commit);

  /**
   * Called when the replica's state was replaced wholesale (a snapshot was installed): commits
   * up to {@code version} will never be delivered, the subscription goes on after it. A
   * consumer that needs every change must re-read the state. The default does nothing.
   */
  default void restarted(long version) {
  }
}
