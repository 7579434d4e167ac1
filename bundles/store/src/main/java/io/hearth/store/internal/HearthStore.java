package io.hearth.store.internal;

import com.google.protobuf.Timestamp;
import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import io.hearth.memdb.WriteTxn;
import io.hearth.model.Transaction;
import io.hearth.store.BatchWork;
import io.hearth.store.NotLeaderException;
import io.hearth.store.ReadTx;
import io.hearth.store.StoreException;
import io.hearth.store.StoreService;
import io.hearth.store.TransactionTooLargeException;
import io.hearth.store.TxWork;
import io.hearth.sequencer.StandardSequencer;
import io.hearth.memdb.Change;
import io.hearth.store.Commit;
import io.hearth.store.spi.CommitFeed;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import io.hearth.store.spi.Sequencer;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * The store: memdb state driven by a {@link ReplicatedLog}. Plain Java; the OSGi component
 * only wires it.
 *
 * <p>Write path: under the single writer lock, a transaction runs on the tip of the
 * speculative {@link Chain} (committed state plus everything proposed), its change list becomes
 * one log entry naming the version it was built on, the entry is proposed and the lock is
 * released, so the next transaction builds on this one while it replicates. The caller then
 * waits until the entry is applied. Apply path: see {@link Applier}.
 */
public final class HearthStore implements StoreService, AutoCloseable {
  /** Bytes a log entry adds around its transactions (versions, origin, timestamp), at most. */
  private static final int ENTRY_FRAMING = 256;
  /** Bytes a transaction adds around its actions in an entry, at most. */
  static final int TX_FRAMING = 16;

  private final KindTables tables = new KindTables();
  private final EntryCodec codec = new EntryCodec(tables);
  private final MemDb db = new MemDb(tables.schema());
  private final Chain chain = new Chain(db);
  private final CommitLog commits;
  private final ReentrantLock writer = new ReentrantLock();
  private final AtomicLong proposals = new AtomicLong();
  private final ReplicatedLog log;
  private final StoreLimits limits;
  private final Sequencer sequencer;
  private final Clock clock;
  private final Applier applier;
  private final Proposer proposer;

  /** A store with the standard sequencer rule. */
  public HearthStore(ReplicatedLog log, StoreLimits limits, Clock clock) {
    this(log, new StandardSequencer(), limits, clock);
  }

  public HearthStore(ReplicatedLog log, Sequencer sequencer, StoreLimits limits, Clock clock) {
    this(log, sequencer, limits, clock, System::nanoTime);
  }

  /** A store whose group hold reads time from {@code ticker} (tests). */
  HearthStore(ReplicatedLog log, Sequencer sequencer, StoreLimits limits, Clock clock,
      LongSupplier ticker) {
    this.log = log;
    this.sequencer = sequencer;
    this.limits = limits;
    this.clock = clock;
    this.commits = new CommitLog(limits.commitHistory());
    this.proposer = new Proposer(chain, log, clock, limits.maxEntriesInFlight(),
        TimeUnit.MICROSECONDS.toNanos(limits.groupHoldMicros()), ticker);
    this.applier = new Applier(log.localId(), db, chain, codec, tables, sequencer, commits);
    log.attach(applier);
  }

  /**
   * Tells {@code listener} whenever this node becomes a leader ready to write (true) or stops
   * being one (false), on the log's notification thread, in order. One listener at a time.
   */
  public void onLeadershipChange(java.util.function.Consumer<Boolean> listener) {
    applier.onLeadershipChange(listener);
  }

  /** This node's id in the replication group. */
  public String nodeId() {
    return log.localId();
  }

  /** The feed of this replica's applied commits, for the watch service. */
  public CommitFeed commitFeed() {
    return commits;
  }

  /** The state machine this store attached to its log (snapshot images and restore). */
  public LogApplier applier() {
    return applier;
  }

  /** Transactions in the speculative chain, proposed or not (for tests and diagnostics). */
  int pendingTransactions() {
    return chain.transactionCount();
  }

  /** Waits until every proposal asked for so far has been decided on (tests). */
  void awaitProposer() throws Exception {
    proposer.awaitIdle();
  }

  /** Detaches from the log. Transactions still waiting fail when the log stops. */
  @Override
  public void close() {
    log.detach(applier);
    proposer.close();
  }

  @Override
  public <R> R view(Function<? super ReadTx, R> fn) {
    return fn.apply(new ReadTxImpl(tables, db.snapshot()));
  }

  @Override
  public <R> R viewLinearizable(Function<? super ReadTx, R> fn) {
    try {
      log.readBarrier().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("read barrier failed: " + e.getCause(), e.getCause());
    }
    return view(fn);
  }

  @Override
  public long version() {
    return db.snapshot().version();
  }

  @Override
  public long update(TxWork work) {
    Open open;
    CompletableFuture<Long> applied;
    lockWriter();
    try {
      open = open();
      work.run(open.tx());
      Encoded encoded = encode(open);
      if (encoded.tx().getActionsCount() == 0) {
        return open.base().version();
      }
      applied = submit(open, encoded);
    } finally {
      writer.unlock();
    }
    await(applied);
    return open.version();
  }

  @Override
  public int batch(BatchWork work) {
    lockWriter();
    BatchRun run = new BatchRun(this, limits);
    RuntimeException failure = null;
    try {
      try {
        work.run(run);
      } catch (RuntimeException e) {
        failure = e;
      }
      // Steps that completed are committed even when the batch's closure failed later.
      run.send();
    } catch (RuntimeException e) {
      failure = merge(failure, e);
    } finally {
      writer.unlock();
    }
    try {
      int committed = run.awaitCommitted();
      if (failure != null) {
        throw failure;
      }
      return committed;
    } catch (RuntimeException e) {
      throw merge(failure, e);
    }
  }

  private static RuntimeException merge(RuntimeException first, RuntimeException next) {
    if (first == null || first == next) {
      return next;
    }
    first.addSuppressed(next);
    return first;
  }

  /** A write transaction in progress: its base state, memdb transaction and version. */
  record Open(Snapshot base, WriteTxn txn, TxImpl tx, long version) { }

  /** Starts a transaction on the chain's tip. Writer lock held. */
  Open open() {
    if (!log.isLeader()) {
      throw new NotLeaderException("this node is not the leader", log.leader().orElse(null));
    }
    Snapshot base = chain.tip();
    long version = sequencer.nextVersion(base.version());
    WriteTxn txn = base.edit();
    txn.version(version);
    return new Open(base, txn, new TxImpl(tables, txn, version, stamp(), sequencer), version);
  }

  private Timestamp stamp() {
    Instant now = clock.instant();
    return Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()).build();
  }

  /** A finished transaction in log form, with its events. */
  record Encoded(Transaction tx, Commit commit) { }

  Encoded encode(Open open) {
    List<Change<?>> changes = open.txn().changes();
    return new Encoded(codec.encode(open.version(), changes),
        codec.commit(open.version(), changes));
  }

  /**
   * Adds a finished transaction to the chain (joining the entry being formed, if any) and lets
   * the proposer send what may be sent. Writer lock held.
   *
   * @return completes once the transaction's entry is applied here
   * @throws TransactionTooLargeException before proposing, if the transaction exceeds the limit
   * @throws NotLeaderException if the chain was cut while the transaction ran
   */
  CompletableFuture<Long> submit(Open open, Encoded encoded) {
    Transaction tx = encoded.tx();
    long bytes = tx.getSerializedSize() + TX_FRAMING;
    long room = entryRoom();
    if (bytes > room) {
      throw new TransactionTooLargeException(bytes + ENTRY_FRAMING, limits.maxTransactionBytes());
    }
    PendingEntry entry = chain.append(open.base(), tx, encoded.commit(), bytes,
        open.txn().freeze(), room, proposals::incrementAndGet);
    return proposed(entry);
  }

  /**
   * Continues a batch's memdb transaction with the next logical transaction: a new version
   * and a new change list on the same, unfrozen tables. Writer lock held.
   *
   * @param previousVersion the version of the transaction finished on {@code txn} last (or
   *     the base's version if none was)
   */
  Open continueOn(Snapshot base, WriteTxn txn, long previousVersion) {
    long version = sequencer.nextVersion(previousVersion);
    txn.resetChanges();
    txn.version(version);
    return new Open(base, txn, new TxImpl(tables, txn, version, stamp(), sequencer), version);
  }

  /**
   * Adds a batch's finished transactions, built one after the other on {@code base}, as one
   * entry leading to {@code after}, and lets the proposer send what may be sent. Writer lock
   * held.
   *
   * @param bytes their serialized sizes, framing included
   * @throws TransactionTooLargeException if they do not fit one entry (nothing is proposed)
   * @throws NotLeaderException if the chain was cut while they were built
   */
  CompletableFuture<Long> submitEntry(Snapshot base, List<Encoded> txs, long bytes,
      Snapshot after) {
    if (bytes > entryRoom()) {
      throw new TransactionTooLargeException(bytes + ENTRY_FRAMING, limits.maxTransactionBytes());
    }
    List<Transaction> logForm = new ArrayList<>(txs.size());
    List<Commit> commitsOf = new ArrayList<>(txs.size());
    for (Encoded e : txs) {
      logForm.add(e.tx());
      commitsOf.add(e.commit());
    }
    return proposed(chain.appendEntry(base, logForm, commitsOf, bytes, after,
        proposals::incrementAndGet));
  }

  /** Bytes of transactions (with their framing) that one log entry may carry. */
  long entryRoom() {
    return limits.maxTransactionBytes() - ENTRY_FRAMING;
  }

  /** A transaction's size in an entry: its serialized size and framing. */
  static long entryBytes(Transaction tx) {
    return tx.getSerializedSize() + TX_FRAMING;
  }

  private CompletableFuture<Long> proposed(PendingEntry entry) {
    if (entry == null) {
      throw new NotLeaderException("the state this transaction was built on was replaced by "
          + "another leader's log", log.leader().orElse(null));
    }
    proposer.pump();
    return entry.applied;
  }

  private void lockWriter() {
    if (writer.isHeldByCurrentThread()) {
      throw new IllegalStateException("update or batch called from inside a transaction");
    }
    writer.lock();
  }

  /** Waits for an entry to be applied and reports its failure as the store's exception. */
  static long await(CompletableFuture<Long> applied) {
    try {
      return applied.join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof StoreException store) {
        throw store;
      }
      throw new StoreException("replication failed: " + e.getCause(), e.getCause());
    }
  }
}
