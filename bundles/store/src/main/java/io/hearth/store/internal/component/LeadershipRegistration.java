package io.hearth.store.internal.component;

import io.hearth.store.Leadership;
import io.hearth.store.internal.HearthStore;
import java.util.Dictionary;
import java.util.Hashtable;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;

/**
 * Keeps the {@link Leadership} service registered exactly while this node leads. The bundle
 * declares the service capability, so that plugins requiring Leadership resolve (Karaf, bnd)
 * although no DS component provides it. Registered by
 * hand rather than as a DS component: it must follow the log's notifications at once, in order,
 * and DS's enable/disable would add its own asynchronous step in between.
 */
@Capability(namespace = "osgi.service",
    attribute = "objectClass:List<String>=io.hearth.store.Leadership", uses = Leadership.class)
final class LeadershipRegistration {
  private final BundleContext context;
  private final HearthStore store;
  private ServiceRegistration<Leadership> registration;
  private boolean closed;

  LeadershipRegistration(BundleContext context, HearthStore store) {
    this.context = context;
    this.store = store;
  }

  /**
   * Reads the log's current leadership under this registration's lock: a notification that
   * contradicts what was read can only come after, and then wins.
   */
  /** Withdraws the service for good: the store is going away. */
  synchronized void close() {
    changed(false);
    closed = true;
  }

  synchronized void refresh(java.util.function.BooleanSupplier isLeader) {
    changed(isLeader.getAsBoolean());
  }

  synchronized void changed(boolean leader) {
    if (leader && registration == null && !closed) {
      record Lead(String nodeId, long since) implements Leadership { }
      Lead lead = new Lead(store.nodeId(), store.version());
      Dictionary<String, Object> props = new Hashtable<>();
      props.put("hearth.node.id", lead.nodeId());
      props.put("hearth.leader.since", lead.since());
      registration = context.registerService(Leadership.class, lead, props);
    } else if (!leader && registration != null) {
      try {
        registration.unregister();
      } catch (IllegalStateException alreadyGone) {
        // the bundle is stopping and the framework withdrew it first
      }
      registration = null;
    }
  }
}
