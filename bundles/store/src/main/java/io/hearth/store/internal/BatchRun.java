package io.hearth.store.internal;

import io.hearth.memdb.Snapshot;
import io.hearth.memdb.WriteTxn;
import io.hearth.store.Batch;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.TxWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One run of {@link HearthStore#batch}. Inner updates (steps) accumulate in a transaction,
 * which is finished whenever it reaches the change-count or byte limit of a batch transaction;
 * finished transactions accumulate in a log entry, which is proposed whenever the next step
 * would not fit in it, and at the end. The next entry builds on it at once (pipelined).
 *
 * <p>All transactions of one entry are written on one memdb transaction, cut into logical
 * transactions by {@link WriteTxn#resetChanges()}, and frozen once, when the entry is sent:
 * the tree paths a batch touches are copied once per entry (thousands of objects) rather than
 * once per transaction of 200. Nobody can observe the state between two transactions of an
 * entry anyway: it is applied, and published, whole.
 *
 * <p>Runs under the store's writer lock, on the caller's thread.
 */
final class BatchRun implements Batch {
  private final HearthStore store;
  private final StoreLimits limits;
  private final List<CompletableFuture<Long>> proposed = new ArrayList<>();
  private final List<Integer> stepsPerProposal = new ArrayList<>();

  // The entry being built: its base, its memdb transaction, the transactions finished on it.
  private Snapshot entryBase;
  private WriteTxn txn;
  private final List<HearthStore.Encoded> finished = new ArrayList<>();
  private long finishedBytes;
  private int finishedSteps;
  private long lastVersion;

  // The transaction being built on txn, or null between transactions.
  private HearthStore.Open open;
  private int steps;

  BatchRun(HearthStore store, StoreLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  @Override
  public void update(TxWork work) {
    begin();
    run(work);
    if (finishedSteps + steps > 0 && entryBytesWith(open) > store.entryRoom()) {
      // This step pushed the entry over its size: send what came before it, then run the
      // step again at the start of the next entry.
      open.tx().undoStep();
      send();
      begin();
      run(work);
    }
    if (open.tx().writtenBytes() > limits.maxTransactionBytes()) {
      long bytes = open.tx().writtenBytes();
      open.tx().undoStep();
      throw new TransactionTooLargeException(bytes, limits.maxTransactionBytes());
    }
    steps++;
    if (open.txn().touchedCount() >= limits.batchMaxChanges()
        || open.tx().writtenBytes() >= limits.batchMaxBytes()) {
      finish();
    }
  }

  /** Makes sure a transaction is open: on the entry's memdb transaction, or a new entry. */
  private void begin() {
    if (open != null) {
      return;
    }
    if (txn == null) {
      open = store.open();
      entryBase = open.base();
      txn = open.txn();
      lastVersion = entryBase.version();
    } else {
      open = store.continueOn(entryBase, txn, lastVersion);
    }
  }

  /** Runs one step; if it throws, its writes are taken back and the rest stays. */
  private void run(TxWork work) {
    open.tx().beginStep();
    try {
      work.run(open.tx());
    } catch (RuntimeException | Error e) {
      open.tx().undoStep();
      throw e;
    }
  }

  /**
   * An upper bound of the entry's size with {@code current} finished too: what the store
   * counts per object written is at least what the object costs in the entry.
   */
  private long entryBytesWith(HearthStore.Open current) {
    return finishedBytes + current.tx().writtenBytes() + HearthStore.TX_FRAMING;
  }

  /** Finishes the open transaction into the entry (an empty one is dropped). */
  private void finish() {
    if (open == null) {
      return;
    }
    HearthStore.Encoded encoded = store.encode(open);
    if (encoded.tx().getActionsCount() == 0) {
      // Nothing changed: its version is not used; what it touched is forgotten.
      txn.resetChanges();
      txn.version(lastVersion);
    } else {
      finished.add(encoded);
      finishedBytes += HearthStore.entryBytes(encoded.tx());
      finishedSteps += steps;
      lastVersion = open.version();
    }
    steps = 0;
    open = null;
  }

  /** Finishes the open transaction and proposes the entry, if it holds anything. */
  void send() {
    finish();
    if (txn == null) {
      return;
    }
    Snapshot base = entryBase;
    WriteTxn entryTxn = txn;
    List<HearthStore.Encoded> txs = List.copyOf(finished);
    long bytes = finishedBytes;
    int entrySteps = finishedSteps;
    txn = null;
    entryBase = null;
    finished.clear();
    finishedBytes = 0;
    finishedSteps = 0;
    if (txs.isEmpty()) {
      return;
    }
    proposed.add(store.submitEntry(base, txs, bytes, entryTxn.freeze()));
    stepsPerProposal.add(entrySteps);
  }

  /** Waits for every proposal; returns the number of inner updates committed. */
  int awaitCommitted() {
    int committed = 0;
    RuntimeException first = null;
    for (int i = 0; i < proposed.size(); i++) {
      try {
        HearthStore.await(proposed.get(i));
        committed += stepsPerProposal.get(i);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        }
      }
    }
    if (first != null) {
      throw first;
    }
    return committed;
  }
}
