package io.hearth.store.internal;

import io.hearth.memdb.Indexer;
import io.hearth.memdb.Keys;
import io.hearth.memdb.Schema;
import io.hearth.memdb.Table;
import io.hearth.model.ConfigReference;
import io.hearth.model.NetworkAttachment;
import io.hearth.model.NetworkAttachmentConfig;
import io.hearth.model.Node;
import io.hearth.model.SecretReference;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.model.TaskSpec;
import io.hearth.store.ObjectKind;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The memdb schema of the store: one table per {@link ObjectKind}, with the indexes the
 * selectors of {@link io.hearth.store.By} are served by.
 */
public final class KindTables {
  static final String NAME = "name";
  static final String CUSTOM = "custom";
  static final String SERVICE = "service";
  static final String NODE = "node";
  static final String SLOT = "slot";
  static final String DESIRED_STATE = "desiredstate";
  static final String TASK_STATE = "taskstate";
  static final String ROLE = "role";
  static final String MEMBERSHIP = "membership";
  static final String NETWORK = "network";
  static final String SECRET = "secret";
  static final String CONFIG = "config";

  private final Map<ObjectKind<?>, Table<?>> tables = new IdentityHashMap<>();
  private final Map<Table<?>, ObjectKind<?>> kinds = new IdentityHashMap<>();
  private final Schema schema;

  public KindTables() {
    List<Table<?>> all = new ArrayList<>();
    for (ObjectKind<?> kind : ObjectKind.all()) {
      Table<?> table = build(kind);
      tables.put(kind, table);
      kinds.put(table, kind);
      all.add(table);
    }
    schema = new Schema(all);
  }

  public Schema schema() {
    return schema;
  }

  @SuppressWarnings("unchecked")
  public <T> Table<T> table(ObjectKind<T> kind) {
    return (Table<T>) tables.get(kind);
  }

  @SuppressWarnings("unchecked")
  public <T> ObjectKind<T> kind(Table<T> table) {
    return (ObjectKind<T>) kinds.get(table);
  }

  private static <T> Table<T> build(ObjectKind<T> kind) {
    Table.Builder<T> b = Table.builder(kind.name(), kind.type())
        .id(kind::id)
        .index(NAME, kind.uniqueNames(), Indexer.lowerCase(kind::name))
        .index(CUSTOM, false, labels(kind));
    if (kind == ObjectKind.TASK) {
      addTaskIndexes((Table.Builder<Task>) (Table.Builder<?>) b);
    } else if (kind == ObjectKind.NODE) {
      Table.Builder<Node> nodes = (Table.Builder<Node>) (Table.Builder<?>) b;
      nodes.index(ROLE, false, Indexer.string(n -> n.getRole().name()))
          .index(MEMBERSHIP, false, Indexer.string(n -> n.getSpec().getMembership().name()));
    } else if (kind == ObjectKind.SERVICE) {
      Table.Builder<Service> services = (Table.Builder<Service>) (Table.Builder<?>) b;
      services.index(NETWORK, false, Indexer.strings(s -> networks(s.getSpec().getTask(),
              s.getSpec().getNetworksList(), List.of())))
          .index(SECRET, false, Indexer.strings(s -> secrets(s.getSpec().getTask())))
          .index(CONFIG, false, Indexer.strings(s -> configs(s.getSpec().getTask())));
    }
    return b.build();
  }

  private static void addTaskIndexes(Table.Builder<Task> tasks) {
    tasks.index(SERVICE, false, Indexer.string(Task::getServiceId))
        .index(NODE, false, Indexer.string(Task::getNodeId))
        .index(SLOT, false, (t, sink) -> {
          if (!t.getServiceId().isEmpty()) {
            sink.accept(Keys.concat(Keys.string(t.getServiceId()), Keys.uint64(t.getSlot())));
          }
        })
        .index(DESIRED_STATE, false, Indexer.string(t -> t.getDesiredState().name()))
        .index(TASK_STATE, false, Indexer.string(t -> t.getStatus().getState().name()))
        .index(NETWORK, false, Indexer.strings(t -> networks(t.getSpec(), List.of(),
            t.getNetworksList())))
        .index(SECRET, false, Indexer.strings(t -> secrets(t.getSpec())))
        .index(CONFIG, false, Indexer.strings(t -> configs(t.getSpec())));
  }

  /** Label index keys: {@code string(key) + string(value)}, so a key alone is a prefix. */
  private static <T> Indexer<T> labels(ObjectKind<T> kind) {
    return (object, sink) -> {
      for (Map.Entry<String, String> label : kind.labels(object).entrySet()) {
        sink.accept(Keys.concat(Keys.string(label.getKey()), Keys.string(label.getValue())));
      }
    };
  }

  private static Set<String> networks(TaskSpec spec, List<NetworkAttachmentConfig> extra,
      List<NetworkAttachment> attachments) {
    Set<String> ids = new LinkedHashSet<>();
    spec.getNetworksList().forEach(n -> ids.add(n.getTarget()));
    extra.forEach(n -> ids.add(n.getTarget()));
    attachments.forEach(a -> ids.add(a.getNetworkId()));
    ids.remove("");
    return ids;
  }

  private static Set<String> secrets(TaskSpec spec) {
    Set<String> ids = new LinkedHashSet<>();
    for (SecretReference ref : spec.getContainer().getSecretsList()) {
      ids.add(ref.getSecretId());
    }
    ids.remove("");
    return ids;
  }

  private static Set<String> configs(TaskSpec spec) {
    Set<String> ids = new LinkedHashSet<>();
    for (ConfigReference ref : spec.getContainer().getConfigsList()) {
      ids.add(ref.getConfigId());
    }
    ids.remove("");
    return ids;
  }
}
