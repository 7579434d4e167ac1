package io.hearth.shell.internal;

import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.Service;
import io.hearth.store.By;
import io.hearth.store.StoreService;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * {@code hearth:demo}: simulated worker nodes, a network and a few services, written in one
 * transaction, so that within seconds the orchestrator creates tasks, the allocator gives them
 * addresses and the scheduler places them; the {@link SimulatedAgents} then report them running.
 * Running it again adds only what is missing (objects are found by name).
 */
public final class Demo {
  /** The label that makes a node simulated: its agent is {@link SimulatedAgents}. */
  public static final String SIMULATED_LABEL = "hearth.simulated";
  public static final String NETWORK = "demo-net";
  static final String SUBNET = "10.20.0.0/16";
  static final int MAX_NODES = 1000;
  static final int MAX_SERVICES = 100;

  private Demo() {}

  public static Command command(java.util.function.Supplier<StoreService> store) {
    return new Command("demo", "Register simulated worker nodes and a few services, then "
        + "watch them being scheduled.", "[--nodes N (default 5)] [--services N (default 3)]",
        Set.of("nodes", "services"), Set.of(), (args, out) -> {
          args.atMostPositional(0);
          int nodes = (int) args.number("nodes", 5, 0, MAX_NODES);
          int services = (int) args.number("services", 3, 0, MAX_SERVICES);
          StoreService s = store.get();
          if (s == null) {
            throw new CommandException("no StoreService on this node (see scr:list)");
          }
          run(s, nodes, services).lines().forEach(out::println);
        });
  }

  /**
   * What a run did.
   *
   * @param created the number of objects it created
   * @param lines what it did, for the operator
   */
  public record Outcome(int created, List<String> lines) {
    public Outcome {
      lines = List.copyOf(lines);
    }
  }

  /**
   * Creates what is missing of the demo: {@code nodes} nodes, the network and {@code services}
   * services, in one transaction.
   */
  public static Outcome run(StoreService store, int nodes, int services) {
    List<String> lines = new ArrayList<>();
    int[] created = new int[1];
    long version = store.update(tx -> {
      lines.clear(); // the closure may run again
      created[0] = 0;
      String networkId;
      List<Network> networks = tx.networks().find(By.byName(NETWORK));
      if (networks.isEmpty()) {
        networkId = Ids.next();
        tx.networks().create(StoreCommands.network(networkId, NETWORK, SUBNET, null));
        lines.add("network " + NETWORK + " " + SUBNET + " created");
        created[0]++;
      } else {
        networkId = networks.get(0).getId();
        lines.add("network " + NETWORK + " already there");
      }
      int made = 0;
      for (int i = 1; i <= nodes; i++) {
        String name = "demo-node-" + i;
        if (tx.nodes().find(By.byName(name)).isEmpty()) {
          tx.nodes().create(node(name, i));
          made++;
          created[0]++;
        }
      }
      lines.add(nodes == 0 ? "no nodes asked for" : made + " of " + nodes
          + " nodes demo-node-1..demo-node-" + nodes + " registered (4 CPUs, 8G, zones "
          + "east/west, ready; " + (nodes - made) + " already there)");
      for (int i = 1; i <= services; i++) {
        Service service = service(i, networkId);
        String name = service.getSpec().getAnnotations().getName();
        if (tx.services().find(By.byName(name)).isEmpty()) {
          tx.services().create(service);
          created[0]++;
          lines.add("service " + name + " created: " + Listing.describe(service) + ", "
              + service.getSpec().getTask().getContainer().getImage()
              + (service.getSpec().getTask().getPlacement().getConstraintsCount() > 0
                  ? ", " + service.getSpec().getTask().getPlacement().getConstraints(0) : "")
              + (service.getSpec().getTask().getNetworksCount() > 0 ? ", on " + NETWORK : ""));
        } else {
          lines.add("service " + name + " already there");
        }
      }
    });
    lines.add("committed at version " + version + ". The orchestrator creates the tasks, the "
        + "allocator gives them addresses on " + NETWORK + ", the scheduler places them, and the "
        + "simulated agents report them running.");
    lines.add("Try: hearth:ls tasks   hearth:watch task --for 10s   hearth:service-scale "
        + "demo-web 6   hearth:service-update demo-web --image nginx:1.28");
    return new Outcome(created[0], lines);
  }

  static Node node(String name, int i) {
    Args args = Args.parse(List.of("--cpus", "4", "--memory", "8G",
        "--label", "zone=" + (i % 2 == 1 ? "east" : "west"), "--label", SIMULATED_LABEL + "=true",
        "--addr", "10.99." + (i / 250) + "." + (i % 250 + 1)), Specs.NODE_ADD, Set.of());
    return Specs.node(Ids.next(), name, args);
  }

  /** The i-th demo service: a web front, an API pinned to zone east, a global agent, more. */
  static Service service(int i, String networkId) {
    List<String> options = switch (i) {
      case 1 -> List.of("demo-web", "--image", "nginx:1.27", "--replicas", "3", "--network",
          networkId, "--cpus", "0.25", "--memory", "128M");
      case 2 -> List.of("demo-api", "--image", "example/api:1", "--replicas", "2", "--network",
          networkId, "--constraint", "node.labels.zone==east", "--cpus", "0.5", "--memory",
          "256M");
      case 3 -> List.of("demo-agent", "--image", "example/agent:1", "--mode", "global");
      default -> List.of("demo-svc-" + i, "--image", "busybox:1", "--replicas", "2",
          "--network", networkId);
    };
    Args args = Args.parse(options.subList(1, options.size()), Specs.SERVICE_CREATE, Set.of());
    return Specs.service(Ids.next(), options.get(0), args, id -> id);
  }
}
