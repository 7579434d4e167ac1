package io.hearth.itests;

import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.InvalidSyntaxException;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * What the integration tests do with the framework: find bundles, wait for services (held by
 * an open tracker until {@link #close}), refresh, and wait for a condition, each with a
 * deadline.
 */
final class OsgiSupport implements AutoCloseable {
  private final BundleContext context;
  private final Duration timeout;
  private final List<ServiceTracker<?, ?>> trackers = new ArrayList<>();

  OsgiSupport(BundleContext context, Duration timeout) {
    this.context = context;
    this.timeout = timeout;
  }

  Bundle bundle(String symbolicName) {
    return Arrays.stream(context.getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst()
        .orElseThrow(() -> new AssertionError("no bundle " + symbolicName));
  }

  /** The service, held (tracker open) until {@link #close}. */
  <T> T awaitService(Class<T> type) throws InterruptedException {
    return await(new ServiceTracker<>(context, type, null), type.getName());
  }

  /** The service matching {@code filter}, held until {@link #close}. */
  <T> T awaitService(Class<T> type, String filter)
      throws InterruptedException, InvalidSyntaxException {
    return await(new ServiceTracker<T, T>(context, context.createFilter(
        "(&(objectClass=" + type.getName() + ")" + filter + ")"), null),
        type.getName() + " " + filter);
  }

  private <T> T await(ServiceTracker<T, T> tracker, String what) throws InterruptedException {
    tracker.open();
    trackers.add(tracker);
    T service = tracker.waitForService(timeout.toMillis());
    assertNotNull("no " + what + " within " + timeout, service);
    return service;
  }

  /** Keeps {@code tracker} open until {@link #close}. */
  void hold(ServiceTracker<?, ?> tracker) {
    trackers.add(tracker);
  }

  /** Refreshes {@code bundle} (and its dependents) and waits until the framework is done. */
  void refresh(Bundle bundle) throws InterruptedException {
    CountDownLatch refreshed = new CountDownLatch(1);
    context.getBundle(0).adapt(FrameworkWiring.class)
        .refreshBundles(List.of(bundle), event -> {
          if (event.getType() == FrameworkEvent.PACKAGES_REFRESHED) {
            refreshed.countDown();
          }
        });
    assertTrue("refresh done", refreshed.await(timeout.toMillis(), TimeUnit.MILLISECONDS));
  }

  /**
   * Reads {@code read} until {@code done} accepts the value, up to the deadline; the plugins
   * under test write from their own threads, so there is no event to wait on instead.
   */
  <T> T awaitValue(String what, Supplier<T> read, Predicate<T> done)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    T value = null;
    while (System.nanoTime() < deadline) {
      value = read.get();
      if (value != null && done.test(value)) {
        return value;
      }
      Thread.sleep(20);
    }
    throw new AssertionError(what + " not done within " + timeout + ": " + value);
  }

  @Override
  public void close() {
    trackers.forEach(ServiceTracker::close);
  }
}
