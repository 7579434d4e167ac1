package io.hearth.store.internal;

import io.hearth.store.Batch;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.TxWork;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * One run of {@link HearthStore#batch}: inner updates accumulate in one transaction, which is
 * proposed whenever it reaches the change-count or byte limit; the next one builds on it at
 * once (pipelined). Runs under the store's writer lock, on the caller's thread.
 */
final class BatchRun implements Batch {
  private final HearthStore store;
  private final StoreLimits limits;
  private final List<CompletableFuture<Long>> proposed = new ArrayList<>();
  private final List<Integer> stepsPerProposal = new ArrayList<>();
  private HearthStore.Open open;
  private int steps;

  BatchRun(HearthStore store, StoreLimits limits) {
    this.store = store;
    this.limits = limits;
  }

  @Override
  public void update(TxWork work) {
    if (open == null) {
      open = store.open();
    }
    run(work);
    if (open.tx().writtenBytes() > limits.maxTransactionBytes() && steps > 0) {
      // This step pushed the pending changes over the hard limit: propose the earlier steps
      // alone, then run this one again on top of them.
      open.tx().undoStep();
      flush();
      open = store.open();
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
      flush();
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

  /** Proposes the pending steps, if any. */
  void flush() {
    if (open == null) {
      return;
    }
    HearthStore.Open pending = open;
    open = null;
    HearthStore.Encoded encoded = store.encode(pending);
    if (encoded.tx().getActionsCount() == 0) {
      steps = 0;
      return;
    }
    // More steps may follow: the entry stays open for them until it is full or the batch ends
    // (HearthStore.batch then lets it go).
    proposed.add(store.submit(pending, encoded, true));
    stepsPerProposal.add(steps);
    steps = 0;
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
