package io.hearth.store;

import io.hearth.model.Annotations;
import io.hearth.model.Cluster;
import io.hearth.model.Config;
import io.hearth.model.Meta;
import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.Secret;
import io.hearth.model.Service;
import io.hearth.model.StoreObject;
import io.hearth.model.Task;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * One kind of stored object, with the accessors the store needs to treat all kinds alike: id,
 * name, labels, meta, and conversion to and from the {@link StoreObject} envelope of the log.
 * The seven instances are the constants below; there are no others.
 */
public final class ObjectKind<T> {

  public static final ObjectKind<Cluster> CLUSTER = new ObjectKind<>("cluster", Cluster.class,
      true, Cluster::getId, c -> c.getSpec().getAnnotations(), Cluster::getMeta,
      (c, m) -> c.toBuilder().setMeta(m).build(),
      c -> StoreObject.newBuilder().setCluster(c).build(), StoreObject::getCluster);

  public static final ObjectKind<Node> NODE = new ObjectKind<>("node", Node.class,
      false, Node::getId, n -> n.getSpec().getAnnotations(), Node::getMeta,
      (n, m) -> n.toBuilder().setMeta(m).build(),
      n -> StoreObject.newBuilder().setNode(n).build(), StoreObject::getNode);

  public static final ObjectKind<Service> SERVICE = new ObjectKind<>("service", Service.class,
      true, Service::getId, s -> s.getSpec().getAnnotations(), Service::getMeta,
      (s, m) -> s.toBuilder().setMeta(m).build(),
      s -> StoreObject.newBuilder().setService(s).build(), StoreObject::getService);

  public static final ObjectKind<Task> TASK = new ObjectKind<>("task", Task.class,
      false, Task::getId, Task::getAnnotations, Task::getMeta,
      (t, m) -> t.toBuilder().setMeta(m).build(),
      t -> StoreObject.newBuilder().setTask(t).build(), StoreObject::getTask);

  public static final ObjectKind<Network> NETWORK = new ObjectKind<>("network", Network.class,
      true, Network::getId, n -> n.getSpec().getAnnotations(), Network::getMeta,
      (n, m) -> n.toBuilder().setMeta(m).build(),
      n -> StoreObject.newBuilder().setNetwork(n).build(), StoreObject::getNetwork);

  public static final ObjectKind<Secret> SECRET = new ObjectKind<>("secret", Secret.class,
      true, Secret::getId, s -> s.getSpec().getAnnotations(), Secret::getMeta,
      (s, m) -> s.toBuilder().setMeta(m).build(),
      s -> StoreObject.newBuilder().setSecret(s).build(), StoreObject::getSecret);

  public static final ObjectKind<Config> CONFIG = new ObjectKind<>("config", Config.class,
      true, Config::getId, c -> c.getSpec().getAnnotations(), Config::getMeta,
      (c, m) -> c.toBuilder().setMeta(m).build(),
      c -> StoreObject.newBuilder().setConfig(c).build(), StoreObject::getConfig);

  private static final List<ObjectKind<?>> ALL =
      List.of(CLUSTER, NODE, SERVICE, TASK, NETWORK, SECRET, CONFIG);

  private final String name;
  private final Class<T> type;
  private final boolean uniqueNames;
  private final Function<T, String> id;
  private final Function<T, Annotations> annotations;
  private final Function<T, Meta> meta;
  private final BiFunction<T, Meta, T> withMeta;
  private final Function<T, StoreObject> wrap;
  private final Function<StoreObject, T> unwrap;

  private ObjectKind(String name, Class<T> type, boolean uniqueNames, Function<T, String> id,
      Function<T, Annotations> annotations, Function<T, Meta> meta,
      BiFunction<T, Meta, T> withMeta, Function<T, StoreObject> wrap,
      Function<StoreObject, T> unwrap) {
    this.name = name;
    this.type = type;
    this.uniqueNames = uniqueNames;
    this.id = id;
    this.annotations = annotations;
    this.meta = meta;
    this.withMeta = withMeta;
    this.wrap = wrap;
    this.unwrap = unwrap;
  }

  /** Every kind, in a fixed order (the order of {@link StoreObject}'s fields). */
  public static List<ObjectKind<?>> all() {
    return ALL;
  }

  /** The kind of {@code object}, or {@code null} if it is not a stored kind. */
  @SuppressWarnings("unchecked")
  public static <T> ObjectKind<T> of(T object) {
    for (ObjectKind<?> kind : ALL) {
      if (kind.type.isInstance(object)) {
        return (ObjectKind<T>) kind;
      }
    }
    return null;
  }

  /** The kind held in a log envelope. */
  public static ObjectKind<?> of(StoreObject object) {
    return switch (object.getObjectCase()) {
      case CLUSTER -> CLUSTER;
      case NODE -> NODE;
      case SERVICE -> SERVICE;
      case TASK -> TASK;
      case NETWORK -> NETWORK;
      case SECRET -> SECRET;
      case CONFIG -> CONFIG;
      case OBJECT_NOT_SET -> null;
    };
  }

  /** Lower-case singular name, e.g. {@code "task"}. */
  public String name() {
    return name;
  }

  public Class<T> type() {
    return type;
  }

  /** Whether two objects of this kind may not share a name (compared case-insensitively). */
  public boolean uniqueNames() {
    return uniqueNames;
  }

  public String id(T object) {
    return id.apply(object);
  }

  /** The object's name, or {@code ""} if it has none. */
  public String name(T object) {
    return annotations.apply(object).getName();
  }

  public Map<String, String> labels(T object) {
    return annotations.apply(object).getLabelsMap();
  }

  public Meta meta(T object) {
    return meta.apply(object);
  }

  /** A copy of {@code object} with {@code meta} replaced. */
  public T withMeta(T object, Meta newMeta) {
    return withMeta.apply(object, newMeta);
  }

  public StoreObject wrap(T object) {
    return wrap.apply(object);
  }

  /** The object inside an envelope of this kind. */
  public T unwrap(StoreObject object) {
    return unwrap.apply(object);
  }

  /** Casts an object known to be of this kind. */
  public T cast(Object object) {
    return type.cast(object);
  }

  @Override
  public String toString() {
    return name;
  }
}
