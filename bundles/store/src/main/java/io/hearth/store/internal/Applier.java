package io.hearth.store.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
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

  Applier(String localId, MemDb db, Chain chain, EntryCodec codec) {
    this.localId = localId;
    this.db = db;
    this.chain = chain;
    this.codec = codec;
  }

  @Override
  public void apply(long index, byte[] bytes) {
    LogEntry entry = decode(index, bytes);
    Snapshot committed = db.snapshot();
    if (entry.getPreviousVersion() != committed.version()) {
      chain.clear();
      throw new NotLeaderException("log entry " + index + " was built on version "
          + entry.getPreviousVersion() + " but version " + committed.version()
          + " is the last applied: it comes from a superseded leader", null);
    }
    if (localId.equals(entry.getOrigin()) && chain.publishOwn(entry.getOriginSeq())) {
      return;
    }
    chain.publishReplayed(replay(index, entry, committed));
  }

  private Snapshot replay(long index, LogEntry entry, Snapshot committed) {
    WriteTxn txn = committed.edit();
    long expected = committed.version() + 1;
    try {
      for (Transaction tx : entry.getTransactionsList()) {
        if (tx.getVersion() != expected) {
          throw new StoreException("transaction version " + tx.getVersion()
              + " where " + expected + " was expected");
        }
        codec.apply(tx, txn);
        expected++;
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
