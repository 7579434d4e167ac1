package io.hearth.itests;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import javax.inject.Inject;
import org.junit.After;
import org.osgi.framework.BundleContext;

/**
 * What every one-node Pax Exam test here shares: the framework's bundle context (injected),
 * the {@link OsgiSupport} helpers made on first use and closed after each test, free ports.
 * Runs inside the framework.
 */
abstract class HearthIT {
  @Inject protected BundleContext context;

  private final Duration timeout;
  private OsgiSupport osgi;

  /** @param timeout how long {@link #osgi()}'s waits last before they fail */
  protected HearthIT(Duration timeout) {
    this.timeout = timeout;
  }

  /** Made on first use: the framework injects {@code context} after construction. */
  protected final OsgiSupport osgi() {
    if (osgi == null) {
      osgi = new OsgiSupport(context, timeout);
    }
    return osgi;
  }

  @After
  public void closeTrackers() {
    if (osgi != null) {
      osgi.close();
    }
  }

  /** A port free on this machine now (a test binds to 127.0.0.1 only). */
  protected static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
