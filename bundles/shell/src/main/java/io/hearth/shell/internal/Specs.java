package io.hearth.shell.internal;

import io.hearth.model.Annotations;
import io.hearth.model.ContainerSpec;
import io.hearth.model.GlobalService;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Node;
import io.hearth.model.NodeDescription;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.NodeSpec;
import io.hearth.model.NodeStatus;
import io.hearth.model.Placement;
import io.hearth.model.Platform;
import io.hearth.model.ReplicatedService;
import io.hearth.model.ResourceRequirements;
import io.hearth.model.Resources;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.TaskSpec;
import io.hearth.model.UpdateConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Services and nodes from the short specs of {@code service-create}, {@code service-update} and
 * {@code node-add}. Pure functions of the options: every value is checked before anything is
 * written, and a bad one fails the whole command with a {@link CommandException}.
 */
public final class Specs {
  /** {@code key==value} or {@code key!=value}, as the scheduler reads placement constraints. */
  private static final Pattern CONSTRAINT = Pattern.compile("\\s*[A-Za-z0-9_.\\-]+\\s*(==|!=)\\s*\\S.*");
  private static final long MAX_REPLICAS = 1_000_000;

  public static final Set<String> SERVICE_CREATE = Set.of("image", "replicas", "mode", "network",
      "constraint", "cpus", "memory", "label", "parallelism");
  public static final Set<String> SERVICE_UPDATE = Set.of("image", "replicas", "constraint-add",
      "constraint-rm", "cpus", "memory", "parallelism");
  public static final Set<String> NODE_ADD = Set.of("cpus", "memory", "label", "role",
      "platform", "addr", "state", "availability");

  /** A node's resources unless given: enough for a handful of small tasks. */
  static final String DEFAULT_CPUS = "1";
  static final String DEFAULT_MEMORY = "2G";

  private Specs() {}

  /**
   * The service {@code service-create <name>} asks for.
   *
   * @param networkId resolves a {@code --network} reference (id, name, id prefix) to an id
   */
  public static Service service(String id, String name, Args args, UnaryOperator<String> networkId) {
    String image = args.option("image");
    if (image == null) {
      throw new CommandException("a service needs --image (e.g. --image nginx:1.27)");
    }
    ServiceSpec.Builder spec = ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(name).putAllLabels(labels(args)));
    String mode = args.option("mode") == null ? "replicated" : args.option("mode");
    switch (mode) {
      case "replicated" -> spec.setReplicated(ReplicatedService.newBuilder()
          .setReplicas(args.number("replicas", 1, 0, MAX_REPLICAS)));
      case "global" -> {
        if (args.has("replicas")) {
          throw new CommandException("--replicas does not apply to a global service");
        }
        spec.setGlobal(GlobalService.getDefaultInstance());
      }
      default -> throw new CommandException("--mode: '" + mode + "' is not replicated or global");
    }
    TaskSpec.Builder task = TaskSpec.newBuilder()
        .setContainer(ContainerSpec.newBuilder().setImage(image));
    if (args.has("constraint")) {
      List<String> constraints = new ArrayList<>();
      args.options("constraint").forEach(c -> constraints.add(constraint(c)));
      task.setPlacement(Placement.newBuilder().addAllConstraints(constraints));
    }
    if (args.has("cpus") || args.has("memory")) {
      task.setResources(ResourceRequirements.newBuilder()
          .setReservations(reservations(Resources.getDefaultInstance(), args)));
    }
    for (String network : args.options("network")) {
      task.addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(networkId.apply(network)));
    }
    spec.setTask(task);
    if (args.has("parallelism")) {
      spec.setUpdate(UpdateConfig.newBuilder()
          .setParallelism(args.number("parallelism", 1, 0, MAX_REPLICAS)));
    }
    return Service.newBuilder().setId(id).setSpec(spec).build();
  }

  /**
   * {@code service} with the changes of {@code service-update}: a new task template (image,
   * constraints, reservations) makes the orchestrator replace the tasks slot by slot; the old
   * spec is kept as {@code previous_spec}.
   *
   * @throws CommandException if no option changes anything
   */
  public static Service update(Service service, Args args) {
    ServiceSpec old = service.getSpec();
    ServiceSpec.Builder spec = old.toBuilder();
    TaskSpec.Builder task = spec.getTask().toBuilder();
    if (args.has("image")) {
      task.setContainer(task.getContainer().toBuilder().setImage(args.option("image")));
    }
    if (args.has("replicas")) {
      if (!old.hasReplicated()) {
        throw new CommandException("--replicas does not apply to a global service");
      }
      spec.setReplicated(ReplicatedService.newBuilder()
          .setReplicas(args.number("replicas", 0, 0, MAX_REPLICAS)));
    }
    if (args.has("constraint-rm") || args.has("constraint-add")) {
      task.setPlacement(task.getPlacement().toBuilder().clearConstraints()
          .addAllConstraints(constraints(task.getPlacement().getConstraintsList(), args)));
    }
    if (args.has("cpus") || args.has("memory")) {
      task.setResources(task.getResources().toBuilder()
          .setReservations(reservations(task.getResources().getReservations(), args)));
    }
    spec.setTask(task);
    if (args.has("parallelism")) {
      spec.setUpdate(spec.getUpdate().toBuilder()
          .setParallelism(args.number("parallelism", 1, 0, MAX_REPLICAS)));
    }
    ServiceSpec updated = spec.build();
    if (updated.equals(old)) {
      throw new CommandException("nothing to change (give one of --"
          + String.join(", --", SERVICE_UPDATE.stream().sorted().toList()) + ")");
    }
    return service.toBuilder().setPreviousSpec(old).setSpec(updated).build();
  }

  private static List<String> constraints(List<String> current, Args args) {
    List<String> constraints = new ArrayList<>(current);
    for (String remove : args.options("constraint-rm")) {
      if (!constraints.remove(remove.strip())) {
        throw new CommandException("--constraint-rm: the service has no constraint '" + remove
            + "' (it has: " + (constraints.isEmpty() ? "none" : String.join(", ", constraints))
            + ")");
      }
    }
    args.options("constraint-add").forEach(c -> constraints.add(constraint(c)));
    return constraints;
  }

  /** {@code service} scaled to {@code replicas}. */
  public static Service scale(Service service, long replicas) {
    if (!service.getSpec().hasReplicated()) {
      throw new CommandException("service " + service.getSpec().getAnnotations().getName()
          + " is global: it runs one task per node and cannot be scaled");
    }
    return service.toBuilder().setSpec(service.getSpec().toBuilder()
        .setReplicated(ReplicatedService.newBuilder().setReplicas(replicas))).build();
  }

  /**
   * The node {@code node-add <name>} describes: accepted, ready and active unless told
   * otherwise, with {@value #DEFAULT_CPUS} CPU and {@value #DEFAULT_MEMORY} unless given.
   */
  public static Node node(String id, String name, Args args) {
    NodeRole role = args.has("role") ? States.role(args.option("role")) : NodeRole.NODE_ROLE_WORKER;
    Platform platform = Platform.newBuilder().setOs("linux").setArchitecture("amd64").build();
    if (args.has("platform")) {
      String[] parts = args.option("platform").split("/", -1);
      if (parts.length != 2 || parts[0].isEmpty() || parts[1].isEmpty()) {
        throw new CommandException("--platform: '" + args.option("platform")
            + "' is not os/architecture (e.g. linux/arm64)");
      }
      platform = Platform.newBuilder().setOs(parts[0]).setArchitecture(parts[1]).build();
    }
    String cpus = args.has("cpus") ? args.option("cpus") : DEFAULT_CPUS;
    String memory = args.has("memory") ? args.option("memory") : DEFAULT_MEMORY;
    return Node.newBuilder().setId(id)
        .setSpec(NodeSpec.newBuilder()
            .setAnnotations(Annotations.newBuilder().setName(name).putAllLabels(labels(args)))
            .setDesiredRole(role)
            .setMembership(NodeMembership.NODE_MEMBERSHIP_ACCEPTED)
            .setAvailability(args.has("availability")
                ? States.availability(args.option("availability"))
                : io.hearth.model.NodeAvailability.NODE_AVAILABILITY_ACTIVE))
        .setDescription(NodeDescription.newBuilder().setHostname(name).setPlatform(platform)
            .setResources(Resources.newBuilder()
                .setNanoCpus(Quantities.nanoCpus("--cpus", cpus))
                .setMemoryBytes(Quantities.bytes("--memory", memory))))
        .setStatus(NodeStatus.newBuilder()
            .setState(args.has("state") ? States.nodeState(args.option("state"))
                : io.hearth.model.NodeState.NODE_STATE_READY)
            .setAddr(args.has("addr") ? args.option("addr") : ""))
        .setRole(role)
        .build();
  }

  /** {@code key=value} labels of the repeatable {@code --label}. */
  static Map<String, String> labels(Args args) {
    Map<String, String> labels = new java.util.LinkedHashMap<>();
    for (String label : args.options("label")) {
      int eq = label.indexOf('=');
      if (eq <= 0) {
        throw new CommandException("--label: '" + label + "' is not key=value");
      }
      labels.put(label.substring(0, eq), label.substring(eq + 1));
    }
    return labels;
  }

  static String constraint(String text) {
    if (!CONSTRAINT.matcher(text).matches()) {
      throw new CommandException("--constraint: '" + text
          + "' is not key==value or key!=value (e.g. node.labels.zone==east)");
    }
    return text.strip();
  }

  private static Resources reservations(Resources current, Args args) {
    Resources.Builder reserved = current.toBuilder();
    if (args.has("cpus")) {
      reserved.setNanoCpus(Quantities.nanoCpus("--cpus", args.option("cpus")));
    }
    if (args.has("memory")) {
      reserved.setMemoryBytes(Quantities.bytes("--memory", args.option("memory")));
    }
    return reserved.build();
  }
}
