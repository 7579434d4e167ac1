package io.hearth.replication;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A point-in-time view of the replication group as this node sees it. Indexes are Raft log
 * indexes; a node that is not running reports an empty member list and zero indexes.
 *
 * @param localId this node's id
 * @param leaderId the leader this node knows of, if any (possibly itself)
 * @param members the voting members of the current configuration
 * @param term this node's current Raft term
 * @param commitIndex the highest log index this node knows to be committed
 * @param appliedIndex the highest log index applied to this node's state
 * @param latestSnapshotIndex the log index of this node's newest complete snapshot, or -1
 * @param running whether this node's Raft server is running and serving
 * @param lastContact by member id, how long ago this node last heard from that member: on the
 *     leader, each follower's last reply; on a follower, the leader's last message. A member
 *     that is down shows here as a contact that keeps getting older. Members this node does not
 *     exchange messages with (followers, seen from a follower) are absent.
 */
public record GroupStatus(String localId, Optional<String> leaderId, List<Member> members,
    long term, long commitIndex, long appliedIndex, long latestSnapshotIndex, boolean running,
    Map<String, Duration> lastContact) {

  public GroupStatus {
    members = List.copyOf(members);
    lastContact = Map.copyOf(lastContact);
  }

  /** A status without contact times. */
  public GroupStatus(String localId, Optional<String> leaderId, List<Member> members,
      long term, long commitIndex, long appliedIndex, long latestSnapshotIndex, boolean running) {
    this(localId, leaderId, members, term, commitIndex, appliedIndex, latestSnapshotIndex,
        running, Map.of());
  }

  /** Whether this node is the leader it knows of. */
  public boolean isLeader() {
    return leaderId.filter(localId::equals).isPresent();
  }
}
