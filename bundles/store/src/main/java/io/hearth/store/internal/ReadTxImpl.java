package io.hearth.store.internal;

import io.hearth.memdb.ReadTxn;
import io.hearth.model.Cluster;
import io.hearth.model.Config;
import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.Secret;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.store.ObjectKind;
import io.hearth.store.ReadTable;
import io.hearth.store.ReadTx;

/** A read transaction over one immutable memdb snapshot. */
final class ReadTxImpl implements ReadTx {
  private final KindTables tables;
  private final ReadTxn txn;

  ReadTxImpl(KindTables tables, ReadTxn txn) {
    this.tables = tables;
    this.txn = txn;
  }

  @Override
  public <T> ReadTable<T> table(ObjectKind<T> kind) {
    return new ReadTableImpl<>(kind, tables.table(kind), txn);
  }

  @Override
  public ReadTable<Cluster> clusters() {
    return table(ObjectKind.CLUSTER);
  }

  @Override
  public ReadTable<Node> nodes() {
    return table(ObjectKind.NODE);
  }

  @Override
  public ReadTable<Service> services() {
    return table(ObjectKind.SERVICE);
  }

  @Override
  public ReadTable<Task> tasks() {
    return table(ObjectKind.TASK);
  }

  @Override
  public ReadTable<Network> networks() {
    return table(ObjectKind.NETWORK);
  }

  @Override
  public ReadTable<Secret> secrets() {
    return table(ObjectKind.SECRET);
  }

  @Override
  public ReadTable<Config> configs() {
    return table(ObjectKind.CONFIG);
  }

  @Override
  public long version() {
    return txn.version();
  }
}
