package io.hearth.shell.internal;

import io.hearth.replication.GroupStatus;
import io.hearth.replication.Member;
import io.hearth.replication.ReplicationGroup;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * The Raft group commands over {@link ReplicationGroup}: {@code raft} (status), {@code
 * raft-add}, {@code raft-remove}. This is the only class that touches {@code
 * io.hearth.replication}, whose import is optional: it is loaded only when that package is
 * wired ({@link #available()}); otherwise {@link #unavailable()} stands in.
 */
public final class GroupCommands {
  private static final String API = "io.hearth.replication.ReplicationGroup";
  private static final Pattern ADDRESS = Pattern.compile("[^\\s:]+:\\d{1,5}");
  /** A membership change waits for the new member to catch up, then for a commit. */
  private static final long CHANGE_TIMEOUT_S = 120;

  private final Supplier<Object> group;

  /** @param group the {@link ReplicationGroup} service, or a supplier of null while none */
  public GroupCommands(Supplier<Object> group) {
    this.group = group;
  }

  /** Whether this bundle can see the replication API (its optional import is wired). */
  public static boolean available() {
    try {
      Class.forName(API, false, GroupCommands.class.getClassLoader());
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  public List<Command> commands() {
    return List.of(
        new Command("raft", "Show the replication group: leader, term, members, indexes, "
            + "snapshot.", "", Set.of(), Set.of(), (args, out) -> {
              args.atMostPositional(0);
              out.print(render(group().status()));
            }),
        new Command("raft-add", "Add a member (started with --join) to the group; on the "
            + "leader.", "<id> <host:port>", Set.of(), Set.of(), this::add),
        new Command("raft-remove", "Remove a member from the group; on the leader.", "<id>",
            Set.of(), Set.of(), this::remove));
  }

  /** The commands when the replication API is not there: each says why. */
  public static List<Command> unavailable() {
    Command.Action none = (args, out) -> {
      throw new CommandException("no replication bundle on this node (io.hearth.replication is "
          + "not installed or not resolved): the store runs without a Raft group");
    };
    return List.of(
        new Command("raft", "Show the replication group (needs the replication bundle).", "",
            Set.of(), Set.of(), none),
        new Command("raft-add", "Add a member (needs the replication bundle).",
            "<id> <host:port>", Set.of(), Set.of(), none),
        new Command("raft-remove", "Remove a member (needs the replication bundle).", "<id>",
            Set.of(), Set.of(), none));
  }

  /** The address of member {@code id}, or null if unknown. */
  public String address(String id) {
    Object g = group.get();
    if (g == null) {
      return null;
    }
    return ((ReplicationGroup) g).status().members().stream().filter(m -> m.id().equals(id))
        .map(Member::address).findFirst().orElse(null);
  }

  /** One line for {@code hearth:status}: this node's role, leader and term. */
  public String summary() {
    Object g = group.get();
    if (g == null) {
      return "replication: no group running (no configuration for io.hearth.replication?)";
    }
    GroupStatus s = ((ReplicationGroup) g).status();
    return "raft: " + s.localId() + " is " + role(s, s.localId()) + ", leader "
        + s.leaderId().orElse("unknown") + ", term " + s.term() + ", " + s.members().size()
        + " members, applied index " + s.appliedIndex();
  }

  private ReplicationGroup group() {
    Object g = group.get();
    if (g == null) {
      throw new CommandException("the replication bundle is there but no group runs on this "
          + "node (no configuration for PID io.hearth.replication, or it failed to start: see "
          + "scr:list and the log)");
    }
    return (ReplicationGroup) g;
  }

  static String render(GroupStatus s) {
    StringBuilder out = new StringBuilder();
    Table facts = new Table("NODE", s.localId() + " (" + role(s, s.localId()) + ")");
    facts.row("leader", s.leaderId().orElse("unknown (election in progress or no quorum)"));
    facts.row("term", Long.toString(s.term()));
    facts.row("commit index", Long.toString(s.commitIndex()));
    facts.row("applied index", Long.toString(s.appliedIndex()));
    facts.row("snapshot", s.latestSnapshotIndex() < 0 ? "none yet"
        : "at index " + s.latestSnapshotIndex());
    facts.row("running", s.running() ? "yes" : "no");
    out.append(facts.render());
    Table members = new Table("MEMBER", "ADDRESS", "ROLE", "LAST HEARD");
    for (Member m : s.members()) {
      members.row(m.id(), m.address(), role(s, m.id())
          + (m.id().equals(s.localId()) ? ", this node" : ""), lastHeard(s, m.id()));
    }
    out.append(members.size() == 0 ? "(no members: this node waits to be added, or is "
        + "stopped)\n" : members.render());
    return out.toString();
  }

  /**
   * How long ago this node last heard from a member ({@code 40 ms ago}, {@code 12s ago}), or
   * {@code -} where it does not exchange messages with it (itself; followers seen from a
   * follower). A member that is down shows an age that keeps growing.
   */
  static String lastHeard(GroupStatus s, String id) {
    Duration d = s.lastContact().get(id);
    if (d == null) {
      return "-";
    }
    return (d.toMillis() < 1000 ? d.toMillis() + " ms" : Ages.of(d)) + " ago";
  }

  private static String role(GroupStatus s, String id) {
    if (s.leaderId().filter(id::equals).isPresent()) {
      return "leader";
    }
    boolean member = s.members().stream().anyMatch(m -> m.id().equals(id));
    return member ? "follower" : "not a member";
  }

  private void add(Args args, PrintStream out) throws Exception {
    args.atMostPositional(2);
    String id = args.positional(0, "member id");
    String address = args.positional(1, "member address host:port");
    if (!ADDRESS.matcher(address).matches()) {
      throw new UsageException("'" + address + "' is not host:port");
    }
    out.println("adding " + id + " at " + address + " (it catches up first) ...");
    out.flush();
    await(group().addMember(id, address));
    out.println("added " + id + "; members: " + memberIds());
  }

  private void remove(Args args, PrintStream out) throws Exception {
    args.atMostPositional(1);
    String id = args.positional(0, "member id");
    await(group().removeMember(id));
    out.println("removed " + id + "; members: " + memberIds());
  }

  private String memberIds() {
    return String.join(", ", group().status().members().stream().map(Member::id).toList());
  }

  private static void await(java.util.concurrent.CompletableFuture<Void> change)
      throws Exception {
    try {
      change.get(CHANGE_TIMEOUT_S, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      throw new CommandException("the membership change did not complete within "
          + CHANGE_TIMEOUT_S + " s; see hearth:raft");
    }
  }
}
