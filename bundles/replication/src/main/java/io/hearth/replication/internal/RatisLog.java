package io.hearth.replication.internal;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.Member;
import io.hearth.replication.ReplicationGroup;
import io.hearth.store.NotLeaderException;
import io.hearth.store.StoreException;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.proto.RaftProtos.ServerRpcProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.UnsafeByteOperations;
import org.apache.ratis.util.ExitUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link ReplicatedLog} over Apache Ratis (GRPC transport), and the
 * {@link ReplicationGroup} of its node. Plain Java: the OSGi component only wires it.
 *
 * <p>The Raft server runs while an applier is attached: {@link #attach} starts it (recovering
 * the newest valid snapshot and the log after it from the data directory), {@link #detach} and
 * {@link #close} stop it. Requests go straight to the local server, without a Raft client:
 * {@link #propose} only on the leader (a follower fails fast with {@link NotLeaderException});
 * {@link #readBarrier} as a linearizable read-only request, which a follower serves by asking
 * the leader for a read index and waiting until it has applied up to it.
 *
 * <p>Leadership changes reach the applier on one notifier thread, in order, never on a Ratis
 * thread: the applier may register services there.
 */
public final class RatisLog implements ReplicatedLog, ReplicationGroup, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RatisLog.class);
  private static final long SINGLE_NODE_READY_MS = 10_000;
  /** How long a starting node waits to have applied what its log says is committed. */
  private static final long REPLAY_WAIT_MS = 60_000;

  static {
    keepRatisFromExitingTheJvm();
  }

  /**
   * Ratis ends the process on some failures (a gRPC port that cannot be bound calls {@code
   * System.exit(1)}), and the first use of its {@code ExitUtils} replaces the JVM's default
   * uncaught-exception handler with one that exits on any uncaught exception in any thread.
   * Embedded in a container that serves much else, a node must fail to start with an error
   * instead: exits become exceptions, and the previous default handler is put back.
   */
  static void keepRatisFromExitingTheJvm() {
    Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
    ExitUtils.disableSystemExit(); // initializes ExitUtils, which installs its handler
    ExitUtils.setTerminateOnUncaughtException(false);
    Thread.setDefaultUncaughtExceptionHandler(previous);
  }

  private final RatisSettings settings;
  private final RaftPeerId peerId;
  private final RaftGroupId groupId;
  private final ServerRequests requests;
  private final ExecutorService notifier;
  private volatile Node node;

  public RatisLog(RatisSettings settings) {
    this.settings = settings;
    this.peerId = RaftPeerId.valueOf(settings.nodeId());
    this.groupId = groupId(settings.groupName());
    this.requests = new ServerRequests(peerId, groupId, settings.requestTimeout(), this::leader);
    this.notifier = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hearth-leadership-" + settings.nodeId());
      t.setDaemon(true);
      return t;
    });
  }

  /** The Raft group id of a group name: the same on every member. */
  static RaftGroupId groupId(String groupName) {
    return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
        ("hearth-group:" + groupName).getBytes(StandardCharsets.UTF_8)));
  }

  public RatisSettings settings() {
    return settings;
  }

  // ---------------------------------------------------------------- lifecycle

  /**
   * Attaches the state machine and starts this node's Raft server.
   *
   * @throws IllegalStateException if another applier is attached
   * @throws CorruptSnapshotException if the state cannot be recovered: the newest snapshot is
   *     corrupt and the log no longer holds the entries after an older one
   * @throws StoreException if the server cannot start (port in use, unreadable data directory)
   */
  @Override
  public synchronized void attach(LogApplier applier) {
    Node current = node;
    if (current != null) {
      if (current.applier == applier) {
        return;
      }
      throw new IllegalStateException("another applier is attached to log " + localId());
    }
    node = start(applier);
  }

  @Override
  public synchronized void detach(LogApplier applier) {
    Node current = node;
    if (current != null && current.applier == applier) {
      stop(current);
    }
  }

  /** Stops the Raft server (if running) and the notifier. */
  @Override
  public synchronized void close() {
    Node current = node;
    if (current != null) {
      stop(current);
    }
    notifier.shutdown();
  }

  private Node start(LogApplier applier) {
    long started = System.nanoTime();
    Node n = new Node(applier);
    n.sm = new HearthStateMachine(settings.nodeId(), applier, n, settings.fsync());
    RaftServer server = null;
    try (BundleLoader ignored = BundleLoader.enter()) {
      server = RaftServer.newBuilder()
          .setServerId(peerId)
          .setGroup(initialGroup())
          .setStateMachine(n.sm)
          .setProperties(RatisProperties.of(settings))
          .setOption(RaftStorage.StartupOption.RECOVER)
          .build();
      n.server = server;
      server.start();
      n.division = server.getDivision(groupId);
    } catch (IOException | RuntimeException e) {
      // A half-started server keeps non-daemon threads alive: always close it.
      closeQuietly(server, n);
      throw startFailure(e, n);
    }
    LOG.info("replication node {} started at {} in {} ms (data: {}, applied index {})",
        settings.nodeId(), settings.address(),
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started), settings.dataDir(),
        n.sm.appliedIndex());
    awaitReplay(n);
    if (isSingleMember(n)) {
      // Alone in its group, the node elects itself: wait for that so the first write works.
      try {
        n.ready.get(SINGLE_NODE_READY_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
        LOG.warn("single-member group {}: not leader after {} ms", settings.nodeId(),
            SINGLE_NODE_READY_MS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return n;
  }

  /**
   * Waits until the entries this node knows to be committed (from the last commit mark in its
   * own log) are applied, so the store that attaches serves the state it had, not an empty one
   * that fills up behind its readers' backs. Bounded: a very long log is still being applied
   * when the wait gives up, and the store then catches up while it serves.
   */
  private void awaitReplay(Node n) {
    long committed = n.division.getRaftLog().getLastCommittedIndex();
    if (n.sm.appliedIndex() >= committed) {
      return;
    }
    long started = System.nanoTime();
    try {
      n.sm.appliedUpTo(committed).get(REPLAY_WAIT_MS, TimeUnit.MILLISECONDS);
      LOG.info("replication node {} replayed its log up to index {} in {} ms", settings.nodeId(),
          committed, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (TimeoutException | java.util.concurrent.ExecutionException e) {
      LOG.warn("replication node {}: log replay to index {} not done after {} ms (at {}); "
          + "serving while it continues", settings.nodeId(), committed, REPLAY_WAIT_MS,
          n.sm.appliedIndex());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private RaftGroup initialGroup() {
    List<RaftPeer> peers = new ArrayList<>();
    for (Map.Entry<String, String> e : settings.initialMembers().entrySet()) {
      peers.add(RaftPeer.newBuilder().setId(e.getKey()).setAddress(e.getValue()).build());
    }
    return RaftGroup.valueOf(groupId, peers);
  }

  private boolean isSingleMember(Node n) {
    List<RaftPeer> peers = new ArrayList<>(n.division.getRaftConf().getCurrentPeers());
    return peers.size() == 1 && peers.get(0).getId().equals(peerId);
  }

  private StoreException startFailure(Exception e, Node n) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StoreException store) {
        return store;
      }
    }
    CorruptSnapshotException skipped = n.sm.skippedCorruption();
    String message = "replication node " + settings.nodeId() + " at " + settings.address()
        + " cannot start: " + e;
    return skipped != null ? new CorruptSnapshotException(message, e)
        : new StoreException(message, e);
  }

  private void stop(Node n) {
    node = null;
    closeQuietly(n.server, n);
    // After the server's own shutdown events: tell the applier it no longer leads, then
    // deliver nothing more to it.
    CompletableFuture<Void> drained = CompletableFuture.runAsync(() -> {
      n.deliver(false);
      n.detached = true;
    }, notifier);
    try {
      drained.get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      n.detached = true;
      LOG.warn("leadership notifier of {} did not drain", settings.nodeId(), e);
    }
    LOG.info("replication node {} stopped", settings.nodeId());
  }

  private void closeQuietly(RaftServer server, Node n) {
    try (BundleLoader ignored = BundleLoader.enter()) {
      if (server != null) {
        server.close();
      } else {
        n.sm.close();
      }
    } catch (IOException | RuntimeException e) {
      LOG.warn("error closing replication node {}", settings.nodeId(), e);
    }
  }

  // ---------------------------------------------------------------- ReplicatedLog

  @Override
  public CompletableFuture<Long> propose(byte[] entry) {
    Node n = node;
    try {
      requireLeader(n, "node " + localId() + " is not the leader");
    } catch (StoreException refused) {
      return CompletableFuture.failedFuture(refused);
    }
    // The entry array is ours alone from here on: wrap it rather than copy it.
    Message message = Message.valueOf(UnsafeByteOperations.unsafeWrap(entry));
    return requests.submit(n.server, n.division, message, RaftClientRequest.writeRequestType(),
        settings.requestTimeout().multipliedBy(10).toMillis(), RaftClientReply::getLogIndex);
  }

  @Override
  public CompletableFuture<Void> readBarrier() {
    Node n = node;
    StoreException refused = refusal(n);
    if (refused != null) {
      return CompletableFuture.failedFuture(refused);
    }
    return requests.submit(n.server, n.division, Message.EMPTY,
        RaftClientRequest.readRequestType(), settings.requestTimeout().multipliedBy(2).toMillis(),
        reply -> null);
  }

  /** Why {@code n} cannot serve at all, or null. */
  private StoreException refusal(Node n) {
    if (n == null) {
      return new NotLeaderException("replication node " + localId() + " is not running", null);
    }
    return n.failure;
  }

  @Override
  public boolean isLeader() {
    return isLeader(node);
  }

  private static boolean isLeader(Node n) {
    return n != null && n.failure == null && n.division.getInfo().isLeader()
        && n.division.getInfo().isLeaderReady();
  }

  @Override
  public Optional<String> leader() {
    return Optional.ofNullable(leaderOf(node));
  }

  private static String leaderOf(Node n) {
    return n == null ? null : Replies.id(n.division.getInfo().getLeaderId()).orElse(null);
  }

  @Override
  public String localId() {
    return settings.nodeId();
  }

  // ---------------------------------------------------------------- ReplicationGroup

  @Override
  public GroupStatus status() {
    Node n = node;
    if (n == null) {
      return new GroupStatus(localId(), Optional.empty(), List.of(), 0, 0, 0, -1, false);
    }
    List<Member> members = new ArrayList<>();
    for (RaftPeer p : n.division.getRaftConf().getCurrentPeers()) {
      members.add(new Member(p.getId().toString(), p.getAddress()));
    }
    return new GroupStatus(localId(), leader(), members, n.division.getInfo().getCurrentTerm(),
        n.division.getRaftLog().getLastCommittedIndex(), n.sm.appliedIndex(),
        n.sm.latestSnapshotIndex(), n.failure == null, lastContact(n));
  }

  /** Time since the last exchange with each member this node talks to (Ratis's role info). */
  private static Map<String, Duration> lastContact(Node n) {
    RoleInfoProto role = n.division.getInfo().getRoleInfoProto();
    Map<String, Duration> contact = new HashMap<>();
    if (role.hasLeaderInfo()) {
      for (ServerRpcProto follower : role.getLeaderInfo().getFollowerInfoList()) {
        contact.put(follower.getId().getId().toStringUtf8(),
            Duration.ofMillis(follower.getLastRpcElapsedTimeMs()));
      }
    } else if (role.hasFollowerInfo() && role.getFollowerInfo().hasLeaderInfo()) {
      ServerRpcProto leader = role.getFollowerInfo().getLeaderInfo();
      contact.put(leader.getId().getId().toStringUtf8(),
          Duration.ofMillis(leader.getLastRpcElapsedTimeMs()));
    }
    contact.remove(n.division.getId().toString());
    contact.remove("");
    return contact;
  }

  @Override
  public CompletableFuture<Void> addMember(String id, String address) {
    return asLeader("membership changes go through the leader",
        n -> requests.addMember(n.server, n.division.getRaftConf(), id, address));
  }

  @Override
  public CompletableFuture<Void> removeMember(String id) {
    return asLeader("membership changes go through the leader",
        n -> requests.removeMember(n.server, n.division.getRaftConf(), id));
  }

  @Override
  public CompletableFuture<Void> transferLeadership(String id) {
    return asLeader("leadership is handed over by the leader",
        n -> requests.transferLeadership(n.server, n.division.getRaftConf(), id));
  }

  /** {@code call} on this node if it leads, else a future failed with why it cannot. */
  private CompletableFuture<Void> asLeader(String what,
      Function<Node, CompletableFuture<Void>> call) {
    Node n = node;
    try {
      requireLeader(n, what);
      return call.apply(n);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  /** Throws why {@code n} cannot act as the group's leader, if it cannot. */
  private void requireLeader(Node n, String what) {
    StoreException refused = refusal(n);
    if (refused == null && !isLeader(n)) {
      refused = new NotLeaderException(what, leaderOf(n));
    }
    if (refused != null) {
      throw refused;
    }
  }

  // ---------------------------------------------------------------- for tests

  /** The index of the first entry still in this node's Raft log, or -1 when not running. */
  long logStartIndex() {
    Node n = node;
    return n == null ? -1 : n.division.getRaftLog().getStartIndex();
  }

  /** The running state machine, or null. */
  HearthStateMachine stateMachine() {
    Node n = node;
    return n == null ? null : n.sm;
  }

  // ---------------------------------------------------------------- one run of the server

  /** One start of the Raft server with one applier; receives its state machine's events. */
  private final class Node implements HearthStateMachine.Events {
    final LogApplier applier;
    final CompletableFuture<Void> ready = new CompletableFuture<>();
    HearthStateMachine sm;
    RaftServer server;
    RaftServer.Division division;
    volatile StoreException failure;
    volatile boolean detached;
    private boolean notifiedLeader; // notifier thread only

    Node(LogApplier applier) {
      this.applier = applier;
    }

    @Override
    public void leaderReady() {
      ready.complete(null);
      notify(true);
    }

    @Override
    public void notLeader() {
      notify(false);
    }

    @Override
    public void leaderChanged(RaftPeerId newLeader) {
      if (!peerId.equals(newLeader)) {
        notify(false);
      }
    }

    @Override
    public void failed(StoreException cause) {
      if (failure != null) {
        return;
      }
      failure = cause;
      LOG.error("replication node {} stops serving: {}", settings.nodeId(), cause.getMessage());
      notify(false);
      // Step out of the group so that another member leads; not on this (Ratis) thread.
      Thread stopper = new Thread(() -> {
        synchronized (RatisLog.this) {
          if (node == this) {
            stop(this);
          }
        }
      }, "hearth-replication-stop-" + settings.nodeId());
      stopper.setDaemon(true);
      stopper.start();
    }

    private void notify(boolean leader) {
      try {
        notifier.execute(() -> deliver(leader));
      } catch (java.util.concurrent.RejectedExecutionException e) {
        // closed: nobody to tell
      }
    }

    void deliver(boolean leader) {
      if (detached || leader == notifiedLeader) {
        return;
      }
      notifiedLeader = leader;
      try {
        applier.leadershipChanged(leader);
      } catch (RuntimeException e) {
        LOG.warn("applier failed on leadership change to {}", leader, e);
      }
    }
  }
}
