package io.hearth.shell.internal;

import io.hearth.store.AlreadyExistsException;
import io.hearth.store.NameConflictException;
import io.hearth.store.NotLeaderException;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.StoreException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;

/**
 * One line for an operator from whatever a command failed with: the store's typed exceptions
 * say what happened and what to do; anything else is shown with its type, as it is a bug.
 */
public final class Errors {
  private Errors() {}

  /**
   * @param leaderAddress the address of a member by id, or null when unknown (no replication)
   */
  public static String message(Throwable failure, Function<String, String> leaderAddress) {
    Throwable e = unwrap(failure);
    if (e instanceof CommandException) {
      return e.getMessage();
    }
    if (e instanceof NotLeaderException notLeader) {
      return notLeader.leader()
          .map(id -> {
            String address = leaderAddress.apply(id);
            return "this node is not the leader: run the command on " + id
                + (address == null ? "" : " (" + address + ")");
          })
          .orElse("this node is not the leader, and no leader is known yet (election in "
              + "progress or no quorum): " + e.getMessage());
    }
    if (e instanceof SequenceConflictException) {
      return "changed by someone else meanwhile, again and again; try again: " + e.getMessage();
    }
    if (e instanceof NameConflictException || e instanceof AlreadyExistsException) {
      return "already exists: " + e.getMessage();
    }
    if (e instanceof StoreException || e instanceof IllegalArgumentException) {
      return e.getMessage();
    }
    if (e instanceof InterruptedException) {
      return "interrupted";
    }
    return e.getClass().getName() + ": " + e.getMessage();
  }

  static Throwable unwrap(Throwable e) {
    while ((e instanceof ExecutionException || e instanceof CompletionException)
        && e.getCause() != null) {
      e = e.getCause();
    }
    return e;
  }
}
