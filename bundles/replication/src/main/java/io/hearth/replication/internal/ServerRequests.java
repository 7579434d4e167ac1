package io.hearth.replication.internal;

import io.hearth.store.StoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientAsynchronousProtocol;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.SetConfigurationRequest;
import org.apache.ratis.protocol.TransferLeadershipRequest;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The requests a node makes to its own Raft server, without a Raft client: entries and read
 * indexes (client requests), membership changes and leadership transfers (admin requests). Each
 * reply, error or timeout becomes the store's exception ({@link Replies}). The caller has
 * checked that the node may make the request (it leads, for all but read indexes).
 */
final class ServerRequests {
  private static final Logger LOG = LoggerFactory.getLogger(ServerRequests.class);

  private final RaftPeerId peerId;
  private final RaftGroupId groupId;
  private final Duration requestTimeout;
  private final Supplier<Optional<String>> leader;
  private final ClientId clientId = ClientId.randomId();
  private final AtomicLong callIds = new AtomicLong();

  /**
   * @param leader the group's leader as this node knows it, named in the errors of refused
   *     requests
   */
  ServerRequests(RaftPeerId peerId, RaftGroupId groupId, Duration requestTimeout,
      Supplier<Optional<String>> leader) {
    this.peerId = peerId;
    this.groupId = groupId;
    this.requestTimeout = requestTimeout;
    this.leader = leader;
  }

  /** A client request ({@code type}: write or read index) of {@code message}, and its result. */
  <T> CompletableFuture<T> submit(RaftServer server, RaftServer.Division division,
      Message message, RaftClientRequest.Type type, long timeoutMs,
      Function<RaftClientReply, T> result) {
    RaftClientRequest request = RaftClientRequest.newBuilder()
        .setClientId(clientId)
        .setServerId(peerId)
        .setGroupId(groupId)
        .setCallId(callIds.incrementAndGet())
        .setMessage(message)
        .setType(type)
        .build();
    try {
      return settled(submitTo(server, division, request), timeoutMs, result);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(Replies.translate(e, leader.get()));
    }
  }

  /**
   * Hands {@code request} to the division directly when it takes client requests (the Ratis
   * 3.2 division does), else to the server. The server's own entry point runs the division's on
   * Ratis's client executor and blocks the caller until that returns: a thread hop and a wait
   * per entry on the proposer's thread, for nothing, since the proposer thread is not a gRPC
   * thread that must be kept free.
   */
  private static CompletableFuture<RaftClientReply> submitTo(RaftServer server,
      RaftServer.Division division, RaftClientRequest request) throws IOException {
    if (division instanceof RaftClientAsynchronousProtocol direct) {
      return direct.submitClientRequestAsync(request);
    }
    return server.submitClientRequestAsync(request);
  }

  CompletableFuture<Void> addMember(RaftServer server, RaftConfiguration conf, String id,
      String address) {
    return changeMembers(server, conf, peers -> {
      if (peers.stream().anyMatch(p -> p.getId().toString().equals(id))) {
        throw new IllegalArgumentException(id + " is already a member");
      }
      peers.add(RaftPeer.newBuilder().setId(id).setAddress(address).build());
    });
  }

  CompletableFuture<Void> removeMember(RaftServer server, RaftConfiguration conf, String id) {
    return changeMembers(server, conf, peers -> {
      if (!peers.removeIf(p -> p.getId().toString().equals(id))) {
        throw new IllegalArgumentException(id + " is not a member");
      }
      if (peers.isEmpty()) {
        throw new IllegalArgumentException(id + " is the last member");
      }
    });
  }

  private CompletableFuture<Void> changeMembers(RaftServer server, RaftConfiguration conf,
      Consumer<List<RaftPeer>> edit) {
    if (!conf.getPreviousPeers().isEmpty()) {
      throw new StoreException("a membership change is in progress: " + conf);
    }
    List<RaftPeer> peers = new ArrayList<>(conf.getCurrentPeers());
    edit.accept(peers);
    SetConfigurationRequest request = new SetConfigurationRequest(clientId, peerId, groupId,
        callIds.incrementAndGet(), peers);
    try (BundleLoader ignored = BundleLoader.enter()) {
      return settled(server.setConfigurationAsync(request),
          requestTimeout.multipliedBy(20).toMillis(), reply -> {
            LOG.info("membership of {} is now {}", groupId, peers);
            return null;
          });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(Replies.translate(e, leader.get()));
    }
  }

  CompletableFuture<Void> transferLeadership(RaftServer server, RaftConfiguration conf,
      String id) {
    if (peerId.toString().equals(id)) {
      return CompletableFuture.completedFuture(null);
    }
    if (conf.getCurrentPeers().stream().noneMatch(p -> p.getId().toString().equals(id))) {
      throw new IllegalArgumentException(id + " is not a member");
    }
    // Ratis waits this long for the new leader, then gives up and keeps leading.
    long timeoutMs = requestTimeout.multipliedBy(5).toMillis();
    TransferLeadershipRequest request = new TransferLeadershipRequest(clientId, peerId,
        groupId, callIds.incrementAndGet(), RaftPeerId.valueOf(id), timeoutMs);
    try (BundleLoader ignored = BundleLoader.enter()) {
      return settled(server.transferLeadershipAsync(request),
          timeoutMs + requestTimeout.toMillis(), reply -> {
            LOG.info("leadership of {} handed to {}", groupId, id);
            return null;
          });
    } catch (IOException e) {
      return CompletableFuture.failedFuture(Replies.translate(e, leader.get()));
    }
  }

  /**
   * What a Ratis call's reply means for the caller: {@code result} of a successful reply, else
   * the store's exception for the failure (a failed reply, an error, or no reply within {@code
   * timeoutMs}).
   */
  private <R extends RaftClientReply, T> CompletableFuture<T> settled(
      CompletableFuture<R> call, long timeoutMs, Function<? super R, T> result) {
    CompletableFuture<T> done = new CompletableFuture<>();
    call.orTimeout(timeoutMs, TimeUnit.MILLISECONDS).whenComplete((reply, error) -> {
      StoreException failed = error != null ? Replies.translate(error, leader.get())
          : Replies.failure(reply, leader.get());
      if (failed != null) {
        done.completeExceptionally(failed);
      } else {
        done.complete(result.apply(reply));
      }
    });
    return done;
  }
}
