package io.hearth.allocator.internal;

import com.google.protobuf.Timestamp;
import io.hearth.allocator.internal.AllocationState.Held;
import io.hearth.model.Endpoint;
import io.hearth.model.EndpointSpec;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.ObjectKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides, from an {@link AllocationState}, what to write: networks' allocated {@code ipam},
 * services' virtual IPs, and for each waiting task an address per network it attaches to and
 * the move to PENDING. New addresses are taken from the pools at once (tentatively: the
 * allocator frees them again if their write fails). Nothing is written here.
 */
final class Planner {
  static final String PENDING_MESSAGE = "pending task scheduling";

  /**
   * One object to write, built on the version the state holds (compare-and-swap), with the
   * addresses it takes that no committed object holds yet.
   */
  record Write(ObjectKind<?> kind, Object object, List<Held> reserved) { }

  private final AllocationState state;
  private final Timestamp now;
  private final List<Write> writes = new ArrayList<>();
  /** Services whose tasks must wait: "" while their write is in flight, else the reason. */
  private final Map<String, String> blockedServices = new HashMap<>();

  private Planner(AllocationState state, Timestamp now) {
    this.state = state;
    this.now = now;
  }

  /** The writes that bring networks, services and waiting tasks up to date. */
  static List<Write> plan(AllocationState state, Timestamp now) {
    Planner planner = new Planner(state, now);
    for (Network network : state.networks()) {
      planner.planNetwork(network);
    }
    for (Service service : state.services()) {
      planner.planService(service);
    }
    for (Task task : state.waiting()) {
      planner.planTask(task);
    }
    return planner.writes;
  }

  /** The networks a service's endpoint and tasks attach to: the task template's, then its own. */
  static Set<String> attached(Service service) {
    Set<String> ids = new LinkedHashSet<>();
    for (NetworkAttachmentConfig c : service.getSpec().getTask().getNetworksList()) {
      ids.add(c.getTarget());
    }
    for (NetworkAttachmentConfig c : service.getSpec().getNetworksList()) {
      ids.add(c.getTarget());
    }
    return ids;
  }

  private void planNetwork(Network network) {
    NetworkIpam ipam = state.ipam(network.getId());
    if (ipam == null) {
      return;
    }
    IPAMOptions allocated = ipam.allocated(network);
    if (!network.getIpam().equals(allocated)) {
      writes.add(new Write(ObjectKind.NETWORK, network.toBuilder().setIpam(allocated).build(),
          List.of()));
    }
  }

  private void planService(Service service) {
    Endpoint.Builder endpoint = Endpoint.newBuilder();
    if (service.getSpec().hasEndpoint()) {
      endpoint.setSpec(service.getSpec().getEndpoint());
    }
    String reason = null;
    List<Held> reserved = new ArrayList<>();
    if (service.getSpec().getEndpoint().getMode() == EndpointSpec.ResolutionMode.RESOLUTION_MODE_VIP) {
      Map<String, String> current = new HashMap<>();
      for (Endpoint.VirtualIP vip : service.getEndpoint().getVirtualIpsList()) {
        current.putIfAbsent(vip.getNetworkId(), vip.getAddr());
      }
      for (String networkId : attached(service)) {
        String address = current.getOrDefault(networkId, "");
        if (address.isEmpty()) {
          NetworkIpam ipam = state.ipam(networkId);
          if (ipam == null) {
            reason = unusable(networkId);
            continue;
          }
          address = ipam.allocate();
          if (address == null) {
            reason = ipam.exhausted();
            continue;
          }
          reserved.add(new Held(networkId, address));
        }
        endpoint.addVirtualIps(Endpoint.VirtualIP.newBuilder().setNetworkId(networkId)
            .setAddr(address));
      }
    }
    Endpoint next = endpoint.build();
    boolean changed = !next.equals(service.getEndpoint());
    if (changed) {
      // Virtual IPs of networks it left go in the same write; they are freed once it commits.
      writes.add(new Write(ObjectKind.SERVICE, service.toBuilder().setEndpoint(next).build(),
          reserved));
    }
    if (reason != null) {
      blockedServices.put(service.getId(), "virtual IP of service " + service.getId() + ": "
          + reason);
    } else if (changed) {
      blockedServices.put(service.getId(), "");
    }
  }

  private void planTask(Task task) {
    Service service = state.service(task.getServiceId());
    if (service != null) {
      String blocked = blockedServices.get(service.getId());
      if (blocked != null && blocked.isEmpty()) {
        // Its service's endpoint is being written: allocate the task once that committed.
        return;
      }
      if (blocked != null) {
        keepWaiting(task, blocked);
        return;
      }
    }
    List<NetworkAttachmentConfig> wanted = task.getSpec().getNetworksCount() > 0
        || service == null ? task.getSpec().getNetworksList()
        : service.getSpec().getNetworksList();
    Map<String, NetworkAttachment> current = new HashMap<>();
    for (NetworkAttachment a : task.getNetworksList()) {
      current.putIfAbsent(a.getNetworkId(), a);
    }
    Map<String, NetworkAttachment> attachments = new LinkedHashMap<>();
    List<Held> reserved = new ArrayList<>();
    String reason = null;
    for (NetworkAttachmentConfig config : wanted) {
      String networkId = config.getTarget();
      if (attachments.containsKey(networkId)) {
        continue;
      }
      NetworkAttachment.Builder attachment = NetworkAttachment.newBuilder()
          .setNetworkId(networkId).addAllAliases(config.getAliasesList());
      NetworkAttachment had = current.get(networkId);
      if (had != null && had.getAddressesCount() > 0) {
        attachments.put(networkId, attachment.addAllAddresses(had.getAddressesList()).build());
        continue;
      }
      NetworkIpam ipam = state.ipam(networkId);
      if (ipam == null) {
        reason = unusable(networkId);
        break;
      }
      String address = ipam.allocate();
      if (address == null) {
        reason = ipam.exhausted();
        break;
      }
      reserved.add(new Held(networkId, address));
      attachments.put(networkId, attachment.addAddresses(address).build());
    }
    if (reason != null) {
      // All or nothing: what this task took in this pass goes back.
      for (Held h : reserved) {
        state.ipam(h.networkId()).release(h.address());
      }
      keepWaiting(task, reason);
      return;
    }
    Task.Builder next = task.toBuilder().clearNetworks().addAllNetworks(attachments.values());
    if (service != null && service.hasEndpoint()) {
      next.setEndpoint(service.getEndpoint());
    }
    next.getStatusBuilder().setState(TaskState.TASK_STATE_PENDING).setMessage(PENDING_MESSAGE)
        .setErr("").setTimestamp(now);
    writes.add(new Write(ObjectKind.TASK, next.build(), reserved));
  }

  /** The task stays NEW; its status says why, written only when the reason changes. */
  private void keepWaiting(Task task, String reason) {
    if (reason.equals(task.getStatus().getErr())) {
      return;
    }
    Task.Builder next = task.toBuilder();
    next.getStatusBuilder().setErr(reason).setTimestamp(now);
    writes.add(new Write(ObjectKind.TASK, next.build(), List.of()));
  }

  private String unusable(String networkId) {
    String problem = state.problem(networkId);
    return problem != null ? problem : "network " + networkId + " not found";
  }
}
