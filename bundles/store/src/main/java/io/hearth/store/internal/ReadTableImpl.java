package io.hearth.store.internal;

import io.hearth.memdb.ReadTxn;
import io.hearth.memdb.Table;
import io.hearth.store.By;
import io.hearth.store.NotFoundException;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTable;
import java.util.List;

/** The objects of one kind as one memdb state holds them. */
class ReadTableImpl<T> implements ReadTable<T> {
  final ObjectKind<T> kind;
  final Table<T> table;
  private final ReadTxn txn;

  ReadTableImpl(ObjectKind<T> kind, Table<T> table, ReadTxn txn) {
    this.kind = kind;
    this.table = table;
    this.txn = txn;
  }

  @Override
  public ObjectKind<T> kind() {
    return kind;
  }

  @Override
  public T get(String id) {
    return id == null || id.isEmpty() ? null : txn.get(table, id);
  }

  @Override
  public T require(String id) {
    T object = get(id);
    if (object == null) {
      throw new NotFoundException(kind, id);
    }
    return object;
  }

  @Override
  public List<T> find(By selector) {
    return Selectors.find(txn, kind, table, selector);
  }

  @Override
  public int count() {
    return txn.count(table);
  }
}
