package io.hearth.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.BundleException;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkEvent;
import org.osgi.framework.ServiceReference;
import org.osgi.framework.launch.Framework;
import org.osgi.framework.launch.FrameworkFactory;
import org.osgi.framework.wiring.FrameworkWiring;
import org.osgi.util.tracker.ServiceTracker;

/**
 * One Hearth node: a Felix framework with the embedded bundles, configured, started in this
 * order, then left running until the framework stops:
 *
 * <ol>
 *   <li>install every embedded bundle and resolve them all together (so the start order cannot
 *       change how they wire);
 *   <li>start all but SCR and the Gogo shell: the DS API, Config Admin, log, metatype, Gogo
 *       runtime and commands, protobuf, the Hearth bundles (their components wait for SCR);
 *   <li>write the configuration (embedded defaults, then {@code --config}, then the flags such as
 *       {@code --id}) through Config Admin;
 *   <li>start SCR: components activate once, with their configuration already in place;
 *   <li>wait for {@code io.hearth.store.StoreService} and print the ready line;
 *   <li>start the Gogo shell, whose console reads standard input: piped commands run on a ready
 *       node, never before the Hearth components are up.
 * </ol>
 *
 * <p>Gogo behaviour worth knowing (gogo.shell 1.1.4): each input line runs when its newline
 * arrives (a last line without a newline is dropped); at end of input the console prints
 * "gosh: stopping shell and framework" and stops the system bundle, so a piped script ends with
 * the node stopped and exit code 0. Stopping the framework while the console waits on a
 * terminal or a pipe returns promptly (about 0.3 s here): the shell closes its session, which
 * releases the blocked read.
 */
final class HearthNode {

  static final String STORE_SERVICE = "io.hearth.store.StoreService";
  static final String SCR = "org.apache.felix.scr";
  static final String GOGO_SHELL = "org.apache.felix.gogo.shell";
  static final String DEFAULTS = "hearth-defaults.cfg";

  private static final long READY_TIMEOUT_MS = Long.getLong("hearth.ready.timeout.ms", 30_000);

  private final LauncherOptions options;
  private final PrintStream out;
  private final PrintStream err;
  private FileChannel dataLock; // held open (and so locked) for the life of the node

  HearthNode(LauncherOptions options, PrintStream out, PrintStream err) {
    this.options = options;
    this.out = out;
    this.err = err;
  }

  /** Runs the node; returns the process exit code. */
  int run() {
    Path data = options.dataDir();
    Framework framework;
    NodeConfiguration configuration;
    try {
      Files.createDirectories(data);
      if (!lock(data)) {
        err.println("hearth: the data directory " + data + " is in use by another node");
        return 1;
      }
      framework = ServiceLoader.load(FrameworkFactory.class).iterator().next()
          .newFramework(frameworkProperties(data, options.shell()));
      framework.init();
      configuration = configuration(framework.getBundleContext());
    } catch (Exception e) {
      err.println("hearth: cannot start the node: " + e);
      return 1;
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(framework), "hearth-shutdown"));

    try {
      BundleContext context = framework.getBundleContext();
      List<Bundle> bundles = EmbeddedBundles.installAll(context);
      framework.start();
      framework.adapt(FrameworkWiring.class).resolveBundles(null);
      bundles.stream().filter(b -> !isOneOf(b, SCR, GOGO_SHELL)).forEach(this::start);
      ConfigAdminWriter.apply(context, configuration);
      bundles.stream().filter(b -> isOneOf(b, SCR)).forEach(this::start);

      if (awaitService(context, STORE_SERVICE, READY_TIMEOUT_MS)) {
        // From the JVM's own start time (ms precision); ProcessHandle's start instant rests on
        // the boot time in whole seconds and was up to a second off here.
        long ms = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        out.println("Hearth node ready in " + ms + " ms (data: " + data + ")");
      } else {
        err.println("hearth: no " + STORE_SERVICE + " after " + READY_TIMEOUT_MS
            + " ms; the node keeps running (see 'lb' and 'scr:list')");
      }
      bundles.stream().filter(b -> isOneOf(b, GOGO_SHELL)).forEach(this::start);

      FrameworkEvent stopped = framework.waitForStop(0);
      return stopped.getType() == FrameworkEvent.ERROR ? 1 : 0;
    } catch (Exception e) {
      err.println("hearth: cannot start the node: " + e);
      stop(framework);
      return 1;
    }
  }

  /**
   * Locks {@code data/hearth.lock} for this process. Felix's own cache lock does not keep a
   * second node out: with the cache cleaned on first init, two launchers on one data directory
   * both started (checked here), the second wiping the first one's cache.
   */
  private boolean lock(Path data) throws IOException {
    dataLock = FileChannel.open(data.resolve("hearth.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    try {
      return dataLock.tryLock() != null;
    } catch (OverlappingFileLockException e) {
      return false;
    }
  }

  private static Map<String, String> frameworkProperties(Path data, boolean shell) {
    Map<String, String> props = new HashMap<>();
    props.put(Constants.FRAMEWORK_STORAGE, data.resolve("felix-cache").toString());
    // Clean the cache at every start: the embedded jars are the ones that run, and nothing
    // stale survives an upgrade of the launcher. Hearth's own state lives beside it, not in it.
    props.put(Constants.FRAMEWORK_STORAGE_CLEAN, Constants.FRAMEWORK_STORAGE_CLEAN_ONFIRSTINIT);
    // For bundles (BundleContext.getProperty) and for ${hearth.data} in the configuration.
    // Felix falls back to system properties, so any -D is visible to bundles too.
    props.put("hearth.data", data.toString());
    // SCR otherwise deactivates a delayed component (a service nobody holds right now) when
    // its last user lets go; the store keeps its state in memory, so keep the instances.
    props.put("ds.delayed.keepInstances", "true");
    // Arguments of the console's `gosh --login`: --nointeractive keeps the shell's commands
    // but reads no input (--no-shell); --quiet drops the banner when input is piped.
    props.put("gosh.args", !shell ? "--nointeractive" : System.console() == null ? "--quiet" : "");
    return props;
  }

  private NodeConfiguration configuration(BundleContext context) throws IOException {
    NodeConfiguration config;
    try (InputStream defaults = HearthNode.class.getClassLoader().getResourceAsStream(DEFAULTS)) {
      config = defaults == null
          ? NodeConfiguration.empty()
          : NodeConfiguration.parse(new InputStreamReader(defaults, StandardCharsets.UTF_8), DEFAULTS);
    }
    Path external = options.configFile();
    if (external != null) {
      try (Reader reader = Files.newBufferedReader(external)) {
        config = config.overriddenBy(NodeConfiguration.parse(reader, external.toString()));
      }
    }
    config = config.overriddenBy(NodeConfiguration.of(options.flagConfiguration()));
    return config.resolved(context::getProperty);
  }

  private static boolean isOneOf(Bundle bundle, String... symbolicNames) {
    return List.of(symbolicNames).contains(bundle.getSymbolicName());
  }

  private void start(Bundle bundle) {
    if (bundle.getHeaders().get(Constants.FRAGMENT_HOST) != null) {
      return;
    }
    try {
      bundle.start();
    } catch (BundleException e) {
      err.println("hearth: cannot start " + bundle.getSymbolicName() + " " + bundle.getVersion()
          + ": " + e.getMessage());
    }
  }

  /**
   * Waits until a service of {@code objectClass} is registered. Only watches: it never gets the
   * service, so it does not activate a delayed component by itself.
   */
  private static boolean awaitService(BundleContext context, String objectClass, long timeoutMs)
      throws Exception {
    CountDownLatch registered = new CountDownLatch(1);
    ServiceTracker<Object, Object> tracker =
        new ServiceTracker<>(context, context.createFilter("(objectClass=" + objectClass + ")"), null) {
          @Override
          public Object addingService(ServiceReference<Object> reference) {
            registered.countDown();
            return reference;
          }
        };
    tracker.open(true);
    try {
      return registered.await(timeoutMs, TimeUnit.MILLISECONDS);
    } finally {
      tracker.close();
    }
  }

  /** Stops the framework and waits for it; used by the shutdown hook (SIGTERM, Ctrl-C). */
  private void stop(Framework framework) {
    try {
      if ((framework.getState() & (Bundle.STARTING | Bundle.ACTIVE | Bundle.STOPPING)) != 0) {
        framework.stop();
        framework.waitForStop(30_000);
        err.println("hearth: node stopped");
      }
    } catch (Exception e) {
      err.println("hearth: error while stopping the node: " + e);
    }
  }
}
