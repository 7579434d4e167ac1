package io.hearth.store;

import java.util.List;

/**
 * The events of one committed transaction, with the version it committed as. Commits reach
 * their listeners in version order, each exactly once.
 */
public record Commit(long version, List<StoreEvent> events) {
  public Commit {
    events = List.copyOf(events);
  }
}
