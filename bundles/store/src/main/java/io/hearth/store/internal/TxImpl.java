package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.Cluster;
import io.hearth.model.Config;
import io.hearth.model.Network;
import io.hearth.model.Node;
import io.hearth.model.Secret;
import io.hearth.model.Service;
import io.hearth.model.Task;
import io.hearth.store.ObjectKind;
import io.hearth.store.Tx;
import io.hearth.store.WriteTable;
import io.hearth.memdb.Table;
import io.hearth.store.spi.Sequencer;
import java.util.ArrayList;
import java.util.List;

/** A write transaction: memdb's private copy of the tree plus the version it will commit as. */
final class TxImpl implements Tx {
  private final KindTables tables;
  private final WriteTxn txn;
  private final long version;
  private final Timestamp now;
  private final Sequencer sequencer;

  TxImpl(KindTables tables, WriteTxn txn, long version, Timestamp now, Sequencer sequencer) {
    this.sequencer = sequencer;
    this.tables = tables;
    this.txn = txn;
    this.version = version;
    this.now = now;
  }

  /** Per-action framing added to each object's serialized size in {@link #writtenBytes}. */
  private static final int ACTION_OVERHEAD = 16;

  private long writtenBytes;
  /** Writes of the current batch step, oldest first; null outside a batch step. */
  private List<Undo> stepUndo;
  private long stepBytes;

  /** How to take back one write: put {@code previous} back, or remove the object if null. */
  private record Undo(Table<?> table, String id, Object previous) { }

  @Override
  public <T> WriteTable<T> table(ObjectKind<T> kind) {
    return new WriteTableImpl<>(kind, tables.table(kind), this);
  }

  WriteTxn txn() {
    return txn;
  }

  long stampVersion() {
    return version;
  }

  Timestamp now() {
    return now;
  }

  Sequencer sequencer() {
    return sequencer;
  }

  /**
   * An upper bound, kept as writes happen, of the bytes this transaction's actions take in a
   * log entry: every write counts, even one that a later write of the same object replaces.
   * O(1) to read, unlike encoding the change list; batches split on it.
   */
  long writtenBytes() {
    return writtenBytes;
  }

  void wrote(com.google.protobuf.MessageLite object) {
    writtenBytes += object.getSerializedSize() + ACTION_OVERHEAD;
  }

  /**
   * Starts recording writes so that {@link #undoStep} can take back this step alone. An undo
   * log rather than a memdb savepoint: a savepoint freezes the trees, so every later write
   * would copy its whole path again (it doubled a batch's allocation per object).
   */
  void beginStep() {
    stepUndo = new ArrayList<>();
    stepBytes = writtenBytes;
  }

  /** Records a write of the current step, if a step is being recorded. */
  void recordWrite(Table<?> table, String id, Object previous) {
    if (stepUndo != null) {
      stepUndo.add(new Undo(table, id, previous));
    }
  }

  /**
   * Takes back the current step's writes, newest first, leaving the transaction (and its
   * change list, which compares against the state at transaction start) as before the step.
   */
  void undoStep() {
    for (int i = stepUndo.size() - 1; i >= 0; i--) {
      Undo u = stepUndo.get(i);
      restore(u.table(), u.id(), u.previous());
    }
    stepUndo.clear();
    writtenBytes = stepBytes;
  }

  private <T> void restore(Table<T> table, String id, Object previous) {
    if (previous == null) {
      txn.delete(table, id);
    } else {
      txn.insert(table, table.type().cast(previous));
    }
  }

  @Override
  public WriteTable<Cluster> clusters() {
    return table(ObjectKind.CLUSTER);
  }

  @Override
  public WriteTable<Node> nodes() {
    return table(ObjectKind.NODE);
  }

  @Override
  public WriteTable<Service> services() {
    return table(ObjectKind.SERVICE);
  }

  @Override
  public WriteTable<Task> tasks() {
    return table(ObjectKind.TASK);
  }

  @Override
  public WriteTable<Network> networks() {
    return table(ObjectKind.NETWORK);
  }

  @Override
  public WriteTable<Secret> secrets() {
    return table(ObjectKind.SECRET);
  }

  @Override
  public WriteTable<Config> configs() {
    return table(ObjectKind.CONFIG);
  }

  @Override
  public long version() {
    return version;
  }
}
