package io.hearth.replication.internal.component;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.ReplicationGroup;
import io.hearth.replication.internal.RatisLog;
import io.hearth.replication.internal.RatisSettings;
import io.hearth.replication.internal.TransportThreads;
import io.hearth.store.spi.ForwardingReplicatedLog;
import io.hearth.store.spi.ReplicatedLog;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Provides the Ratis-backed {@link ReplicatedLog} (ranking 100, above the store's in-process
 * log) and the {@link ReplicationGroup} of this node, once configured (PID
 * {@code io.hearth.replication}). The Raft server starts when the store attaches to the log
 * and stops when it detaches or this component deactivates; a configuration change restarts
 * the component (and so the store built on it), since a different node is a different log.
 */
@Component(service = {ReplicatedLog.class, ReplicationGroup.class},
    configurationPid = "io.hearth.replication",
    configurationPolicy = ConfigurationPolicy.REQUIRE,
    property = {"service.ranking:Integer=100", "hearth.log=ratis"})
@Designate(ocd = ReplicationComponent.Config.class)
public final class ReplicationComponent extends ForwardingReplicatedLog
    implements ReplicationGroup {
  private static final Logger LOG = LoggerFactory.getLogger(ReplicationComponent.class);
  /** How long a stopping component waits for gRPC's shared threads (they linger ~1 s). */
  private static final Duration TRANSPORT_EXIT = Duration.ofSeconds(5);

  /** Configuration of this node's membership in the replication group. */
  @ObjectClassDefinition(name = "Hearth replication",
      description = "This node's Raft (Apache Ratis) server: identity, address, data, peers, "
          + "snapshots and timeouts.")
  public @interface Config {
    @AttributeDefinition(name = "Node id", description = "This node's id, unique in the group.")
    String node_id();

    @AttributeDefinition(name = "Bind address", description = "Address the Raft RPC binds to.")
    String bind_address() default "127.0.0.1";

    @AttributeDefinition(name = "Port", description = "Raft RPC port.")
    int port() default 9871;

    @AttributeDefinition(name = "Data directory",
        description = "Where this node keeps its Raft log and snapshots.")
    String data_dir();

    @AttributeDefinition(name = "Initial peers",
        description = "id=host:port pairs separated by commas, this node included; empty: a "
            + "group of this node alone. Read only when the data directory is new.")
    String initial_peers() default "";

    @AttributeDefinition(name = "Join",
        description = "Start without a configuration and wait to be added by the leader.")
    boolean join() default false;

    @AttributeDefinition(name = "Group name", description = "Members of one group agree on it.")
    String group_name() default "hearth";

    @AttributeDefinition(name = "Snapshot threshold",
        description = "Take a snapshot after this many applied entries.")
    long snapshot_threshold() default 10_000;

    @AttributeDefinition(name = "Snapshots retained", description = "Snapshot files kept.")
    int snapshots_retained() default 2;

    @AttributeDefinition(name = "Log segment size",
        description = "Bytes at which a log segment is closed (only closed ones are purged).")
    long log_segment_size() default 32L * 1024 * 1024;

    @AttributeDefinition(name = "RPC timeout min (ms)",
        description = "Lower bound of the election timeout: a follower that hears no leader "
            + "for a random time between min and max starts an election.")
    long rpc_timeout_min_ms() default 600;

    @AttributeDefinition(name = "RPC timeout max (ms)",
        description = "Upper bound of the election timeout.")
    long rpc_timeout_max_ms() default 1200;

    @AttributeDefinition(name = "Request timeout (ms)",
        description = "One Raft RPC; also bounds read barriers and membership changes.")
    long request_timeout_ms() default 3000;

    @AttributeDefinition(name = "Fsync",
        description = "Force log appends and snapshots to disk before they count.")
    boolean fsync() default true;

    @AttributeDefinition(name = "Appender wait (ms)",
        description = "Least time between two append requests to one follower; entries that "
            + "arrive within it travel together. 0 (the default) sends each entry at once: "
            + "lower latency and more small writes per second. A wait above 0 pairs with the "
            + "store's max_entries_in_flight at 2.")
    long appender_wait_ms() default 0;

    @AttributeDefinition(name = "Commit index entries",
        description = "Also write the commit index into the Raft log after every commit (Ratis's "
            + "log metadata), so that a restarted replica applies its committed log before it "
            + "hears from a leader. It doubles the log entries of every write; off by default.")
    boolean commit_index_entries() default false;
  }

  private final RatisLog log;

  @Activate
  public ReplicationComponent(Config config) {
    this.log = new RatisLog(settings(config));
  }

  static RatisSettings settings(Config c) {
    return RatisSettings.builder(c.node_id(), c.port(), Path.of(c.data_dir()))
        .host(c.bind_address())
        .peers(RatisSettings.parsePeers(c.initial_peers()))
        .join(c.join())
        .groupName(c.group_name())
        .snapshotThreshold(c.snapshot_threshold())
        .snapshotsRetained(c.snapshots_retained())
        .segmentSizeBytes(c.log_segment_size())
        .rpcTimeout(Duration.ofMillis(c.rpc_timeout_min_ms()),
            Duration.ofMillis(c.rpc_timeout_max_ms()))
        .requestTimeout(Duration.ofMillis(c.request_timeout_ms()))
        .appenderWait(Duration.ofMillis(c.appender_wait_ms()))
        .commitIndexEntries(c.commit_index_entries())
        .fsync(c.fsync())
        .build();
  }

  @Deactivate
  void deactivate() {
    log.close();
    // Ratis started its transport under this bundle's class loader (BundleLoader); let those
    // threads end before the bundle's wiring can go away.
    ClassLoader bundle = RatisLog.class.getClassLoader();
    if (!TransportThreads.awaitExit(bundle, TRANSPORT_EXIT)) {
      LOG.warn("replication: gRPC threads still running {} after the node stopped: {}",
          TRANSPORT_EXIT, TransportThreads.of(bundle));
    }
  }

  @Override
  protected ReplicatedLog delegate() {
    return log;
  }

  @Override
  public GroupStatus status() {
    return log.status();
  }

  @Override
  public CompletableFuture<Void> addMember(String id, String address) {
    return log.addMember(id, address);
  }

  @Override
  public CompletableFuture<Void> removeMember(String id) {
    return log.removeMember(id);
  }

  @Override
  public CompletableFuture<Void> transferLeadership(String id) {
    return log.transferLeadership(id);
  }
}
