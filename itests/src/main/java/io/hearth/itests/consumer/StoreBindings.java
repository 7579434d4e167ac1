package io.hearth.itests.consumer;

import io.hearth.store.StoreService;
import java.time.Duration;
import org.osgi.annotation.versioning.ProviderType;

/**
 * A StoreService consumer as the plugins will be: a DS component whose reference to the store
 * is optional, dynamic and greedy, so the store can come and go (stop, start, update) while the
 * consumer stays active. Thread-safe.
 */
@ProviderType
public interface StoreBindings {

  /** The store the consumer is bound to now, or null. */
  StoreService store();

  /** How many times a StoreService has been bound since the consumer activated. */
  int binds();

  /** How many times a StoreService has been unbound since the consumer activated. */
  int unbinds();

  /**
   * How many times the consumer component has been activated since its bundle was installed:
   * 1 means it was never deactivated and re-created.
   */
  int activations();

  /** Waits until {@link #binds()} reaches {@code count}; false at the deadline. */
  boolean awaitBinds(int count, Duration timeout) throws InterruptedException;

  /** Waits until {@link #unbinds()} reaches {@code count}; false at the deadline. */
  boolean awaitUnbinds(int count, Duration timeout) throws InterruptedException;
}
