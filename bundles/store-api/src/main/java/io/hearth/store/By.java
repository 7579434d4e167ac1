package io.hearth.store;

import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.TaskState;
import java.util.List;
import java.util.Objects;

/**
 * A selector for {@link ReadTable#find}: which objects of a kind to return. Each selector is
 * served by an index; a selector a kind has no index for is rejected with an
 * {@link IllegalArgumentException}. Selectors are immutable values (records), so they can be
 * compared, logged and, later, sent over the wire.
 *
 * <p>Use with a static import: {@code tx.tasks().find(byServiceId(id))}.
 */
public sealed interface By {

  /** Every object of the kind, in id order. */
  static By all() {
    return All.INSTANCE;
  }

  /** Objects whose name equals {@code name}, ignoring case. */
  static By byName(String name) {
    return new Name(Objects.requireNonNull(name));
  }

  /** Objects whose name starts with {@code prefix}, ignoring case. */
  static By byNamePrefix(String prefix) {
    return new NamePrefix(Objects.requireNonNull(prefix));
  }

  /** Objects whose id starts with {@code prefix}. */
  static By byIdPrefix(String prefix) {
    return new IdPrefix(Objects.requireNonNull(prefix));
  }

  /** Tasks of a service. */
  static By byServiceId(String serviceId) {
    return new ServiceId(Objects.requireNonNull(serviceId));
  }

  /** Tasks assigned to a node. */
  static By byNodeId(String nodeId) {
    return new NodeId(Objects.requireNonNull(nodeId));
  }

  /** Tasks of a service in one slot. */
  static By bySlot(String serviceId, long slot) {
    return new Slot(Objects.requireNonNull(serviceId), slot);
  }

  /** Tasks whose desired state is {@code state}. */
  static By byDesiredState(TaskState state) {
    return new DesiredState(Objects.requireNonNull(state));
  }

  /** Tasks whose observed state ({@code status.state}) is {@code state}. */
  static By byTaskState(TaskState state) {
    return new ObservedState(Objects.requireNonNull(state));
  }

  /** Nodes with this role. */
  static By byRole(NodeRole role) {
    return new Role(Objects.requireNonNull(role));
  }

  /** Nodes with this membership. */
  static By byMembership(NodeMembership membership) {
    return new Membership(Objects.requireNonNull(membership));
  }

  /** Services and tasks attached to a network. */
  static By byReferencedNetworkId(String networkId) {
    return new ReferencedNetwork(Objects.requireNonNull(networkId));
  }

  /** Services and tasks that use a secret. */
  static By byReferencedSecretId(String secretId) {
    return new ReferencedSecret(Objects.requireNonNull(secretId));
  }

  /** Services and tasks that use a config. */
  static By byReferencedConfigId(String configId) {
    return new ReferencedConfig(Objects.requireNonNull(configId));
  }

  /** Objects carrying the label {@code key}, whatever its value. */
  static By byCustom(String key) {
    return new Custom(Objects.requireNonNull(key), null);
  }

  /** Objects carrying the label {@code key=value}. */
  static By byCustom(String key, String value) {
    return new Custom(Objects.requireNonNull(key), Objects.requireNonNull(value));
  }

  /** Objects matching any of the selectors, each once. */
  static By or(By... selectors) {
    return new Or(List.of(selectors));
  }

  /** See {@link By#all()}. */
  enum All implements By { INSTANCE }

  /** See {@link By#byName}. */
  record Name(String name) implements By { }

  /** See {@link By#byNamePrefix}. */
  record NamePrefix(String prefix) implements By { }

  /** See {@link By#byIdPrefix}. */
  record IdPrefix(String prefix) implements By { }

  /** See {@link By#byServiceId}. */
  record ServiceId(String serviceId) implements By { }

  /** See {@link By#byNodeId}. */
  record NodeId(String nodeId) implements By { }

  /** See {@link By#bySlot}. */
  record Slot(String serviceId, long slot) implements By { }

  /** See {@link By#byDesiredState}. */
  record DesiredState(TaskState state) implements By { }

  /** See {@link By#byTaskState}. */
  record ObservedState(TaskState state) implements By { }

  /** See {@link By#byRole}. */
  record Role(NodeRole role) implements By { }

  /** See {@link By#byMembership}. */
  record Membership(NodeMembership membership) implements By { }

  /** See {@link By#byReferencedNetworkId}. */
  record ReferencedNetwork(String networkId) implements By { }

  /** See {@link By#byReferencedSecretId}. */
  record ReferencedSecret(String secretId) implements By { }

  /** See {@link By#byReferencedConfigId}. */
  record ReferencedConfig(String configId) implements By { }

  /** See {@link By#byCustom(String, String)}; {@code value} is null to match any value. */
  record Custom(String key, String value) implements By { }

  /** See {@link By#or}. */
  record Or(List<By> selectors) implements By {
    public Or {
      selectors = List.copyOf(selectors);
    }
  }
}
