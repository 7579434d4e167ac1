package io.hearth.scheduler.internal;

import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeMembership;
import io.hearth.model.NodeState;
import io.hearth.model.Platform;
import io.hearth.model.Resources;
import io.hearth.model.TaskSpec;
import java.util.List;
import java.util.Locale;

/**
 * What a task spec asks of a node, parsed once for all the tasks that share the spec: the
 * node's readiness, its placement constraints and platforms, and the resources it reserves.
 */
final class Requirements {
  private final long nanoCpus;
  private final long memoryBytes;
  private final List<Constraint> constraints;
  private final List<Platform> platforms;
  private final String invalid;

  private Requirements(long nanoCpus, long memoryBytes, List<Constraint> constraints,
      List<Platform> platforms, String invalid) {
    this.nanoCpus = nanoCpus;
    this.memoryBytes = memoryBytes;
    this.constraints = constraints;
    this.platforms = platforms;
    this.invalid = invalid;
  }

  static Requirements of(TaskSpec spec) {
    Resources reserved = spec.getResources().getReservations();
    List<Constraint> constraints;
    String invalid = null;
    try {
      constraints = Constraint.parseAll(spec.getPlacement().getConstraintsList());
    } catch (IllegalArgumentException e) {
      constraints = List.of();
      invalid = e.getMessage();
    }
    return new Requirements(reserved.getNanoCpus(), reserved.getMemoryBytes(), constraints,
        spec.getPlacement().getPlatformsList(), invalid);
  }

  /** Why no node can ever take this spec (a constraint that does not parse), or null. */
  String invalid() {
    return invalid;
  }

  long nanoCpus() {
    return nanoCpus;
  }

  long memoryBytes() {
    return memoryBytes;
  }

  /** The first filter other than resources that {@code node} fails, or null if it passes. */
  Misfit check(Node node) {
    if (node.getStatus().getState() != NodeState.NODE_STATE_READY) {
      return Misfit.NOT_READY;
    }
    if (node.getSpec().getMembership() != NodeMembership.NODE_MEMBERSHIP_ACCEPTED) {
      return Misfit.NOT_ACCEPTED;
    }
    NodeAvailability availability = node.getSpec().getAvailability();
    if (availability == NodeAvailability.NODE_AVAILABILITY_PAUSE) {
      return Misfit.PAUSED;
    }
    if (availability != NodeAvailability.NODE_AVAILABILITY_ACTIVE) {
      return Misfit.DRAINED;
    }
    for (Constraint constraint : constraints) {
      if (!constraint.matches(node)) {
        return Misfit.CONSTRAINTS;
      }
    }
    if (!platforms.isEmpty() && !supports(node.getDescription().getPlatform())) {
      return Misfit.PLATFORM;
    }
    return null;
  }

  /** Whether the reservation fits in what a node has left, or which resource is short. */
  Misfit fits(long freeNanoCpus, long freeMemoryBytes) {
    boolean cpu = nanoCpus <= freeNanoCpus;
    boolean memory = memoryBytes <= freeMemoryBytes;
    if (cpu && memory) {
      return null;
    }
    return cpu ? Misfit.MEMORY : memory ? Misfit.CPU : Misfit.CPU_AND_MEMORY;
  }

  /** An empty field in a task's platform matches anything; architectures are normalized. */
  private boolean supports(Platform node) {
    String os = node.getOs().toLowerCase(Locale.ROOT);
    String arch = arch(node.getArchitecture());
    for (Platform wanted : platforms) {
      boolean osOk = wanted.getOs().isEmpty() || wanted.getOs().equalsIgnoreCase(os);
      boolean archOk = wanted.getArchitecture().isEmpty()
          || arch(wanted.getArchitecture()).equals(arch);
      if (osOk && archOk) {
        return true;
      }
    }
    return false;
  }

  /** Docker's names for what uname calls x86_64 and aarch64. */
  static String arch(String architecture) {
    String lower = architecture.toLowerCase(Locale.ROOT);
    return switch (lower) {
      case "x86_64" -> "amd64";
      case "aarch64" -> "arm64";
      default -> lower;
    };
  }
}
