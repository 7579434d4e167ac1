package io.hearth.itests;

import io.hearth.model.Endpoint;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.ReadTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;

/**
 * What "the control plane has done its work" means for the three-node tests, read from one
 * consistent view of the store: each service has exactly its replicas in tasks meant to run,
 * one per slot 1..n; each of them allocated (an address on every network it attaches to) and
 * assigned to a node that exists; and no address recorded twice.
 */
final class Convergence {
  private static final int MAX_REPORTED = 8;

  private Convergence() {}

  /** What is not yet as it should be; empty when the services are converged. */
  static List<String> problems(ReadTx tx, Map<String, Long> replicas) {
    List<String> problems = new ArrayList<>();
    replicas.forEach((serviceId, expected) -> {
      List<Task> tasks = Workload.runnableTasks(tx, serviceId);
      List<Long> slots = tasks.stream().map(Task::getSlot).sorted().toList();
      List<Long> wanted = LongStream.rangeClosed(1, expected).boxed().toList();
      if (!slots.equals(wanted)) {
        problems.add(serviceId + ": slots of runnable tasks " + summary(slots) + ", want 1.."
            + expected);
      }
      for (Task t : tasks) {
        String unfinished = unfinished(tx, t);
        if (unfinished != null) {
          problems.add(serviceId + " task " + t.getId() + " (slot " + t.getSlot() + "): "
              + unfinished);
        }
      }
    });
    problems.addAll(addressClashes(tx));
    return problems.size() <= MAX_REPORTED ? problems : problems.subList(0, MAX_REPORTED);
  }

  /** Why {@code t} is not yet allocated and assigned, or null if it is. */
  static String unfinished(ReadTx tx, Task t) {
    for (NetworkAttachmentConfig wanted : t.getSpec().getNetworksList()) {
      boolean attached = t.getNetworksList().stream().anyMatch(
          a -> a.getNetworkId().equals(wanted.getTarget()) && a.getAddressesCount() == 1);
      if (!attached) {
        return "no address on " + wanted.getTarget() + " (" + t.getStatus().getState() + " "
            + t.getStatus().getErr() + ")";
      }
    }
    if (t.getStatus().getState() != TaskState.TASK_STATE_ASSIGNED) {
      return t.getStatus().getState() + " " + t.getStatus().getMessage() + " "
          + t.getStatus().getErr();
    }
    if (t.getNodeId().isEmpty() || tx.nodes().get(t.getNodeId()) == null) {
      return "assigned to missing node '" + t.getNodeId() + "'";
    }
    return null;
  }

  /**
   * Addresses recorded by two holders on one network. Holders are what the allocator counts as
   * using an address: a task whose observed state is up to RUNNING (a task that ended keeps its
   * addresses as history), and a service's virtual IPs.
   */
  static List<String> addressClashes(ReadTx tx) {
    Map<String, String> holders = new HashMap<>();
    List<String> clashes = new ArrayList<>();
    for (Task t : tx.tasks().find(By.all())) {
      if (t.getStatus().getStateValue() > TaskState.TASK_STATE_RUNNING_VALUE) {
        continue;
      }
      for (NetworkAttachment a : t.getNetworksList()) {
        for (String address : a.getAddressesList()) {
          hold(holders, clashes, a.getNetworkId(), address, "task " + t.getId());
        }
      }
    }
    for (Service s : tx.services().find(By.all())) {
      for (Endpoint.VirtualIP vip : s.getEndpoint().getVirtualIpsList()) {
        hold(holders, clashes, vip.getNetworkId(), vip.getAddr(), "VIP of " + s.getId());
      }
    }
    return clashes;
  }

  private static void hold(Map<String, String> holders, List<String> clashes, String network,
      String address, String holder) {
    String ip = address.contains("/") ? address.substring(0, address.indexOf('/')) : address;
    String previous = holders.putIfAbsent(network + " " + ip, holder);
    if (previous != null) {
      clashes.add("address " + ip + " on " + network + " held by " + previous + " and " + holder);
    }
  }

  private static String summary(List<Long> slots) {
    return slots.size() <= 12 ? slots.toString()
        : slots.subList(0, 12) + "... (" + slots.size() + " tasks)";
  }
}
