package io.hearth.shell.internal;

import com.google.protobuf.Message;
import com.google.protobuf.TextFormat;
import io.hearth.model.IPAMConfig;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Annotations;
import io.hearth.model.Network;
import io.hearth.model.NetworkSpec;
import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeState;
import io.hearth.model.Service;
import io.hearth.store.ObjectKind;
import io.hearth.store.SequenceConflictException;
import io.hearth.store.StoreService;
import io.hearth.store.WatchService;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The commands on the store's objects: {@code ls}, {@code show}, and creating, changing and
 * removing services, nodes and networks. Changes are compare-and-swap on the version read, and
 * retried on fresh state when someone else changed the object meanwhile, so an operator's
 * change never overwrites a plugin's and is never lost.
 */
public final class StoreCommands {
  /** Attempts of a compare-and-swap change before giving up. */
  static final int CAS_ATTEMPTS = 10;
  static final int DEFAULT_LIMIT = 100;

  private final Supplier<StoreService> store;
  private final Clock clock;

  /**
   * @param store the store, or a supplier of null while there is none (the commands then say
   *     so)
   */
  public StoreCommands(Supplier<StoreService> store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  public List<Command> commands() {
    Set<String> selectors = Query.OPTIONS;
    Set<String> lsOptions = new java.util.HashSet<>(selectors);
    lsOptions.add("limit");
    return List.of(
        new Command("ls", "List objects of a kind, or count every kind.",
            "[<kind>] [--service S] [--node N] [--state S] [--name-prefix P] [--id-prefix P] "
                + "[--label k[=v]] [--limit N (default " + DEFAULT_LIMIT + ", 0: all)]",
            lsOptions, Set.of(), this::ls),
        new Command("show", "Show one object in full (protobuf text).",
            "<kind> <id | name | id prefix>", Set.of(), Set.of(), this::show),
        new Command("service-create", "Create a service; the orchestrator gives it tasks.",
            "<name> --image I [--replicas N | --mode global] [--network N]... "
                + "[--constraint node.labels.k==v]... [--cpus C] [--memory M] [--label k=v]... "
                + "[--parallelism N]",
            Specs.SERVICE_CREATE, Set.of(), this::serviceCreate),
        new Command("service-update", "Change a service; a new task template rolls out slot "
            + "by slot.",
            "<service> [--image I] [--replicas N] [--constraint-add C]... [--constraint-rm C]... "
                + "[--cpus C] [--memory M] [--parallelism N]",
            Specs.SERVICE_UPDATE, Set.of(), this::serviceUpdate),
        new Command("service-scale", "Set the replicas of a replicated service.",
            "<service> <replicas>", Set.of(), Set.of(), this::serviceScale),
        new Command("service-rm", "Remove a service; the orchestrator removes its tasks.",
            "<service>", Set.of(), Set.of(), (a, out) -> remove(ObjectKind.SERVICE, a, out)),
        new Command("node-add", "Register a worker node (ready, accepted, active).",
            "<name> [--cpus C (default " + Specs.DEFAULT_CPUS + ")] [--memory M (default "
                + Specs.DEFAULT_MEMORY + ")] [--label k=v]... [--role worker|manager] "
                + "[--platform os/arch] [--addr A] [--state ready|down] "
                + "[--availability active|pause|drain]",
            Specs.NODE_ADD, Set.of(), this::nodeAdd),
        availability("node-drain", NodeAvailability.NODE_AVAILABILITY_DRAIN,
            "Drain a node: its tasks are moved elsewhere, it gets no new ones."),
        availability("node-pause", NodeAvailability.NODE_AVAILABILITY_PAUSE,
            "Pause a node: it keeps its tasks but gets no new ones."),
        availability("node-activate", NodeAvailability.NODE_AVAILABILITY_ACTIVE,
            "Make a drained or paused node active again."),
        nodeState("node-down", NodeState.NODE_STATE_DOWN,
            "Mark a node down (as if its heartbeat stopped): its tasks are replaced."),
        nodeState("node-up", NodeState.NODE_STATE_READY, "Mark a node ready again."),
        new Command("node-rm", "Remove a node.", "<node>", Set.of(), Set.of(),
            (a, out) -> remove(ObjectKind.NODE, a, out)),
        new Command("network-create", "Create a network; the allocator gives addresses from "
            + "its subnet.", "<name> --subnet CIDR [--driver D]", Set.of("subnet", "driver"),
            Set.of(), this::networkCreate),
        new Command("network-rm", "Remove a network.", "<network>", Set.of(), Set.of(),
            (a, out) -> remove(ObjectKind.NETWORK, a, out)));
  }

  StoreService store() {
    StoreService s = store.get();
    if (s == null) {
      throw new CommandException("no StoreService on this node (is the store running? see "
          + "scr:list)");
    }
    return s;
  }

  private void ls(Args args, PrintStream out) {
    args.atMostPositional(1);
    if (args.positional().isEmpty()) {
      if (!args.has("limit") && args.positional().isEmpty() && hasSelectors(args)) {
        throw new UsageException("selectors need a kind (e.g. hearth:ls tasks --service web)");
      }
      counts(out);
      return;
    }
    ObjectKind<?> kind = Kinds.parse(args.positional(0, "kind"));
    long limit = args.number("limit", DEFAULT_LIMIT, 0, Integer.MAX_VALUE);
    String table = store().view(tx -> listing(kind, args, tx, limit));
    out.print(table);
  }

  private static boolean hasSelectors(Args args) {
    return Query.OPTIONS.stream().anyMatch(args::has);
  }

  private <T> String listing(ObjectKind<T> kind, Args args, io.hearth.store.ReadTx tx,
      long limit) {
    List<T> found = Listing.sorted(kind, Query.parse(kind, args, tx).find(tx, kind));
    List<T> shown = limit == 0 || found.size() <= limit ? found : found.subList(0, (int) limit);
    Table table = new Listing(tx, clock.instant()).table(kind, shown);
    String footer = shown.size() < found.size()
        ? "(" + shown.size() + " of " + found.size() + " " + Kinds.plural(kind)
            + "; --limit 0 shows all)\n"
        : found.isEmpty() ? "(no " + Kinds.plural(kind) + ")\n" : "";
    return table.render() + footer;
  }

  private void counts(PrintStream out) {
    String text = store().view(tx -> {
      Table table = new Table("KIND", "COUNT");
      ObjectKind.all().forEach(k -> table.row(Kinds.plural(k),
          Integer.toString(tx.table(k).count())));
      return table.render() + "store version " + tx.version() + "\n";
    });
    out.print(text);
  }

  private void show(Args args, PrintStream out) {
    args.atMostPositional(2);
    ObjectKind<?> kind = Kinds.parse(args.positional(0, "kind"));
    String ref = args.positional(1, kind.name() + " id, name or id prefix");
    out.print(show(kind, ref));
  }

  private <T> String show(ObjectKind<T> kind, String ref) {
    return store().view(tx -> describe(kind, Resolver.resolve(tx, kind, ref), tx));
  }

  private <T> String describe(ObjectKind<T> kind, T object, io.hearth.store.ReadTx tx) {
    Listing listing = new Listing(tx, clock.instant());
    String name = kind.name(object);
    return kind.name() + " " + (name.isEmpty() ? "" : name + " ") + "(id " + kind.id(object)
        + ", version " + kind.meta(object).getVersion().getIndex() + ", age "
        + Ages.since(kind.meta(object).getCreatedAt(), clock.instant()) + ", state "
        + (listing.state(kind, object).isEmpty() ? "-" : listing.state(kind, object)) + ")\n"
        + TextFormat.printer().printToString((Message) object);
  }

  private void serviceCreate(Args args, PrintStream out) {
    args.atMostPositional(1);
    String name = args.positional(0, "service name");
    StoreService s = store();
    Service service = s.view(tx -> Specs.service(Ids.next(), name, args,
        ref -> Resolver.id(tx, ObjectKind.NETWORK, ref)));
    Service[] created = new Service[1];
    s.update(tx -> created[0] = tx.services().create(service));
    out.println("created service " + name + " (id " + created[0].getId() + ", version "
        + version(created[0].getMeta()) + "): " + Listing.describe(created[0]) + " of "
        + service.getSpec().getTask().getContainer().getImage());
  }

  private void serviceUpdate(Args args, PrintStream out) {
    args.atMostPositional(1);
    String ref = args.positional(0, "service");
    Service updated = modify(ObjectKind.SERVICE, ref, current -> Specs.update(current, args));
    out.println("updated service " + updated.getSpec().getAnnotations().getName() + " (version "
        + version(updated.getMeta()) + ")"
        + (updated.getSpec().getTask().equals(updated.getPreviousSpec().getTask())
            ? "" : ": new task template, the orchestrator replaces its tasks slot by slot"));
  }

  private void serviceScale(Args args, PrintStream out) {
    args.atMostPositional(2);
    String ref = args.positional(0, "service");
    long replicas = Quantities.wholeNumber("replicas", args.positional(1, "replicas"), 0,
        1_000_000);
    long[] before = new long[1];
    Service scaled = modify(ObjectKind.SERVICE, ref, current -> {
      before[0] = current.getSpec().getReplicated().getReplicas();
      return Specs.scale(current, replicas);
    });
    out.println("service " + scaled.getSpec().getAnnotations().getName() + ": replicas "
        + before[0] + " -> " + replicas + " (version " + version(scaled.getMeta()) + ")");
  }

  private void nodeAdd(Args args, PrintStream out) {
    args.atMostPositional(1);
    String name = args.positional(0, "node name");
    Node node = Specs.node(Ids.next(), name, args);
    Node[] created = new Node[1];
    store().update(tx -> created[0] = tx.nodes().create(node));
    out.println("added node " + name + " (id " + node.getId() + ", version "
        + version(created[0].getMeta()) + "): " + Listing.describe(created[0]) + ", "
        + Quantities.cpus(node.getDescription().getResources().getNanoCpus()) + " CPUs, "
        + Quantities.size(node.getDescription().getResources().getMemoryBytes()));
  }

  private Command availability(String name, NodeAvailability availability, String summary) {
    return new Command(name, summary, "<node>", Set.of(), Set.of(), (args, out) -> {
      args.atMostPositional(1);
      Node node = modify(ObjectKind.NODE, args.positional(0, "node"), n -> n.toBuilder()
          .setSpec(n.getSpec().toBuilder().setAvailability(availability)).build());
      out.println("node " + node.getSpec().getAnnotations().getName() + ": "
          + Listing.describe(node) + " (version " + version(node.getMeta()) + ")");
    });
  }

  private Command nodeState(String name, NodeState state, String summary) {
    return new Command(name, summary, "<node>", Set.of(), Set.of(), (args, out) -> {
      args.atMostPositional(1);
      Node node = modify(ObjectKind.NODE, args.positional(0, "node"), n -> n.toBuilder()
          .setStatus(n.getStatus().toBuilder().setState(state)).build());
      out.println("node " + node.getSpec().getAnnotations().getName() + ": "
          + Listing.describe(node) + " (version " + version(node.getMeta()) + ")");
    });
  }

  private void networkCreate(Args args, PrintStream out) {
    args.atMostPositional(1);
    String name = args.positional(0, "network name");
    String subnet = args.option("subnet");
    if (subnet == null) {
      throw new UsageException("a network needs --subnet (e.g. --subnet 10.0.0.0/24)");
    }
    Network network = network(Ids.next(), name, subnet, args.option("driver"));
    Network[] created = new Network[1];
    store().update(tx -> created[0] = tx.networks().create(network));
    out.println("created network " + name + " (id " + network.getId() + ", version "
        + version(created[0].getMeta()) + "): " + subnet);
  }

  static Network network(String id, String name, String subnet, String driver) {
    return Network.newBuilder().setId(id).setSpec(NetworkSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(name))
        .setDriver(driver == null ? "overlay" : driver)
        .setIpam(IPAMOptions.newBuilder().addConfigs(IPAMConfig.newBuilder().setSubnet(subnet))))
        .build();
  }

  private <T> void remove(ObjectKind<T> kind, Args args, PrintStream out) {
    args.atMostPositional(1);
    String ref = args.positional(0, kind.name());
    List<T> removed = new ArrayList<>(1);
    store().update(tx -> removed.add(tx.table(kind).delete(Resolver.id(tx, kind, ref))));
    T object = removed.get(0);
    out.println("removed " + kind.name() + " " + kind.name(object) + " (id " + kind.id(object)
        + ")" + (kind == ObjectKind.SERVICE ? "; the orchestrator removes its tasks" : ""));
  }

  /**
   * Reads the object {@code ref} names, applies {@code change} and writes the result
   * compare-and-swap on the version read; on a conflict, does it all again on fresh state.
   *
   * @return the object as stored
   * @throws SequenceConflictException after {@value #CAS_ATTEMPTS} conflicts in a row
   */
  <T> T modify(ObjectKind<T> kind, String ref, UnaryOperator<T> change) {
    StoreService s = store();
    for (int attempt = 1; ; attempt++) {
      T next = change.apply(s.view(tx -> Resolver.resolve(tx, kind, ref)));
      List<T> stored = new ArrayList<>(1);
      try {
        s.update(tx -> stored.add(tx.table(kind).update(next)));
        return stored.get(0);
      } catch (SequenceConflictException e) {
        if (attempt >= CAS_ATTEMPTS) {
          throw e;
        }
      }
    }
  }

  private static long version(io.hearth.model.Meta meta) {
    return meta.getVersion().getIndex();
  }
}
