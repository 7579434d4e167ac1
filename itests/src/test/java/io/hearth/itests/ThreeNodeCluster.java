package io.hearth.itests;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.ReplicationGroup;
import io.hearth.store.Leadership;
import io.hearth.store.StoreService;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Hashtable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.osgi.framework.BundleContext;
import org.osgi.service.cm.Configuration;
import org.osgi.service.cm.ConfigurationAdmin;
import org.osgi.util.tracker.ServiceTracker;

/**
 * A three-node Hearth control plane: node {@value #A} is this Pax Exam framework (its bundles
 * under test, replication configured through Config Admin), nodes {@code b} and {@code c} are
 * launcher processes ({@link LauncherNode}) with the same bundles, plugins included.
 *
 * <p>Formed so that {@value #A} leads, deterministically: it starts as a group of one (it
 * elects itself), {@code b} and {@code c} start empty ({@code join = true}) and {@value #A} adds
 * them with {@link ReplicationGroup#addMember}. Data and output under a temp directory, Raft
 * ports on 127.0.0.1 picked free, fsync off. The default election timeout (600-1200 ms) suits
 * three JVMs on two cores: a spurious election would move the leader under a test.
 */
final class ThreeNodeCluster implements AutoCloseable {
  static final String A = "a";
  private static final List<String> RAFT_SETTINGS =
      List.of("fsync = false");
  private static final String REPLICATION_PID = "io.hearth.replication";
  private static final String STORE_PID = "io.hearth.store";

  private final BundleContext context;
  private final OsgiSupport osgi;
  private final Duration timeout;
  private final Path root;
  private final Map<String, LauncherNode> launchers = new LinkedHashMap<>();
  private final ServiceTracker<StoreService, StoreService> stores;
  private ConfigurationAdmin cm;
  private ReplicationGroup group;

  private ThreeNodeCluster(BundleContext context, OsgiSupport osgi, Duration timeout, Path root)
      throws Exception {
    this.context = context;
    this.osgi = osgi;
    this.timeout = timeout;
    this.root = root;
    // Only a store built on the Ratis log: its configuration (log.target) is a service property.
    this.stores = new ServiceTracker<>(context, context.createFilter(
        "(&(objectClass=" + StoreService.class.getName() + ")(log.target=*))"), null);
    stores.open();
  }

  /** Forms the group; on any failure, what was started is stopped before this throws. */
  static ThreeNodeCluster start(BundleContext context, OsgiSupport osgi, Duration timeout)
      throws Exception {
    ThreeNodeCluster cluster = new ThreeNodeCluster(context, osgi, timeout,
        Files.createTempDirectory("hearth-three-nodes"));
    try {
      cluster.form();
      return cluster;
    } catch (Throwable t) {
      try {
        cluster.close();
      } catch (Throwable suppressed) {
        t.addSuppressed(suppressed);
      }
      throw t;
    }
  }

  private void form() throws Exception {
    List<Integer> ports = freePorts(3);
    // The launcher JVMs start while this framework configures itself.
    launchers.put("b", LauncherNode.startJoining("b", ports.get(1), root, RAFT_SETTINGS));
    launchers.put("c", LauncherNode.startJoining("c", ports.get(2), root, RAFT_SETTINGS));

    cm = osgi.awaitService(ConfigurationAdmin.class);
    Hashtable<String, Object> replication = new Hashtable<>();
    replication.put("node.id", A);
    replication.put("port", Integer.toString(ports.get(0)));
    replication.put("data.dir", root.resolve(A).toString());
    for (String setting : RAFT_SETTINGS) {
      String[] kv = setting.split("=");
      replication.put(kv[0].trim(), kv[1].trim());
    }
    cm.getConfiguration(REPLICATION_PID, "?").update(replication);
    Hashtable<String, Object> store = new Hashtable<>();
    store.put("log.target", "(hearth.log=ratis)");
    cm.getConfiguration(STORE_PID, "?").update(store);
    group = osgi.awaitService(ReplicationGroup.class);
    store();
    awaitLeader(A);

    for (LauncherNode node : launchers.values()) {
      node.awaitReady(timeout);
      group.addMember(node.id, node.address()).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }
    osgi.awaitValue("three members", () -> group.status(), s -> s.members().size() == 3);
    awaitLeader(A);
  }

  /** Node {@value #A}'s store (the current registration: the store bundle may have restarted). */
  StoreService store() throws InterruptedException {
    StoreService store = stores.waitForService(timeout.toMillis());
    if (store == null) {
      throw new AssertionError("no Ratis-backed StoreService on " + A + " within " + timeout);
    }
    return store;
  }

  /** Node {@value #A}'s replication group. */
  ReplicationGroup group() {
    return group;
  }

  /** The leader node {@value #A} knows of, if any. */
  Optional<String> leader() {
    return group.status().leaderId();
  }

  /**
   * Waits until {@value #A} sees {@code id} lead; if that is {@value #A}, also until it
   * registered Leadership (it leads and has applied every earlier entry), else until it has
   * none.
   */
  void awaitLeader(String id) throws InterruptedException {
    osgi.awaitValue(id + " leads (as " + A + " sees it)", () -> describeLeadership(),
        s -> s.startsWith("leader " + id + ",") && s.endsWith(A.equals(id) ? "yes" : "no"));
  }

  private String describeLeadership() {
    GroupStatus status = group.status();
    return "leader " + status.leaderId().orElse("?") + ", Leadership on " + A + ": "
        + (context.getServiceReference(Leadership.class) != null ? "yes" : "no");
  }

  /**
   * Moves leadership to {@code id}. The transfer must be asked of the leader: {@value #A}
   * asks its own {@link ReplicationGroup}; a launcher node is asked through its Gogo shell.
   */
  void transferLeadership(String id) throws Exception {
    String leader = osgi.awaitValue("a leader", () -> leader().orElse(null), l -> true);
    if (leader.equals(id)) {
      return;
    }
    // A newly elected leader refuses a transfer until it is ready (has applied every earlier
    // entry); a restarted A that wins the election back is often asked at once.
    awaitLeader(leader);
    if (leader.equals(A)) {
      group.transferLeadership(id).get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } else {
      LauncherNode node = launchers.get(leader);
      node.shell("group = $.context service ($.context serviceReference "
          + ReplicationGroup.class.getName() + ")");
      node.shell("$group transferLeadership " + id);
    }
    awaitLeader(id);
  }

  LauncherNode launcher(String id) {
    return launchers.get(id);
  }

  /** Who leads, the group as {@value #A} sees it, and the end of each launcher's output. */
  String describe() {
    StringBuilder out = new StringBuilder();
    out.append(group == null ? "no group" : group.status().toString()).append('\n');
    for (LauncherNode node : launchers.values()) {
      out.append("---- node ").append(node.id).append(node.alive() ? "" : " (exited)")
          .append(":\n").append(node.tail()).append('\n');
    }
    return out.toString();
  }

  /**
   * Stops {@value #A}'s Raft server first (its replication configuration removed; waits until
   * the component is gone, so that nothing of it is left running when the framework stops),
   * then kills the launcher processes (bounded waits) and deletes the data.
   */
  @Override
  public void close() throws Exception {
    Throwable failed = null;
    try {
      stores.close();
      if (cm != null) {
        Configuration replication = cm.getConfiguration(REPLICATION_PID, "?");
        if (replication.getProperties() != null) {
          replication.delete();
          osgi.awaitValue("replication on " + A + " stopped",
              () -> context.getServiceReference(ReplicationGroup.class) == null, gone -> gone);
        }
      }
    } catch (Throwable t) {
      failed = t;
    }
    for (LauncherNode node : launchers.values()) {
      try {
        node.close();
      } catch (Throwable t) {
        failed = failed == null ? t : failed;
      }
    }
    try (Stream<Path> files = Files.walk(root)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
    if (failed instanceof Exception e) {
      throw e;
    } else if (failed instanceof Error e) {
      throw e;
    }
  }

  private static List<Integer> freePorts(int count) throws IOException {
    Set<Integer> ports = new HashSet<>();
    while (ports.size() < count) {
      try (ServerSocket s = new ServerSocket(0)) {
        ports.add(s.getLocalPort());
      }
    }
    return List.copyOf(ports);
  }
}
