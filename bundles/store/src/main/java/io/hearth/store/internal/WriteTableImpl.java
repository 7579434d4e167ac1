package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.memdb.Table;
import io.hearth.memdb.UniqueConstraintException;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.Meta;
import io.hearth.model.Version;
import io.hearth.store.AlreadyExistsException;
import io.hearth.store.InvalidObjectException;
import io.hearth.store.NameConflictException;
import io.hearth.store.NotFoundException;
import io.hearth.store.ObjectKind;
import io.hearth.store.WriteTable;

/**
 * Writes of one kind inside a write transaction: checks each change (existence, names, the
 * sequencer's compare-and-swap) and stamps the store-owned meta before it reaches memdb.
 */
final class WriteTableImpl<T> extends ReadTableImpl<T> implements WriteTable<T> {
  private final TxImpl tx;
  private final WriteTxn txn;
  private final Version version;
  private final Timestamp now;

  WriteTableImpl(ObjectKind<T> kind, Table<T> table, TxImpl tx) {
    super(kind, table, tx.txn());
    this.tx = tx;
    this.txn = tx.txn();
    this.version = Version.newBuilder().setIndex(tx.stampVersion()).build();
    this.now = tx.now();
  }

  /**
   * Creates without looking the id up first: memdb's insert returns the object it replaced, so
   * a create of an existing id is found by the same walk that stores it, and is then undone by
   * storing the old object back (a closure that catches the failure and commits must find the
   * old object intact). One id-tree walk per create instead of two.
   */
  @Override
  public T create(T object) {
    String id = validId(object);
    Meta meta = Meta.newBuilder().setVersion(version).setCreatedAt(now).setUpdatedAt(now).build();
    T created = kind.withMeta(object, meta);
    T replaced;
    try {
      replaced = insert(created);
    } catch (NameConflictException e) {
      // Refused before anything changed; an existing id is still the better answer.
      if (txn.get(table, id) != null) {
        throw new AlreadyExistsException(kind, id);
      }
      throw e;
    }
    if (replaced != null) {
      txn.insert(table, replaced);
      throw new AlreadyExistsException(kind, id);
    }
    return recorded(created, id, null);
  }

  @Override
  public T update(T object) {
    String id = validId(object);
    T stored = txn.get(table, id);
    if (stored == null) {
      throw new NotFoundException(kind, id);
    }
    Meta storedMeta = kind.meta(stored);
    long given = kind.meta(object).getVersion().getIndex();
    long current = storedMeta.getVersion().getIndex();
    tx.sequencer().checkUpdate(kind, id, given, current);
    Meta meta = storedMeta.toBuilder().setVersion(version).setUpdatedAt(now).build();
    return store(kind.withMeta(object, meta), id, stored);
  }

  @Override
  public T delete(String id) {
    T removed = id == null || id.isEmpty() ? null : txn.delete(table, id);
    if (removed == null) {
      throw new NotFoundException(kind, id);
    }
    tx.wrote((com.google.protobuf.MessageLite) removed);
    tx.recordWrite(table, id, removed);
    return removed;
  }

  private T store(T object, String id, T previous) {
    insert(object);
    return recorded(object, id, previous);
  }

  /** Accounts for {@code object}, now stored, in the transaction's size and its writes. */
  private T recorded(T object, String id, T previous) {
    tx.wrote((com.google.protobuf.MessageLite) object);
    tx.recordWrite(table, id, previous);
    return object;
  }

  /** memdb's insert, with a name index conflict as the store's exception; returns the replaced. */
  private T insert(T object) {
    try {
      return txn.insert(table, object);
    } catch (UniqueConstraintException e) {
      if (e.index().name().equals(KindTables.NAME)) {
        throw new NameConflictException(kind, kind.id(object), kind.name(object),
            kind.id(kind.cast(e.existing())));
      }
      throw e;
    }
  }

  private String validId(T object) {
    if (object == null) {
      throw new InvalidObjectException("cannot store null as a " + kind);
    }
    if (!kind.type().isInstance(object)) {
      throw new InvalidObjectException("expected a " + kind + " but got a "
          + object.getClass().getSimpleName());
    }
    String id = kind.id(object);
    if (id == null || id.isEmpty()) {
      throw new InvalidObjectException(kind + " has no id");
    }
    return id;
  }
}
