package io.hearth.store.internal;

import io.hearth.memdb.Keys;
import io.hearth.memdb.ReadTxn;
import io.hearth.memdb.Table;
import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns a {@link By} selector into a query on the index that serves it. */
final class Selectors {

  private Selectors() {
  }

  static <T> List<T> find(ReadTxn txn, ObjectKind<T> kind, Table<T> table, By selector) {
    if (selector instanceof By.Or or) {
      Map<String, T> union = new LinkedHashMap<>();
      for (By part : or.selectors()) {
        for (T object : find(txn, kind, table, part)) {
          union.putIfAbsent(kind.id(object), object);
        }
      }
      return new ArrayList<>(union.values());
    }
    List<T> result = new ArrayList<>();
    query(txn, kind, table, selector).forEachRemaining(result::add);
    return result;
  }

  // Java 17 has no pattern matching in switch, hence the instanceof chain.
  private static <T> Iterator<T> query(ReadTxn txn, ObjectKind<T> kind, Table<T> table,
      By selector) {
    if (selector instanceof By.All) {
      return txn.all(table);
    } else if (selector instanceof By.Name n) {
      return txn.find(table.index(KindTables.NAME), Keys.lowerCase(n.name()));
    } else if (selector instanceof By.NamePrefix p) {
      return txn.findPrefix(table.index(KindTables.NAME), Keys.lowerCasePrefix(p.prefix()));
    } else if (selector instanceof By.IdPrefix p) {
      return txn.findPrefix(table.id(), Keys.stringPrefix(p.prefix()));
    } else if (selector instanceof By.Custom c) {
      return c.value() == null
          ? txn.findPrefix(table.index(KindTables.CUSTOM), Keys.string(c.key()))
          : txn.find(table.index(KindTables.CUSTOM),
              Keys.concat(Keys.string(c.key()), Keys.string(c.value())));
    } else if (selector instanceof By.Slot s) {
      return txn.find(index(kind, table, selector, KindTables.SLOT),
          Keys.concat(Keys.string(s.serviceId()), Keys.uint64(s.slot())));
    }
    String[] exact = exactKey(selector);
    return txn.find(index(kind, table, selector, exact[0]), Keys.string(exact[1]));
  }

  /** The index name and the key of a selector that is one exact string lookup. */
  private static String[] exactKey(By selector) {
    if (selector instanceof By.ServiceId s) {
      return new String[] {KindTables.SERVICE, s.serviceId()};
    } else if (selector instanceof By.NodeId s) {
      return new String[] {KindTables.NODE, s.nodeId()};
    } else if (selector instanceof By.DesiredState s) {
      return new String[] {KindTables.DESIRED_STATE, s.state().name()};
    } else if (selector instanceof By.ObservedState s) {
      return new String[] {KindTables.TASK_STATE, s.state().name()};
    } else if (selector instanceof By.Role r) {
      return new String[] {KindTables.ROLE, r.role().name()};
    } else if (selector instanceof By.Membership m) {
      return new String[] {KindTables.MEMBERSHIP, m.membership().name()};
    } else if (selector instanceof By.ReferencedNetwork r) {
      return new String[] {KindTables.NETWORK, r.networkId()};
    } else if (selector instanceof By.ReferencedSecret r) {
      return new String[] {KindTables.SECRET, r.secretId()};
    } else if (selector instanceof By.ReferencedConfig r) {
      return new String[] {KindTables.CONFIG, r.configId()};
    }
    throw new IllegalArgumentException("unknown selector " + selector);
  }

  private static <T> io.hearth.memdb.Index<T> index(ObjectKind<T> kind, Table<T> table,
      By selector, String indexName) {
    for (io.hearth.memdb.Index<T> index : table.indexes()) {
      if (index.name().equals(indexName)) {
        return index;
      }
    }
    throw new IllegalArgumentException(
        "selector " + selector + " does not apply to " + kind.name() + " objects");
  }
}
