package io.hearth.allocator.internal;

import io.hearth.model.IPAMConfig;
import io.hearth.model.IPAMOptions;
import io.hearth.model.Network;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The address pools of one network, one per IPAM subnet, tried in order. Built from the
 * network's allocated {@code ipam} if it has one, else from {@code spec.ipam}. Not thread-safe;
 * owned by the allocator's thread.
 */
final class NetworkIpam {
  private final String label;
  private final List<IPAMConfig> source;
  private final List<AddressPool> pools;

  private NetworkIpam(String label, List<IPAMConfig> source, List<AddressPool> pools) {
    this.label = label;
    this.source = source;
    this.pools = pools;
  }

  /**
   * The pools of {@code network}.
   *
   * @throws IllegalArgumentException naming the problem if the network has no subnet or a
   *     subnet, range or gateway is not valid
   */
  static NetworkIpam of(Network network) {
    List<IPAMConfig> source = sourceOf(network);
    String label = label(network);
    if (source.isEmpty()) {
      throw new IllegalArgumentException("network " + label + " has no IPAM subnet");
    }
    List<AddressPool> pools = new ArrayList<>();
    for (IPAMConfig config : source) {
      try {
        pools.add(new AddressPool(config));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("network " + label + ": " + e.getMessage(), e);
      }
    }
    return new NetworkIpam(label, source, pools);
  }

  /** The configurations the pools of {@code network} are built from. */
  static List<IPAMConfig> sourceOf(Network network) {
    return network.getIpam().getConfigsCount() > 0 ? network.getIpam().getConfigsList()
        : network.getSpec().getIpam().getConfigsList();
  }

  /** The network's name and id, for messages: {@code front (n1)}, or the id alone. */
  static String label(Network network) {
    String name = network.getSpec().getAnnotations().getName();
    return name.isEmpty() ? network.getId() : name + " (" + network.getId() + ")";
  }

  /**
   * Whether these pools serve {@code configs}: the ones they were built from, or the same with
   * gateways filled in (what the allocator writes to the network's {@code ipam}).
   */
  boolean builtFrom(List<IPAMConfig> configs) {
    return source.equals(configs)
        || pools.stream().map(AddressPool::config).toList().equals(configs);
  }

  /** The network's {@code ipam} as allocated: the spec's driver, every subnet with its gateway. */
  IPAMOptions allocated(Network network) {
    String driver = network.getSpec().getIpam().getDriver();
    return IPAMOptions.newBuilder().setDriver(driver.isEmpty() ? "default" : driver)
        .addAllConfigs(pools.stream().map(AddressPool::config).toList()).build();
  }

  /** A free address in CIDR form ({@code 10.0.0.3/24}), now marked used; null if none is left. */
  String allocate() {
    for (AddressPool pool : pools) {
      long address = pool.allocate();
      if (address >= 0) {
        return pool.cidr(address);
      }
    }
    return null;
  }

  /** Marks a recorded address ({@code a.b.c.d/n} or {@code a.b.c.d}) used. */
  void mark(String address) {
    AddressPool pool = poolOf(address);
    if (pool != null) {
      pool.mark(Ipv4.addressOf(address));
    }
  }

  /** Frees an address again. */
  void release(String address) {
    AddressPool pool = poolOf(address);
    if (pool != null) {
      pool.release(Ipv4.addressOf(address));
    }
  }

  /** Whether an address is marked used. */
  boolean isUsed(String address) {
    AddressPool pool = poolOf(address);
    return pool != null && pool.isUsed(Ipv4.addressOf(address));
  }

  /** Free addresses over all subnets. */
  long free() {
    return pools.stream().mapToLong(AddressPool::free).sum();
  }

  /** Why {@link #allocate} returned null: {@code no free address in network x (subnet …)}. */
  String exhausted() {
    return "no free address in network " + label + " (" + (pools.size() == 1 ? "subnet " : "subnets ")
        + pools.stream().map(p -> p.config().getSubnet()).collect(Collectors.joining(", "))
        + ")";
  }

  private AddressPool poolOf(String address) {
    long value = Ipv4.addressOf(address);
    if (value < 0) {
      return null;
    }
    for (AddressPool pool : pools) {
      if (pool.inSubnet(value)) {
        return pool;
      }
    }
    return null;
  }
}
