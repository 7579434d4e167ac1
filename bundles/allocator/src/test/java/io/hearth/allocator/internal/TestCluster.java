package io.hearth.allocator.internal;

import static org.awaitility.Awaitility.await;

import io.hearth.model.Annotations;
import io.hearth.model.IPAMConfig;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Network;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.NetworkSpec;
import io.hearth.model.ReplicatedService;
import io.hearth.model.Service;
import io.hearth.model.ServiceSpec;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.model.TaskState;
import io.hearth.model.TaskStatus;
import io.hearth.store.By;
import io.hearth.store.StoreService;
import io.hearth.store.internal.HearthStore;
import io.hearth.store.internal.StoreLimits;
import io.hearth.store.internal.log.InProcessLog;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A real store on an in-process log, a real watch hub over it, and allocators started on them;
 * close it to stop every thread. Builders for networks, services and tasks.
 */
final class TestCluster implements AutoCloseable {
  static final AllocatorSettings FAST =
      new AllocatorSettings(1000, Duration.ofMillis(5), Duration.ofMillis(200));

  final InProcessLog log = new InProcessLog("allocator-test");
  final HearthStore store = new HearthStore(log, StoreLimits.DEFAULTS, Clock.systemUTC());
  final WatchHub hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
  private final List<Allocator> allocators = new ArrayList<>();

  Allocator startAllocator() {
    return startAllocator(store);
  }

  /** An allocator that writes through {@code via} (a wrapper of {@link #store}). */
  Allocator startAllocator(StoreService via) {
    Allocator allocator = new Allocator(via, hub, FAST, Clock.systemUTC());
    allocators.add(allocator);
    allocator.start();
    return allocator;
  }

  /** A network named {@code name} with one IPAM config per subnet. */
  static Network.Builder network(String id, String name, String... subnets) {
    IPAMOptions.Builder ipam = IPAMOptions.newBuilder();
    for (String subnet : subnets) {
      ipam.addConfigs(IPAMConfig.newBuilder().setSubnet(subnet));
    }
    return Network.newBuilder().setId(id).setSpec(NetworkSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(name)).setDriver("overlay")
        .setIpam(ipam));
  }

  /** A replicated service whose tasks attach to {@code networks} (VIP mode, the default). */
  static Service.Builder service(String id, String... networks) {
    TaskSpec.Builder template = TaskSpec.newBuilder();
    for (String n : networks) {
      template.addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(n));
    }
    return Service.newBuilder().setId(id).setSpec(ServiceSpec.newBuilder()
        .setAnnotations(Annotations.newBuilder().setName(id)).setTask(template)
        .setReplicated(ReplicatedService.newBuilder().setReplicas(1)));
  }

  /** A task as the orchestrator creates it: NEW, desired RUNNING, attached to {@code networks}. */
  static Task.Builder task(String id, String serviceId, String... networks) {
    TaskSpec.Builder spec = TaskSpec.newBuilder();
    for (String n : networks) {
      spec.addNetworks(NetworkAttachmentConfig.newBuilder().setTarget(n));
    }
    return Task.newBuilder().setId(id).setServiceId(serviceId).setSpec(spec)
        .setDesiredState(TaskState.TASK_STATE_RUNNING)
        .setStatus(TaskStatus.newBuilder().setState(TaskState.TASK_STATE_NEW));
  }

  void create(Network.Builder... networks) {
    store.update(tx -> {
      for (Network.Builder n : networks) {
        tx.networks().create(n.build());
      }
    });
  }

  void create(Service.Builder... services) {
    store.update(tx -> {
      for (Service.Builder s : services) {
        tx.services().create(s.build());
      }
    });
  }

  void create(Task.Builder... tasks) {
    store.update(tx -> {
      for (Task.Builder t : tasks) {
        tx.tasks().create(t.build());
      }
    });
  }

  Task task(String id) {
    return store.view(tx -> tx.tasks().require(id));
  }

  Service service(String id) {
    return store.view(tx -> tx.services().require(id));
  }

  void updateTask(String id, Consumer<Task.Builder> change) {
    store.update(tx -> {
      Task.Builder t = tx.tasks().require(id).toBuilder();
      change.accept(t);
      tx.tasks().update(t.build());
    });
  }

  /** Waits until the task is PENDING and returns it. */
  Task awaitPending(String id) {
    return await().atMost(Duration.ofSeconds(10)).until(() -> task(id),
        t -> t.getStatus().getState() == TaskState.TASK_STATE_PENDING);
  }

  /** Waits until the task, still NEW, carries {@code err}. */
  void awaitWaiting(String id, String err) {
    Task t = await().atMost(Duration.ofSeconds(10)).until(() -> task(id),
        x -> err.equals(x.getStatus().getErr()));
    if (t.getStatus().getState() != TaskState.TASK_STATE_NEW) {
      throw new AssertionError("expected a NEW task, got " + t);
    }
  }

  /** Every address recorded in the store (virtual IPs and live tasks' attachments). */
  List<String> recordedAddresses() {
    return store.view(tx -> {
      List<String> all = new ArrayList<>();
      for (Service s : tx.services().find(By.all())) {
        s.getEndpoint().getVirtualIpsList().forEach(v -> all.add(v.getAddr()));
      }
      for (Task t : tx.tasks().find(By.all())) {
        if (t.getStatus().getStateValue() <= TaskState.TASK_STATE_RUNNING_VALUE) {
          for (NetworkAttachment a : t.getNetworksList()) {
            all.addAll(a.getAddressesList());
          }
        }
      }
      return all;
    });
  }

  int pendingCount() {
    return store.view(tx -> tx.tasks().find(By.byTaskState(TaskState.TASK_STATE_PENDING))
        .size());
  }

  @Override
  public void close() {
    for (Allocator a : allocators) {
      a.close();
    }
    hub.close();
    store.close();
    log.close();
  }
}
