package io.hearth.allocator.internal;

import io.hearth.model.Endpoint;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskState;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.logging.Logger;

/**
 * The allocator's picture of the store: every network with its address pools, every service,
 * and the tasks that hold addresses or wait for them (observed state up to RUNNING). The pools
 * mark exactly the addresses these objects record (services' virtual IPs, tasks' attachments),
 * so they are rebuilt from the store on every (re)start, and an address becomes free only
 * once a commit shows its holder let go of it. Kept current from the watch that starts after
 * the snapshot; owned by the allocator's thread, not thread-safe.
 *
 * <p>While a pass's writes are in flight, their new addresses are marked too (tentatively,
 * by {@link NetworkIpam#allocate}); the allocator releases those of writes that fail.
 */
final class AllocationState {
  private static final Logger LOG = Logger.getLogger(AllocationState.class.getName());

  /** An address some object records on a network. */
  record Held(String networkId, String address) { }

  private final Map<String, Network> networks = new HashMap<>();
  private final Map<String, NetworkIpam> ipams = new HashMap<>();
  private final Map<String, String> problems = new HashMap<>();
  private final Map<String, Service> services = new TreeMap<>();
  private final Map<String, Task> tasks = new HashMap<>();
  private final Map<String, Task> waiting = new TreeMap<>();
  private long version;

  /** Replaces everything with a snapshot read at {@code snapshotVersion}. */
  void reset(Collection<Network> allNetworks, Collection<Service> allServices,
      Collection<Task> liveTasks, long snapshotVersion) {
    networks.clear();
    ipams.clear();
    problems.clear();
    services.clear();
    tasks.clear();
    waiting.clear();
    for (Service service : allServices) {
      services.put(service.getId(), service);
    }
    for (Task task : liveTasks) {
      putTask(task);
    }
    for (Network network : allNetworks) {
      networks.put(network.getId(), network);
      buildPools(network);
    }
    version = snapshotVersion;
  }

  /**
   * Applies one commit of the watch. Returns whether it may change what the allocator would
   * do: a network or service changed, a task came to wait, or an address was freed.
   */
  boolean apply(Commit commit) {
    boolean relevant = false;
    for (StoreEvent event : commit.events()) {
      if (event.kind() == ObjectKind.NETWORK) {
        applyNetwork(event);
        relevant = true;
      } else if (event.kind() == ObjectKind.SERVICE) {
        relevant |= applyService(event);
      } else if (event.kind() == ObjectKind.TASK) {
        relevant |= applyTask(event);
      }
    }
    version = Math.max(version, commit.version());
    return relevant;
  }

  /** The version of the state this view holds. */
  long version() {
    return version;
  }

  /** The network with this id, or null. */
  Network network(String id) {
    return networks.get(id);
  }

  Collection<Network> networks() {
    return networks.values();
  }

  /** The pools of a network, or null if it is missing or not usable ({@link #problem}). */
  NetworkIpam ipam(String networkId) {
    return ipams.get(networkId);
  }

  /** Why a network that exists has no pools, or null. */
  String problem(String networkId) {
    return problems.get(networkId);
  }

  Service service(String id) {
    return services.get(id);
  }

  /** Every service, in id order. */
  Collection<Service> services() {
    return services.values();
  }

  /** Tasks that wait for allocation (NEW, desired state up to RUNNING), in id order. */
  Collection<Task> waiting() {
    return waiting.values();
  }

  /** The addresses a task holds: its attachments' while its observed state is up to RUNNING. */
  static List<Held> held(Task task) {
    if (task.getStatus().getStateValue() > TaskState.TASK_STATE_RUNNING_VALUE) {
      return List.of();
    }
    List<Held> held = new ArrayList<>();
    for (NetworkAttachment attachment : task.getNetworksList()) {
      for (String address : attachment.getAddressesList()) {
        held.add(new Held(attachment.getNetworkId(), address));
      }
    }
    return held;
  }

  /** The addresses a service holds: its virtual IPs. */
  static List<Held> held(Service service) {
    List<Held> held = new ArrayList<>();
    for (Endpoint.VirtualIP vip : service.getEndpoint().getVirtualIpsList()) {
      if (!vip.getAddr().isEmpty()) {
        held.add(new Held(vip.getNetworkId(), vip.getAddr()));
      }
    }
    return held;
  }

  private void applyNetwork(StoreEvent event) {
    Network network = event.object(ObjectKind.NETWORK);
    String id = network.getId();
    if (event.action() == StoreEvent.Action.REMOVE) {
      networks.remove(id);
      ipams.remove(id);
      problems.remove(id);
      return;
    }
    Network old = networks.get(id);
    if (old != null && versionOf(old) > versionOf(network)) {
      return;
    }
    networks.put(id, network);
    NetworkIpam ipam = ipams.get(id);
    if (ipam == null || !ipam.builtFrom(NetworkIpam.sourceOf(network))) {
      // New, or its subnets changed (or were allocated from a spec that changed meanwhile).
      buildPools(network);
    }
  }

  private boolean applyService(StoreEvent event) {
    Service service = event.object(ObjectKind.SERVICE);
    Service old = services.get(service.getId());
    if (event.action() == StoreEvent.Action.REMOVE) {
      services.remove(service.getId());
      change(old == null ? List.of() : held(old), List.of());
      return true;
    }
    if (old != null && versionOf(old) > versionOf(service)) {
      return false;
    }
    services.put(service.getId(), service);
    change(old == null ? List.of() : held(old), held(service));
    return true;
  }

  private boolean applyTask(StoreEvent event) {
    Task task = event.object(ObjectKind.TASK);
    Task old = tasks.get(task.getId());
    if (event.action() != StoreEvent.Action.REMOVE && old != null
        && versionOf(old) > versionOf(task)) {
      return false;
    }
    tasks.remove(task.getId());
    waiting.remove(task.getId());
    boolean live = event.action() != StoreEvent.Action.REMOVE
        && task.getStatus().getStateValue() <= TaskState.TASK_STATE_RUNNING_VALUE;
    if (live) {
      putTask(task);
    }
    boolean freed = change(old == null ? List.of() : held(old), live ? held(task) : List.of());
    return freed || waiting.containsKey(task.getId());
  }

  private void putTask(Task task) {
    tasks.put(task.getId(), task);
    if (task.getStatus().getState() == TaskState.TASK_STATE_NEW
        && task.getDesiredStateValue() <= TaskState.TASK_STATE_RUNNING_VALUE) {
      waiting.put(task.getId(), task);
    }
  }

  /** Frees what a holder let go of and marks what it took; returns whether anything was freed. */
  private boolean change(List<Held> before, List<Held> after) {
    if (before.equals(after)) {
      return false;
    }
    Set<Held> kept = new HashSet<>(after);
    boolean freed = false;
    for (Held h : before) {
      if (!kept.contains(h)) {
        NetworkIpam ipam = ipams.get(h.networkId());
        if (ipam != null) {
          ipam.release(h.address());
          freed = true;
        }
      }
    }
    for (Held h : after) {
      NetworkIpam ipam = ipams.get(h.networkId());
      if (ipam != null) {
        ipam.mark(h.address());
      }
    }
    return freed;
  }

  /** (Re)builds a network's pools and marks every address recorded on it. */
  private void buildPools(Network network) {
    String id = network.getId();
    ipams.remove(id);
    problems.remove(id);
    NetworkIpam ipam;
    try {
      ipam = NetworkIpam.of(network);
    } catch (IllegalArgumentException e) {
      problems.put(id, e.getMessage());
      LOG.info("allocator: " + e.getMessage());
      return;
    }
    ipams.put(id, ipam);
    for (Service service : services.values()) {
      markOn(id, ipam, held(service));
    }
    for (Task task : tasks.values()) {
      markOn(id, ipam, held(task));
    }
  }

  private static void markOn(String networkId, NetworkIpam ipam, List<Held> held) {
    for (Held h : held) {
      if (h.networkId().equals(networkId)) {
        ipam.mark(h.address());
      }
    }
  }

  private static long versionOf(Network n) {
    return n.getMeta().getVersion().getIndex();
  }

  private static long versionOf(Service s) {
    return s.getMeta().getVersion().getIndex();
  }

  private static long versionOf(Task t) {
    return t.getMeta().getVersion().getIndex();
  }
}
