package io.hearth.shell.internal;

import io.hearth.model.Node;
import io.hearth.model.NodeState;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The selector options of {@code ls} and {@code watch} ({@code --service}, {@code --node},
 * {@code --state}, {@code --name-prefix}, {@code --id-prefix}, {@code --label k[=v]}), turned
 * into the store's selectors, all of which must match. Each is served by the store's index
 * ({@link By}), except a node's state, which no index has and is checked on each object.
 *
 * @param kind the kind selected
 * @param selectors the store selectors, all of which must match (empty: every object)
 * @param filter what the store cannot select, checked on each object
 */
public record Query(ObjectKind<?> kind, List<By> selectors, Predicate<Object> filter) {

  /** The options {@link #parse} reads. */
  public static final Set<String> OPTIONS =
      Set.of("service", "node", "state", "name-prefix", "id-prefix", "label");

  public Query {
    selectors = List.copyOf(selectors);
  }

  /**
   * Reads the selector options for {@code kind}, resolving {@code --service} and {@code --node}
   * (id, name or id prefix) in {@code tx}.
   *
   * @throws CommandException for a selector the kind has not, a bad state or label, or a
   *     service or node that does not resolve
   */
  public static Query parse(ObjectKind<?> kind, Args args, ReadTx tx) {
    List<By> selectors = new ArrayList<>();
    Predicate<Object> filter = o -> true;
    for (String service : args.options("service")) {
      only(kind, "service", ObjectKind.TASK);
      selectors.add(By.byServiceId(Resolver.id(tx, ObjectKind.SERVICE, service)));
    }
    for (String node : args.options("node")) {
      only(kind, "node", ObjectKind.TASK);
      selectors.add(By.byNodeId(Resolver.id(tx, ObjectKind.NODE, node)));
    }
    for (String state : args.options("state")) {
      if (kind == ObjectKind.TASK) {
        selectors.add(By.byTaskState(States.taskState(state)));
      } else if (kind == ObjectKind.NODE) {
        NodeState wanted = States.nodeState(state);
        filter = filter.and(o -> ((Node) o).getStatus().getState() == wanted);
      } else {
        throw new CommandException("--state applies to tasks and nodes, not " + Kinds.plural(kind));
      }
    }
    args.options("name-prefix").forEach(p -> selectors.add(By.byNamePrefix(p)));
    args.options("id-prefix").forEach(p -> selectors.add(By.byIdPrefix(p)));
    for (String label : args.options("label")) {
      int eq = label.indexOf('=');
      if (eq == 0) {
        throw new CommandException("--label needs a key: '" + label + "'");
      }
      selectors.add(eq < 0 ? By.byCustom(label)
          : By.byCustom(label.substring(0, eq), label.substring(eq + 1)));
    }
    return new Query(kind, selectors, filter);
  }

  private static void only(ObjectKind<?> kind, String option, ObjectKind<?> allowed) {
    if (kind != allowed) {
      throw new CommandException("--" + option + " applies to " + Kinds.plural(allowed)
          + ", not " + Kinds.plural(kind));
    }
  }

  /**
   * The objects every selector and the filter accept: the first selector's index, intersected
   * by id with each other selector's.
   */
  public <T> List<T> find(ReadTx tx, ObjectKind<T> typed) {
    if (typed != kind) {
      throw new IllegalArgumentException(typed + " is not " + kind);
    }
    List<T> found = tx.table(typed).find(selectors.isEmpty() ? By.all() : selectors.get(0));
    for (By other : selectors.subList(Math.min(1, selectors.size()), selectors.size())) {
      Set<String> ids = new HashSet<>();
      tx.table(typed).find(other).forEach(o -> ids.add(typed.id(o)));
      found = found.stream().filter(o -> ids.contains(typed.id(o))).toList();
    }
    return found.stream().filter(filter).toList();
  }
}
