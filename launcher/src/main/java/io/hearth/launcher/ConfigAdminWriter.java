package io.hearth.launcher;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

/**
 * Writes a {@link NodeConfiguration} through the framework's Config Admin service.
 *
 * <p>By reflection on purpose: the launcher's class loader must not carry its own copy of
 * {@code org.osgi.service.cm}, or its classes would differ from the ones the bundles see. The
 * methods used take and return only JDK types, so reflection through the interface that the
 * Config Admin bundle wires to is enough.
 */
final class ConfigAdminWriter {

  static final String CONFIGURATION_ADMIN = "org.osgi.service.cm.ConfigurationAdmin";

  private ConfigAdminWriter() {}

  /**
   * Creates or replaces each configuration, bound to any bundle (location "?").
   *
   * @throws IllegalStateException if there is configuration to write and no Config Admin
   */
  static void apply(BundleContext context, NodeConfiguration configuration) throws Exception {
    if (configuration.byPid().isEmpty()) {
      return;
    }
    ServiceReference<?> ref = context.getServiceReference(CONFIGURATION_ADMIN);
    if (ref == null) {
      throw new IllegalStateException("no " + CONFIGURATION_ADMIN + " service to configure the node");
    }
    Object admin = context.getService(ref);
    try {
      Class<?> adminType = ref.getBundle().loadClass(CONFIGURATION_ADMIN);
      Method get = adminType.getMethod("getConfiguration", String.class, String.class);
      Method getFactory =
          adminType.getMethod("getFactoryConfiguration", String.class, String.class, String.class);
      Method update = null;
      for (Map.Entry<String, Map<String, String>> e : configuration.byPid().entrySet()) {
        String pid = e.getKey();
        int tilde = pid.indexOf('~');
        Object config =
            tilde < 0
                ? get.invoke(admin, pid, "?")
                : getFactory.invoke(admin, pid.substring(0, tilde), pid.substring(tilde + 1), "?");
        if (update == null) {
          update = ref.getBundle().loadClass("org.osgi.service.cm.Configuration")
              .getMethod("update", Dictionary.class);
        }
        update.invoke(config, new Hashtable<>(e.getValue()));
      }
    } catch (InvocationTargetException e) {
      throw e.getCause() instanceof Exception cause ? cause : e;
    } finally {
      context.ungetService(ref);
    }
  }
}
