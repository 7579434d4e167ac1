package io.hearth.store.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hearth.model.StoreObject;
import io.hearth.store.Commit;
import io.hearth.store.ObjectKind;
import java.util.ArrayList;
import java.util.List;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.Sequencer;
import io.hearth.store.spi.StateImage;
import java.io.IOException;
import java.io.InputStream;
import io.hearth.memdb.MemDb;
import io.hearth.memdb.Table;
import io.hearth.memdb.Snapshot;
import io.hearth.memdb.UniqueConstraintException;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.LogEntry;
import io.hearth.model.Transaction;
import io.hearth.store.NotLeaderException;
import io.hearth.store.StoreException;
import io.hearth.store.spi.CorruptEntryException;
import io.hearth.store.spi.LogApplier;

/**
 * The apply path, run by the log on every replica for each committed entry, in log order. An
 * entry applies only on top of the version it was built on, so a deposed leader's chain can
 * never interleave with a new leader's. The leader's own entries publish the state it already
 * built speculatively; any other entry is replayed action by action. Either way the result is
 * the same tree: memdb's structure depends only on its contents.
 */
final class Applier implements LogApplier {
  private final String localId;
  private final MemDb db;
  private final Chain chain;
  private final EntryCodec codec;
  private final KindTables tables;
  private final Sequencer sequencer;
  private final CommitLog commits;
  private volatile java.util.function.Consumer<Boolean> leadershipListener = leader -> { };

  Applier(String localId, MemDb db, Chain chain, EntryCodec codec, KindTables tables,
      Sequencer sequencer, CommitLog commits) {
    this.sequencer = sequencer;
    this.commits = commits;
    this.localId = localId;
    this.db = db;
    this.chain = chain;
    this.codec = codec;
    this.tables = tables;
  }

  void onLeadershipChange(java.util.function.Consumer<Boolean> listener) {
    leadershipListener = listener;
  }

  /** Passed on as the log reports it: the log decides when a leader is ready to write. */
  @Override
  public void leadershipChanged(boolean leader) {
    leadershipListener.accept(leader);
  }

  @Override
  public StateImage image() {
    return new StoreImage(db.snapshot(), tables);
  }

  /**
   * Builds the new state privately and publishes it only after the stream has been read to its
   * end, so a stream that fails part-way (or its checksum at the end) changes nothing.
   */
  @Override
  public void restore(InputStream in, long version) throws IOException {
    WriteTxn txn = io.hearth.memdb.Snapshot.empty(tables.schema()).edit();
    try {
      // Objects come kind by kind: each kind's objects are loaded in one bulk insert, which
      // builds the kind's indexes in parallel (a restart or snapshot install at 1,000,000
      // tasks was ~12 s of one-by-one inserts on one thread).
      Run run = new Run();
      long position = 0;
      StoreObject object;
      while ((object = parseNext(in, position)) != null) {
        ObjectKind<?> kind = ObjectKind.of(object);
        if (kind == null) {
          throw new CorruptSnapshotException("snapshot object " + position + " is empty", null);
        }
        if (kind != run.kind) {
          run.load(txn, tables);
          run = new Run();
          run.kind = kind;
        }
        run.objects.add(kind.unwrap(object));
        position++;
      }
      run.load(txn, tables);
      txn.version(version);
      Snapshot restored = txn.freeze();
      synchronized (commits) {
        chain.publishReplayed(restored);
        commits.reset(version);
      }
    } finally {
      txn.abort();
    }
  }

  /** The objects of one kind, in stream order, waiting to be loaded together. */
  private static final class Run {
    ObjectKind<?> kind;
    final List<Object> objects = new ArrayList<>();

    void load(WriteTxn txn, KindTables tables) {
      if (kind != null) {
        insertAll(kind, objects, txn, tables);
      }
    }
  }

  @SuppressWarnings("unchecked")
  private static <T> void insertAll(ObjectKind<T> kind, List<Object> objects, WriteTxn txn,
      KindTables tables) {
    Table<T> table = tables.table(kind);
    try {
      txn.insertAll(table, (List<T>) objects);
    } catch (UniqueConstraintException e) {
      throw new CorruptSnapshotException("snapshot repeats a " + kind + " key ("
          + e.getMessage() + ")", e);
    } catch (RuntimeException e) {
      throw new CorruptSnapshotException(
          "snapshot " + kind + " objects cannot be stored: " + e.getMessage(), e);
    }
  }

  private static StoreObject parseNext(InputStream in, long position) throws IOException {
    try {
      return StoreObject.parseDelimitedFrom(in);
    } catch (InvalidProtocolBufferException e) {
      throw new CorruptSnapshotException(
          "snapshot object " + position + " cannot be decoded: " + e.getMessage(), e);
    }
  }

  @Override
  public void apply(long index, byte[] bytes) {
    EntryHeader header = readHeader(index, bytes);
    Snapshot committed = db.snapshot();
    if (header.previousVersion() != committed.version()) {
      chain.clear();
      throw new NotLeaderException("log entry " + index + " was built on version "
          + header.previousVersion() + " but version " + committed.version()
          + " is the last applied: it comes from a superseded leader", null);
    }
    // The root swap and the commit feed move together, so no reader sees a state that the feed
    // has not reached yet.
    synchronized (commits) {
      PendingEntry own = localId.equals(header.origin())
          ? chain.publishOwn(header.originSeq()) : null;
      if (own != null) {
        commits.append(own.commits); // built here already: its transactions need no decoding
        return;
      }
      LogEntry entry = decode(index, bytes);
      List<Commit> replayed = new ArrayList<>(entry.getTransactionsCount());
      chain.publishReplayed(replay(index, entry, committed, replayed));
      commits.append(replayed);
    }
  }

  private EntryHeader readHeader(long index, byte[] bytes) {
    try {
      return EntryHeader.read(index, bytes);
    } catch (CorruptEntryException e) {
      chain.clear();
      throw e;
    }
  }

  private Snapshot replay(long index, LogEntry entry, Snapshot committed, List<Commit> out) {
    WriteTxn txn = committed.edit();
    long expected = sequencer.nextVersion(committed.version());
    try {
      for (Transaction tx : entry.getTransactionsList()) {
        if (tx.getVersion() != expected) {
          throw new StoreException("transaction version " + tx.getVersion()
              + " where " + expected + " was expected");
        }
        out.add(codec.apply(tx, txn));
        expected = sequencer.nextVersion(expected);
      }
      return txn.freeze();
    } catch (RuntimeException e) {
      chain.clear();
      throw new CorruptEntryException(index, e.getMessage(), e);
    } finally {
      txn.abort();
    }
  }

  private LogEntry decode(long index, byte[] bytes) {
    try {
      return LogEntry.parseFrom(bytes);
    } catch (InvalidProtocolBufferException e) {
      chain.clear();
      throw new CorruptEntryException(index, "cannot be decoded: " + e.getMessage(), e);
    }
  }
}
