package io.hearth.store.internal.log;

import io.hearth.store.NotLeaderException;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * A single-member, in-memory {@link ReplicatedLog}: every proposal commits at once and is
 * applied on the log's own apply thread, in order, exactly like a replicated log with a quorum
 * of one. It is the store's test double and the default log until a replicated one is
 * configured. Entries are copied on proposal, as a real log would serialize them, so the store
 * cannot come to rely on object identity.
 */
public final class InProcessLog implements ReplicatedLog, AutoCloseable {
  private final String localId;
  private final ExecutorService applyThread;
  private volatile LogApplier applier;
  private volatile boolean closed;
  private long lastIndex;

  public InProcessLog(String localId) {
    this.localId = localId;
    this.applyThread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hearth-apply-" + localId);
      t.setDaemon(true);
      return t;
    });
  }

  /** A log of one member leads from the start: the applier hears so on the apply thread. */
  @Override
  public synchronized void attach(LogApplier newApplier) {
    if (applier != null && applier != newApplier) {
      throw new IllegalStateException("another applier is attached to log " + localId);
    }
    applier = newApplier;
    try {
      applyThread.execute(() -> newApplier.leadershipChanged(true));
    } catch (RejectedExecutionException e) {
      // closed: it never leads
    }
  }

  @Override
  public synchronized void detach(LogApplier oldApplier) {
    if (applier == oldApplier) {
      applier = null;
    }
  }

  @Override
  public CompletableFuture<Long> propose(byte[] entry) {
    CompletableFuture<Long> applied = new CompletableFuture<>();
    if (closed) {
      applied.completeExceptionally(new NotLeaderException("log " + localId + " is closed", null));
      return applied;
    }
    byte[] copy = entry.clone();
    try {
      applyThread.execute(() -> applyNext(copy, applied));
    } catch (RejectedExecutionException e) {
      applied.completeExceptionally(new NotLeaderException("log " + localId + " is closed", null));
    }
    return applied;
  }

  private void applyNext(byte[] entry, CompletableFuture<Long> applied) {
    LogApplier target = applier;
    if (target == null) {
      applied.completeExceptionally(
          new NotLeaderException("no state machine is attached to log " + localId, null));
      return;
    }
    long index = ++lastIndex;
    try {
      target.apply(index, entry);
      applied.complete(index);
    } catch (RuntimeException e) {
      applied.completeExceptionally(e);
    }
  }

  /** Completes once every entry proposed before the call has been applied. */
  @Override
  public CompletableFuture<Void> readBarrier() {
    CompletableFuture<Void> reached = new CompletableFuture<>();
    try {
      applyThread.execute(() -> reached.complete(null));
    } catch (RejectedExecutionException e) {
      reached.completeExceptionally(new NotLeaderException("log " + localId + " is closed", null));
    }
    return reached;
  }

  @Override
  public boolean isLeader() {
    return !closed;
  }

  @Override
  public Optional<String> leader() {
    return closed ? Optional.empty() : Optional.of(localId);
  }

  @Override
  public String localId() {
    return localId;
  }

  /** The index of the last entry applied (for tests and diagnostics). */
  public long lastIndex() {
    try {
      return applyThread.submit(() -> lastIndex).get();
    } catch (Exception e) {
      return -1;
    }
  }

  /** Stops accepting proposals; entries already proposed are still applied. */
  @Override
  public void close() {
    closed = true;
    LogApplier last = applier;
    if (last != null) {
      try {
        applyThread.execute(() -> last.leadershipChanged(false));
      } catch (RejectedExecutionException e) {
        // already closed
      }
    }
    applyThread.shutdown();
    try {
      applyThread.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
