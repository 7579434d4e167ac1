package io.hearth.replication;

import java.util.Objects;

/**
 * One voting member of the replication group.
 *
 * @param id the member's node id, unique in the group
 * @param address where its peers reach it, {@code host:port}
 */
public record Member(String id, String address) {

  public Member {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(address, "address");
  }
}
