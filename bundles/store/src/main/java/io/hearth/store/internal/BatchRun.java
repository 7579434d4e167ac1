package io.hearth.store.internal;

import io.hearth.memdb.Savepoint;
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
    Step step = new Step(open);
    run(work, step);
    if (open.tx().writtenBytes() > limits.maxTransactionBytes() && steps > 0) {
      // This step pushed the pending changes over the hard limit: propose the earlier steps
      // alone, then run this one again on top of them.
      step.undo();
      flush();
      open = store.open();
      step = new Step(open);
      run(work, step);
    }
    if (open.tx().writtenBytes() > limits.maxTransactionBytes()) {
      long bytes = open.tx().writtenBytes();
      step.undo();
      throw new TransactionTooLargeException(bytes, limits.maxTransactionBytes());
    }
    steps++;
    if (open.txn().touchedCount() >= limits.batchMaxChanges()
        || open.tx().writtenBytes() >= limits.batchMaxBytes()) {
      flush();
    }
  }

  /** Where a step began, so that it can be undone alone. */
  private record Step(HearthStore.Open open, Savepoint savepoint, long bytes) {
    Step(HearthStore.Open open) {
      this(open, open.txn().savepoint(), open.tx().writtenBytes());
    }

    void undo() {
      open.txn().rollbackTo(savepoint);
      open.tx().writtenBytes(bytes);
    }
  }

  private void run(TxWork work, Step step) {
    try {
      work.run(open.tx());
    } catch (RuntimeException | Error e) {
      step.undo();
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
    proposed.add(store.submit(pending, encoded));
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
