package io.hearth.replication.internal;

/**
 * Sets the thread context class loader to this bundle's class loader for a block. Ratis looks
 * up its implementation classes ({@code ServerImplUtils}, {@code StorageImplUtils}) through the
 * context class loader, which under OSGi is not the bundle's: without this, building a
 * {@code RaftServer} fails with "Failed to initNewRaftServerMethod". Harmless outside OSGi.
 */
final class BundleLoader implements AutoCloseable {
  private final Thread thread;
  private final ClassLoader previous;

  private BundleLoader() {
    thread = Thread.currentThread();
    previous = thread.getContextClassLoader();
    thread.setContextClassLoader(BundleLoader.class.getClassLoader());
  }

  static BundleLoader enter() {
    return new BundleLoader();
  }

  @Override
  public void close() {
    thread.setContextClassLoader(previous);
  }
}
