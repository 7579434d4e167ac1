package io.hearth.replication.internal;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything a {@link RatisLog} needs to know about its node and group. Immutable; build one
 * with {@link #builder}.
 *
 * @param nodeId this node's id in the group
 * @param host the address the Raft RPC server binds to
 * @param port the Raft RPC port; 0 picks a free one, which only suits a group of this node
 *     alone (its recorded address is then not reachable by others)
 * @param dataDir where this node keeps its Raft log and snapshots
 * @param peers the initial voting members, id to {@code host:port}; empty means a group of
 *     this node alone. Used only the first time a data directory is formatted: afterwards the
 *     configuration stored in the log wins
 * @param join start with no configuration and wait to be added by the group's leader (a node
 *     joining an existing group), instead of forming a group from {@code peers}
 * @param groupName names the group; members of one group must agree on it
 * @param snapshotThreshold take a snapshot after this many applied entries
 * @param snapshotsRetained snapshot files kept on disk (the newest ones)
 * @param segmentSizeBytes size at which a Raft log segment is closed (only closed segments
 *     are purged after a snapshot)
 * @param rpcTimeoutMin lower bound of the randomized election timeout: a follower that hears
 *     from no leader for a random time in [min, max] starts an election
 * @param rpcTimeoutMax upper bound of the election timeout
 * @param requestTimeout timeout of one Raft RPC, and the bound on read barriers and
 *     membership changes
 * @param fsync whether log appends and snapshot files are forced to disk before they count
 * @param appenderWait the least time between two append requests the leader sends one
 *     follower: a new entry waits out what is left of it, so that entries arriving close
 *     together travel in one request. Zero sends each entry as soon as it is in the log
 * @param commitIndexEntries whether the leader also writes its commit index into the log, as
 *     an entry of its own (Ratis's "log metadata") after every commit. It lets a restarted
 *     replica apply its committed log before it hears from a leader; it also doubles the
 *     entries each write costs (written, replicated and forced to disk on every replica), so
 *     it is off unless configured
 */
public record RatisSettings(String nodeId, String host, int port, Path dataDir,
    Map<String, String> peers, boolean join, String groupName, long snapshotThreshold,
    int snapshotsRetained, long segmentSizeBytes, Duration rpcTimeoutMin,
    Duration rpcTimeoutMax, Duration requestTimeout, boolean fsync, Duration appenderWait,
    boolean commitIndexEntries) {

  public RatisSettings {
    Objects.requireNonNull(nodeId, "nodeId");
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(dataDir, "dataDir");
    Objects.requireNonNull(groupName, "groupName");
    peers = Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    if (nodeId.isBlank() || !nodeId.matches("[A-Za-z0-9._-]+")) {
      throw new IllegalArgumentException("node id must be letters, digits, '.', '_' or '-': '"
          + nodeId + "'");
    }
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port out of range: " + port);
    }
    if (!peers.isEmpty() && !join && !peers.containsKey(nodeId)) {
      throw new IllegalArgumentException("initial peers " + peers + " do not include this node "
          + nodeId);
    }
    if (snapshotThreshold <= 0 || snapshotsRetained <= 0 || segmentSizeBytes <= 0) {
      throw new IllegalArgumentException("snapshot threshold, snapshots retained and segment "
          + "size must be positive");
    }
    if (appenderWait.isNegative()) {
      throw new IllegalArgumentException("appender wait is negative: " + appenderWait);
    }
    if (rpcTimeoutMin.compareTo(rpcTimeoutMax) > 0) {
      throw new IllegalArgumentException("rpc timeout min " + rpcTimeoutMin + " > max "
          + rpcTimeoutMax);
    }
  }

  /** This node's {@code host:port}. */
  public String address() {
    return host + ":" + port;
  }

  /** The initial voting members: {@link #peers}, or this node alone when there are none. */
  public Map<String, String> initialMembers() {
    if (join) {
      return Map.of();
    }
    return peers.isEmpty() ? Map.of(nodeId, address()) : peers;
  }

  /**
   * Parses {@code id=host:port} pairs separated by commas (blanks ignored), e.g.
   * {@code n1=127.0.0.1:9871,n2=127.0.0.1:9872}.
   *
   * @throws IllegalArgumentException naming the malformed pair
   */
  public static Map<String, String> parsePeers(String text) {
    Map<String, String> peers = new LinkedHashMap<>();
    if (text == null) {
      return peers;
    }
    for (String pair : text.split(",")) {
      String p = pair.strip();
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      int colon = p.lastIndexOf(':');
      if (eq <= 0 || colon < eq + 2 || colon == p.length() - 1) {
        throw new IllegalArgumentException("peer '" + p + "' is not id=host:port");
      }
      peers.put(p.substring(0, eq).strip(), p.substring(eq + 1).strip());
    }
    return peers;
  }

  public static Builder builder(String nodeId, int port, Path dataDir) {
    return new Builder(nodeId, port, dataDir);
  }

  /** Builds settings from the defaults, which suit a production node. */
  public static final class Builder {
    private final String nodeId;
    private final int port;
    private final Path dataDir;
    private String host = "127.0.0.1";
    private Map<String, String> peers = Map.of();
    private boolean join;
    private String groupName = "hearth";
    private long snapshotThreshold = 10_000;
    private int snapshotsRetained = 2;
    private long segmentSizeBytes = 32L * 1024 * 1024;
    // 600-1200 ms, not 300-600: with the appender wait at 0, a 2-core host under batch load
    // missed heartbeats often enough for spurious elections at 300-600 (README, notes for the
    // next engineer); failover stays within 1.5 s.
    private Duration rpcTimeoutMin = Duration.ofMillis(600);
    private Duration rpcTimeoutMax = Duration.ofMillis(1200);
    private Duration requestTimeout = Duration.ofSeconds(3);
    private boolean fsync = true;
    // 0, not Ratis's 1 ms: each entry leaves at once (lower latency, more small writes per
    // second); measured against 1 ms in the README, notes for the next engineer.
    private Duration appenderWait = Duration.ZERO;
    // Off, not Ratis's on: one log entry per write instead of two. Single-writer p50 ~2.0 ->
    // ~1.0 ms and 64 writers ~13.8k -> ~17.5k tx/s on a 2-core host (README, notes for the
    // next engineer). A restarted replica then applies its log tail once a leader commits.
    private boolean commitIndexEntries;

    private Builder(String nodeId, int port, Path dataDir) {
      this.nodeId = nodeId;
      this.port = port;
      this.dataDir = dataDir;
    }

    public Builder host(String value) {
      host = value;
      return this;
    }

    public Builder peers(Map<String, String> value) {
      peers = value;
      return this;
    }

    public Builder join(boolean value) {
      join = value;
      return this;
    }

    public Builder groupName(String value) {
      groupName = value;
      return this;
    }

    public Builder snapshotThreshold(long value) {
      snapshotThreshold = value;
      return this;
    }

    public Builder snapshotsRetained(int value) {
      snapshotsRetained = value;
      return this;
    }

    public Builder segmentSizeBytes(long value) {
      segmentSizeBytes = value;
      return this;
    }

    public Builder rpcTimeout(Duration min, Duration max) {
      rpcTimeoutMin = min;
      rpcTimeoutMax = max;
      return this;
    }

    public Builder requestTimeout(Duration value) {
      requestTimeout = value;
      return this;
    }

    public Builder fsync(boolean value) {
      fsync = value;
      return this;
    }

    public Builder appenderWait(Duration value) {
      appenderWait = value;
      return this;
    }

    public Builder commitIndexEntries(boolean value) {
      commitIndexEntries = value;
      return this;
    }

    public RatisSettings build() {
      return new RatisSettings(nodeId, host, port, dataDir, peers, join, groupName,
          snapshotThreshold, snapshotsRetained, segmentSizeBytes, rpcTimeoutMin, rpcTimeoutMax,
          requestTimeout, fsync, appenderWait, commitIndexEntries);
    }
  }
}
