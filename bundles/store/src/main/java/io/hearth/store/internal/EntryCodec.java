package io.hearth.store.internal;

import io.hearth.memdb.Change;
import io.hearth.memdb.Table;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.StoreAction;
import io.hearth.model.StoreObject;
import io.hearth.model.Transaction;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import io.hearth.store.StoreEvent;
import io.hearth.store.StoreException;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates between memdb change lists and the log's {@link Transaction} messages: the leader
 * encodes what a transaction changed; every replica applies the same actions to its tree.
 */
final class EntryCodec {
  private final KindTables tables;

  EntryCodec(KindTables tables) {
    this.tables = tables;
  }

  /** The log form of one transaction's de-duplicated change list. */
  Transaction encode(long version, List<Change<?>> changes) {
    Transaction.Builder tx = Transaction.newBuilder().setVersion(version);
    for (Change<?> change : changes) {
      tx.addActions(action(change));
    }
    return tx.build();
  }

  /** The events of one transaction's change list, as watchers see them. */
  Commit commit(long version, List<Change<?>> changes) {
    List<StoreEvent> events = new ArrayList<>(changes.size());
    for (Change<?> change : changes) {
      events.add(event(change));
    }
    return new Commit(version, events);
  }

  private <T> StoreEvent event(Change<T> change) {
    ObjectKind<T> kind = tables.kind(change.table());
    if (change.before() == null) {
      return new StoreEvent(kind, StoreEvent.Action.CREATE, change.after(), null);
    }
    if (change.after() == null) {
      return new StoreEvent(kind, StoreEvent.Action.REMOVE, change.before(), change.before());
    }
    return new StoreEvent(kind, StoreEvent.Action.UPDATE, change.after(), change.before());
  }

  private <T> StoreAction action(Change<T> change) {
    ObjectKind<T> kind = tables.kind(change.table());
    StoreAction.Kind actionKind = change.before() == null ? StoreAction.Kind.CREATE
        : change.after() == null ? StoreAction.Kind.REMOVE : StoreAction.Kind.UPDATE;
    T object = change.after() == null ? change.before() : change.after();
    return StoreAction.newBuilder().setKind(actionKind).setTarget(kind.wrap(object)).build();
  }

  /**
   * Applies one transaction's actions to {@code txn}. Each action is checked against the state
   * it lands on (a create finds no object, an update or remove finds one), so a log that does
   * not fit this replica's state is refused instead of silently diverging.
   *
   * @return the transaction's events
   * @throws StoreException if an action does not fit; {@code txn} must then be discarded
   */
  Commit apply(Transaction tx, WriteTxn txn) {
    txn.version(tx.getVersion());
    List<StoreEvent> events = new ArrayList<>(tx.getActionsCount());
    for (int i = 0; i < tx.getActionsCount(); i++) {
      events.add(apply(tx, i, ObjectKind.of(tx.getActions(i).getTarget()), txn));
    }
    return new Commit(tx.getVersion(), events);
  }

  private <T> StoreEvent apply(Transaction tx, int position, ObjectKind<T> kind, WriteTxn txn) {
    StoreAction action = tx.getActions(position);
    if (kind == null) {
      throw refused(tx, position, "no object");
    }
    StoreObject target = action.getTarget();
    T object = kind.unwrap(target);
    Table<T> table = tables.table(kind);
    String id = kind.id(object);
    // Each check uses what the write itself returns (the object it replaced or removed), so an
    // action walks the id tree once; a refused action leaves txn to be discarded.
    switch (action.getKind()) {
      case CREATE -> {
        if (txn.insert(table, object) != null) {
          throw refused(tx, position, "creates " + kind + " " + id + " which exists");
        }
        return new StoreEvent(kind, StoreEvent.Action.CREATE, object, null);
      }
      case UPDATE -> {
        T old = txn.insert(table, object);
        if (old == null) {
          throw refused(tx, position, "updates " + kind + " " + id + " which does not exist");
        }
        return new StoreEvent(kind, StoreEvent.Action.UPDATE, object, old);
      }
      case REMOVE -> {
        T old = txn.delete(table, id);
        if (old == null) {
          throw refused(tx, position, "removes " + kind + " " + id + " which does not exist");
        }
        return new StoreEvent(kind, StoreEvent.Action.REMOVE, old, old);
      }
      default -> throw refused(tx, position, "unknown action " + action.getKind());
    }
  }

  private static StoreException refused(Transaction tx, int position, String why) {
    return new StoreException(
        "log transaction version " + tx.getVersion() + " action " + position + " " + why);
  }
}
