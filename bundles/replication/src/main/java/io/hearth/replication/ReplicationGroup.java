package io.hearth.replication;

import java.util.concurrent.CompletableFuture;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The replication group this node belongs to, for operators and the shell: its status and
 * membership changes. Registered as an OSGi service by the replication bundle while its log
 * runs; usable as plain Java too.
 *
 * <p>Membership changes go through the Raft leader and complete when the new configuration is
 * committed. On a node that is not the leader they fail at once with
 * {@link io.hearth.store.NotLeaderException} naming the leader when known. Only one change may
 * be in progress at a time. Threading: any thread.
 */
@ProviderType
public interface ReplicationGroup {

  /** The group as this node sees it now. Never blocks. */
  GroupStatus status();

  /**
   * Adds a voting member. The new node must already run with an empty configuration (it joins,
   * it does not form its own group); the leader first brings it up to date, by log or by
   * snapshot, then commits the new configuration.
   *
   * @param id the new member's node id
   * @param address where the group reaches it, {@code host:port}
   * @return completes when the configuration that includes it is committed; fails with
   *     {@link io.hearth.store.NotLeaderException} on a non-leader, with
   *     {@link IllegalArgumentException} if the id is already a member, or with
   *     {@link io.hearth.store.StoreException} if the change is refused or times out
   */
  CompletableFuture<Void> addMember(String id, String address);

  /**
   * Removes a voting member (possibly the leader itself, which then steps down).
   *
   * @return completes when the configuration without it is committed; fails like
   *     {@link #addMember}, and with {@link IllegalArgumentException} if {@code id} is not a
   *     member or is the last one
   */
  CompletableFuture<Void> removeMember(String id);

  /**
   * Hands leadership to another voting member: the leader waits until {@code id} has every
   * entry, then asks it to start an election at once, so the group is without a leader for one
   * round trip rather than an election timeout. For maintenance (stopping or upgrading the
   * leader's node) and for tests that need the leader somewhere else.
   *
   * @param id the member to lead next; this node's own id completes at once
   * @return completes when {@code id} leads; fails with {@link io.hearth.store.NotLeaderException}
   *     on a non-leader, with {@link IllegalArgumentException} if {@code id} is not a member,
   *     or with {@link io.hearth.store.StoreException} if a membership change is in progress or
   *     {@code id} was not elected in time
   * @since 0.2
   */
  CompletableFuture<Void> transferLeadership(String id);
}
