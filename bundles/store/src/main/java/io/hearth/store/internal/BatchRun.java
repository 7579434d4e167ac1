package io.hearth.store.internal;

import io.hearth.memdb.Change;
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
  /** Per-action framing the byte estimate adds to each object's serialized size. */
  private static final int ACTION_OVERHEAD = 16;

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
    Savepoint before = open.txn().savepoint();
    run(work, before);
    long bytes = estimateBytes(open.txn().changes());
    if (bytes > limits.maxTransactionBytes() && steps > 0) {
      // This step pushed the pending changes over the hard limit: propose the earlier steps
      // alone, then run this one again on top of them.
      open.txn().rollbackTo(before);
      flush();
      open = store.open();
      before = open.txn().savepoint();
      run(work, before);
      bytes = estimateBytes(open.txn().changes());
    }
    if (bytes > limits.maxTransactionBytes()) {
      open.txn().rollbackTo(before);
      throw new TransactionTooLargeException(bytes, limits.maxTransactionBytes());
    }
    steps++;
    if (open.txn().changes().size() >= limits.batchMaxChanges()
        || bytes >= limits.batchMaxBytes()) {
      flush();
    }
  }

  private void run(TxWork work, Savepoint before) {
    try {
      work.run(open.tx());
    } catch (RuntimeException | Error e) {
      open.txn().rollbackTo(before);
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
    if (pending.txn().changes().isEmpty()) {
      steps = 0;
      return;
    }
    proposed.add(store.propose(pending.base(), List.of(store.encode(pending)),
        pending.txn().freeze()));
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

  private static long estimateBytes(List<Change<?>> changes) {
    long bytes = 0;
    for (Change<?> change : changes) {
      Object object = change.after() != null ? change.after() : change.before();
      bytes += ((com.google.protobuf.MessageLite) object).getSerializedSize() + ACTION_OVERHEAD;
    }
    return bytes;
  }
}
