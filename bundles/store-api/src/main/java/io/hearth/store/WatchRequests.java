package io.hearth.store;

import io.hearth.model.NodeMembership;
import io.hearth.model.NodeRole;
import io.hearth.model.TaskState;
import io.hearth.model.WatchAction;
import io.hearth.model.WatchEntry;
import io.hearth.model.WatchKind;
import io.hearth.model.WatchRequest;
import io.hearth.model.WatchSelector;
import java.util.Objects;

/**
 * Builds {@link WatchRequest}s in Java:
 *
 * <pre>{@code
 * WatchRequest request = WatchRequests.on(ObjectKind.TASK, Action.UPDATE)
 *     .serviceId(serviceId)
 *     .observedStateGreaterThan(TaskState.TASK_STATE_RUNNING)
 *     .or(ObjectKind.SERVICE).id(serviceId)
 *     .resumeFrom(lastVersion)
 *     .build();
 * }</pre>
 *
 * <p>Each {@code on}/{@code or} starts an entry (entries OR); the selectors after it belong to
 * that entry (selectors AND). No actions means every action.
 */
public final class WatchRequests {

  private WatchRequests() {
  }

  /** A request whose first entry watches {@code kind}. */
  public static Builder on(ObjectKind<?> kind, StoreEvent.Action... actions) {
    return new Builder().or(kind, actions);
  }

  /** A request whose first entry watches every kind. */
  public static Builder onAnyKind(StoreEvent.Action... actions) {
    return new Builder().orAnyKind(actions);
  }

  /** Every event of every kind. */
  public static WatchRequest everything() {
    return onAnyKind().build();
  }

  /** The protobuf name of a kind. */
  public static WatchKind kind(ObjectKind<?> kind) {
    return WatchKind.forNumber(ObjectKind.all().indexOf(Objects.requireNonNull(kind)) + 1);
  }

  /** The kind a protobuf name stands for, or {@code null} for {@link WatchKind#WATCH_KIND_ANY}. */
  public static ObjectKind<?> kind(WatchKind kind) {
    int n = kind.getNumber();
    if (n < 0 || n > ObjectKind.all().size()) {
      throw new IllegalArgumentException("unknown watch kind " + kind);
    }
    return n == 0 ? null : ObjectKind.all().get(n - 1);
  }

  /** The {@link WatchEntry#getActions()} bit of an action. */
  public static int actionBit(StoreEvent.Action action) {
    return switch (action) {
      case CREATE -> WatchAction.WATCH_ACTION_CREATE_VALUE;
      case UPDATE -> WatchAction.WATCH_ACTION_UPDATE_VALUE;
      case REMOVE -> WatchAction.WATCH_ACTION_REMOVE_VALUE;
    };
  }

  /**
   * The watch selector that matches what {@code by} finds, for the selectors that have one (all
   * but {@link By#all()} and {@link By#or}).
   *
   * @throws IllegalArgumentException for {@code all} and {@code or}
   */
  public static WatchSelector selector(By by) {
    WatchSelector.Builder s = WatchSelector.newBuilder();
    if (by instanceof By.Name n) {
      s.setName(n.name());
    } else if (by instanceof By.NamePrefix p) {
      s.setNamePrefix(p.prefix());
    } else if (by instanceof By.IdPrefix p) {
      s.setIdPrefix(p.prefix());
    } else if (by instanceof By.ServiceId x) {
      s.setServiceId(x.serviceId());
    } else if (by instanceof By.NodeId x) {
      s.setNodeId(x.nodeId());
    } else if (by instanceof By.Slot x) {
      s.setSlot(WatchSelector.Slot.newBuilder().setServiceId(x.serviceId()).setSlot(x.slot()));
    } else if (by instanceof By.DesiredState x) {
      s.setDesiredState(x.state());
    } else if (by instanceof By.ObservedState x) {
      s.setObservedState(x.state());
    } else if (by instanceof By.Role x) {
      s.setRole(x.role());
    } else if (by instanceof By.Membership x) {
      s.setMembership(x.membership());
    } else if (by instanceof By.ReferencedNetwork x) {
      s.setReferencedNetworkId(x.networkId());
    } else if (by instanceof By.ReferencedSecret x) {
      s.setReferencedSecretId(x.secretId());
    } else if (by instanceof By.ReferencedConfig x) {
      s.setReferencedConfigId(x.configId());
    } else if (by instanceof By.Custom c) {
      WatchSelector.Label.Builder label = WatchSelector.Label.newBuilder().setKey(c.key());
      if (c.value() != null) {
        label.setValue(c.value());
      }
      s.setLabel(label);
    } else {
      throw new IllegalArgumentException(by + " has no watch selector: use one entry per "
          + "alternative (or) or no selector (all)");
    }
    return s.build();
  }

  /** A request under construction; not thread-safe. */
  public static final class Builder {
    private final WatchRequest.Builder request = WatchRequest.newBuilder();
    private WatchEntry.Builder entry;

    private Builder() {
    }

    /** Starts the next entry, on {@code kind}; no actions means every action. */
    public Builder or(ObjectKind<?> kind, StoreEvent.Action... actions) {
      return start(kind(kind), actions);
    }

    /** Starts the next entry, on every kind. */
    public Builder orAnyKind(StoreEvent.Action... actions) {
      return start(WatchKind.WATCH_KIND_ANY, actions);
    }

    private Builder start(WatchKind kind, StoreEvent.Action... actions) {
      finishEntry();
      int mask = 0;
      for (StoreEvent.Action action : actions) {
        mask |= actionBit(action);
      }
      entry = WatchEntry.newBuilder().setKind(kind).setActions(mask);
      return this;
    }

    /** Adds the selector equivalent to {@code by} to the current entry (see {@link #selector}). */
    public Builder where(By by) {
      if (by instanceof By.All) {
        return this;
      }
      return add(selector(by));
    }

    public Builder id(String id) {
      return add(WatchSelector.newBuilder().setId(id).build());
    }

    public Builder idPrefix(String prefix) {
      return add(WatchSelector.newBuilder().setIdPrefix(prefix).build());
    }

    /** Name, ignoring case. */
    public Builder name(String name) {
      return add(WatchSelector.newBuilder().setName(name).build());
    }

    /** Name prefix, ignoring case. */
    public Builder namePrefix(String prefix) {
      return add(WatchSelector.newBuilder().setNamePrefix(prefix).build());
    }

    /** The label {@code key}, any value. */
    public Builder label(String key) {
      return add(WatchSelector.newBuilder()
          .setLabel(WatchSelector.Label.newBuilder().setKey(key)).build());
    }

    /** The label {@code key=value}. */
    public Builder label(String key, String value) {
      return add(WatchSelector.newBuilder()
          .setLabel(WatchSelector.Label.newBuilder().setKey(key).setValue(value)).build());
    }

    public Builder serviceId(String serviceId) {
      return add(WatchSelector.newBuilder().setServiceId(serviceId).build());
    }

    public Builder nodeId(String nodeId) {
      return add(WatchSelector.newBuilder().setNodeId(nodeId).build());
    }

    public Builder slot(String serviceId, long slot) {
      return add(WatchSelector.newBuilder().setSlot(
          WatchSelector.Slot.newBuilder().setServiceId(serviceId).setSlot(slot)).build());
    }

    public Builder desiredState(TaskState state) {
      return add(WatchSelector.newBuilder().setDesiredState(state).build());
    }

    public Builder observedState(TaskState state) {
      return add(WatchSelector.newBuilder().setObservedState(state).build());
    }

    /** Tasks whose observed state comes after {@code state} in the task lifecycle. */
    public Builder observedStateGreaterThan(TaskState state) {
      return add(WatchSelector.newBuilder().setObservedStateGreaterThan(state).build());
    }

    public Builder role(NodeRole role) {
      return add(WatchSelector.newBuilder().setRole(role).build());
    }

    public Builder membership(NodeMembership membership) {
      return add(WatchSelector.newBuilder().setMembership(membership).build());
    }

    public Builder referencedNetworkId(String networkId) {
      return add(WatchSelector.newBuilder().setReferencedNetworkId(networkId).build());
    }

    public Builder referencedSecretId(String secretId) {
      return add(WatchSelector.newBuilder().setReferencedSecretId(secretId).build());
    }

    public Builder referencedConfigId(String configId) {
      return add(WatchSelector.newBuilder().setReferencedConfigId(configId).build());
    }

    /** Delivers old objects ({@link StoreEvent#oldObject()}) of updates and removes. */
    public Builder includeOldObject() {
      request.setIncludeOldObject(true);
      return this;
    }

    /** Delivers every matching commit after {@code version} first (from the history). */
    public Builder resumeFrom(long version) {
      if (version < 0) {
        throw new IllegalArgumentException("negative version " + version);
      }
      request.setResumeFrom(version);
      return this;
    }

    public WatchRequest build() {
      finishEntry();
      return request.build();
    }

    private Builder add(WatchSelector selector) {
      if (entry == null) {
        throw new IllegalStateException("start an entry with on(...) or or(...) first");
      }
      entry.addSelectors(selector);
      return this;
    }

    private void finishEntry() {
      if (entry != null) {
        request.addEntries(entry);
        entry = null;
      }
    }
  }
}
