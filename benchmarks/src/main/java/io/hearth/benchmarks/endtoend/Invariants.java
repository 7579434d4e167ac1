package io.hearth.benchmarks.endtoend;

import static io.hearth.store.By.byServiceId;

import io.hearth.model.Endpoint;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.Node;
import io.hearth.model.NodeAvailability;
import io.hearth.model.NodeState;
import io.hearth.model.Resources;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.By;
import io.hearth.store.ReadTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks, on one replica's state, that the control plane did what the benchmark times: so a
 * wrong outcome (a slot twice, a node over its resources, an address handed out twice) cannot
 * pass for a fast one. Returns the violations found; none means the state is right.
 */
final class Invariants {
  private static final int LIMIT = 10;

  private final Workload workload;
  private final String image;
  private final List<String> problems = new ArrayList<>();

  private Invariants(Workload workload, String image) {
    this.workload = workload;
    this.image = image;
  }

  /**
   * The violations in {@code tx} once every task of the service should run {@code image}:
   * exactly one task meant to run in each slot 1..tasks, each with the image, ASSIGNED to a
   * ready, active node, holding one address of the subnet; no node's reservations above its
   * resources; no address held twice.
   */
  static List<String> check(ReadTx tx, Workload workload, String image) {
    Invariants inv = new Invariants(workload, image);
    inv.run(tx);
    return inv.problems;
  }

  private void run(ReadTx tx) {
    Map<String, Node> nodes = new HashMap<>();
    for (Node node : tx.nodes().find(By.all())) {
      nodes.put(node.getId(), node);
    }
    Service service = tx.services().get(Workload.SERVICE_ID);
    if (service == null) {
      problem("service " + Workload.SERVICE_ID + " is missing");
      return;
    }
    Set<String> addresses = new HashSet<>();
    for (Endpoint.VirtualIP vip : service.getEndpoint().getVirtualIpsList()) {
      holdAddress(addresses, "service VIP", vip.getAddr());
    }
    if (service.getEndpoint().getVirtualIpsCount() != 1) {
      problem("service has " + service.getEndpoint().getVirtualIpsCount() + " VIPs, not 1");
    }
    Set<Long> slots = new HashSet<>();
    Map<String, long[]> reserved = new HashMap<>();
    int runnable = 0;
    for (Task task : tx.tasks().find(byServiceId(Workload.SERVICE_ID))) {
      int state = task.getStatus().getStateValue();
      boolean holdsNode = !task.getNodeId().isEmpty() && state >= TaskState.TASK_STATE_ASSIGNED_VALUE
          && state <= TaskState.TASK_STATE_RUNNING_VALUE;
      if (holdsNode) {
        Resources r = task.getSpec().getResources().getReservations();
        long[] sum = reserved.computeIfAbsent(task.getNodeId(), k -> new long[2]);
        sum[0] += r.getNanoCpus();
        sum[1] += r.getMemoryBytes();
      }
      if (state <= TaskState.TASK_STATE_RUNNING_VALUE) {
        for (NetworkAttachment a : task.getNetworksList()) {
          for (String address : a.getAddressesList()) {
            holdAddress(addresses, "task " + task.getId(), address);
          }
        }
      }
      if (task.getDesiredStateValue() > TaskState.TASK_STATE_RUNNING_VALUE) {
        continue;
      }
      runnable++;
      if (!slots.add(task.getSlot())) {
        problem("slot " + task.getSlot() + " has two tasks meant to run");
      }
      if (task.getSlot() < 1 || task.getSlot() > workload.tasks()) {
        problem("task " + task.getId() + " in slot " + task.getSlot() + " out of range");
      }
      if (!image.equals(task.getSpec().getContainer().getImage())) {
        problem("task " + task.getId() + " runs " + task.getSpec().getContainer().getImage());
      }
      if (task.getStatus().getState() != TaskState.TASK_STATE_ASSIGNED) {
        problem("task " + task.getId() + " is " + task.getStatus().getState());
      }
      Node node = nodes.get(task.getNodeId());
      if (node == null || node.getStatus().getState() != NodeState.NODE_STATE_READY
          || node.getSpec().getAvailability() != NodeAvailability.NODE_AVAILABILITY_ACTIVE) {
        problem("task " + task.getId() + " on unusable node '" + task.getNodeId() + "'");
      }
      if (task.getNetworksCount() != 1 || task.getNetworks(0).getAddressesCount() != 1
          || !task.getNetworks(0).getNetworkId().equals(Workload.NETWORK_ID)) {
        problem("task " + task.getId() + " has networks " + task.getNetworksList());
      }
    }
    if (runnable != workload.tasks()) {
      problem(runnable + " tasks meant to run, not " + workload.tasks());
    }
    for (Map.Entry<String, long[]> e : reserved.entrySet()) {
      Node node = nodes.get(e.getKey());
      Resources total = node == null ? Resources.getDefaultInstance()
          : node.getDescription().getResources();
      if (e.getValue()[0] > total.getNanoCpus() || e.getValue()[1] > total.getMemoryBytes()) {
        problem("node " + e.getKey() + " over its resources: " + e.getValue()[0] + " nano CPUs, "
            + e.getValue()[1] + " bytes reserved of " + total.getNanoCpus() + ", "
            + total.getMemoryBytes());
      }
    }
  }

  private void holdAddress(Set<String> held, String holder, String cidr) {
    if (!held.add(cidr)) {
      problem(holder + " holds " + cidr + ", which another holder has too");
    }
    if (!cidr.startsWith("10.16.") || !cidr.endsWith("/16")) {
      problem(holder + " holds " + cidr + ", outside " + Workload.SUBNET);
    }
  }

  private void problem(String text) {
    if (problems.size() < LIMIT) {
      problems.add(text);
    } else if (problems.size() == LIMIT) {
      problems.add("... (more)");
    }
  }
}
