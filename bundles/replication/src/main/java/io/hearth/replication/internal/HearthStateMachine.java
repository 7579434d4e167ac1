package io.hearth.replication.internal;

import io.hearth.model.SnapshotHeader;
import io.hearth.store.StoreException;
import io.hearth.store.spi.CorruptEntryException;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.StateImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RoleInfoProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.RaftLog;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Ratis state machine of one node: hands committed entries to the store's
 * {@link LogApplier} in log order, on Ratis's apply thread, and keeps the snapshots.
 *
 * <p><b>Errors.</b> An applier's exception completes the apply future exceptionally (the
 * proposer's reply then carries it); throwing would make Ratis shut the server down. A
 * {@link CorruptEntryException} or a gap in the indexes additionally marks the node failed.
 *
 * <p><b>Snapshots without stalling applies.</b> When Ratis asks for a snapshot, the image of
 * the applied state is taken on the apply thread (O(1): an immutable root) and written by a
 * background thread while entries keep being applied. {@link #takeSnapshot} returns the index
 * of the newest snapshot that is <em>complete on disk</em> and not yet reported, or -1 while a
 * write is running. Ratis purges the log up to the index it is told, so telling it the index of
 * a file still being written could lose entries that no snapshot holds yet; telling it a
 * completed one later only delays the purge. While unreported, Ratis keeps asking on each apply
 * round (its threshold is still exceeded): each call is one volatile read.
 *
 * <p><b>Snapshot install</b> (a follower that lagged past the leader's purged log): Ratis calls
 * {@link #pause} (on an RPC thread), replaces the state machine directory with the leader's
 * files, then {@link #reinitialize} on the apply thread, and asserts the life cycle is PAUSED in
 * between; so both move it as Ratis expects, and reinitialize loads the installed file.
 */
final class HearthStateMachine extends BaseStateMachine {
  private static final Logger LOG = LoggerFactory.getLogger(HearthStateMachine.class);

  /** What the log needs to hear from its state machine. Called on Ratis threads; must not block. */
  interface Events {
    void leaderReady();

    void notLeader();

    void leaderChanged(RaftPeerId newLeader);

    /** The node cannot serve any more: divergent or missing state. */
    void failed(StoreException cause);
  }

  private final LogApplier applier;
  private final Events events;
  private final boolean fsync;
  private final SnapshotStore storage = new SnapshotStore();
  private final ExecutorService writer;
  private final AtomicReference<TermIndex> unreported = new AtomicReference<>();
  private volatile Future<?> writing = CompletableFuture.completedFuture(null);
  private volatile CorruptSnapshotException skipped;
  private volatile long restoredIndex = -1;
  private final AtomicLong snapshotsWritten = new AtomicLong();
  private final AtomicLong snapshotsLoaded = new AtomicLong();
  private final AtomicLong snapshotsInstalled = new AtomicLong();

  HearthStateMachine(String nodeId, LogApplier applier, Events events, boolean fsync) {
    this.applier = applier;
    this.events = events;
    this.fsync = fsync;
    this.writer = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "hearth-snapshot-" + nodeId);
      t.setDaemon(true);
      return t;
    });
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage raftStorage)
      throws IOException {
    super.initialize(server, groupId, raftStorage);
    storage.init(raftStorage);
    getLifeCycle().startAndTransition(() -> {
      loadNewestValid();
      checkLogCoversState(raftStorage.getStorageDir().getCurrentDir().toPath());
    });
  }

  private static final java.util.regex.Pattern SEGMENT =
      java.util.regex.Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?(?:\\..*)?");

  /**
   * Refuses to start when entries between the restored snapshot and the first log segment are
   * gone (purged after a snapshot that turned out corrupt or missing): the state would be wrong.
   * Checked before Ratis starts applying: its apply thread would otherwise spin on the missing
   * entry forever, and the server could not even be closed.
   */
  private void checkLogCoversState(Path logDir) throws IOException {
    long first = Long.MAX_VALUE;
    if (java.nio.file.Files.isDirectory(logDir)) {
      try (java.util.stream.Stream<Path> files = java.nio.file.Files.list(logDir)) {
        for (Path f : (Iterable<Path>) files::iterator) {
          java.util.regex.Matcher m = SEGMENT.matcher(f.getFileName().toString());
          if (m.matches()) {
            first = Math.min(first, Long.parseLong(m.group(1)));
          }
        }
      }
    }
    long applied = appliedIndex();
    if (first != Long.MAX_VALUE && first > applied + 1) {
      String message = "node " + getId() + " cannot recover its state: it has "
          + (applied < 0 ? "no valid snapshot" : "a valid snapshot only up to index " + applied)
          + " and its log starts at index " + first + "; refusing to serve wrong state";
      if (skipped != null) {
        throw new CorruptSnapshotException(message + " (newest snapshot: "
            + skipped.getMessage() + ")", skipped);
      }
      throw new StoreException(message);
    }
  }

  @Override
  public SnapshotStore getStateMachineStorage() {
    return storage;
  }

  /**
   * Restores the newest snapshot that reads back whole with a matching checksum; corrupt ones
   * are logged, remembered ({@link #skippedCorruption}) and never applied.
   *
   * @return whether one was restored
   */
  private boolean loadNewestValid() throws IOException {
    for (SnapshotStore.Candidate c : storage.candidates()) {
      try {
        restore(c);
        return true;
      } catch (CorruptSnapshotException e) {
        LOG.error("corrupt snapshot skipped, not applied: {}", e.getMessage());
        if (skipped == null) {
          skipped = e;
        }
      }
    }
    return false;
  }

  private void restore(SnapshotStore.Candidate c) throws IOException {
    long started = System.nanoTime();
    try (SnapshotFile.Reader in = SnapshotFile.open(c.file())) {
      SnapshotHeader header = in.header();
      TermIndex named = c.termIndex();
      if (header.getTerm() != named.getTerm() || header.getIndex() != named.getIndex()) {
        throw in.corrupt("header says term " + header.getTerm() + " index "
            + header.getIndex() + " but the file name says " + named, null);
      }
      try {
        applier.restore(in, header.getVersion());
      } catch (SnapshotCorruption e) {
        throw e;
      } catch (CorruptSnapshotException e) {
        throw in.corrupt(e.getMessage(), e);
      } catch (IOException e) {
        throw in.corrupt("cannot be read: " + e, e);
      }
      if (!in.verified()) {
        throw in.corrupt("the state machine stopped reading before the end of the image", null);
      }
      setLastAppliedTermIndex(named);
      restoredIndex = named.getIndex();
      storage.offer(c.file(), named);
      snapshotsLoaded.incrementAndGet();
      LOG.info("restored snapshot {} (version {}, {} objects) in {} ms", c.file(),
          header.getVersion(), header.getObjectCount(),
          TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long index = entry.getIndex();
    try {
      checkContiguous(index);
      applier.apply(index, entry.getStateMachineLogEntry().getLogData().toByteArray());
      return CompletableFuture.completedFuture(Message.EMPTY);
    } catch (RuntimeException e) {
      if (e instanceof CorruptEntryException corrupt) {
        events.failed(corrupt);
      }
      return CompletableFuture.failedFuture(e);
    } finally {
      updateLastAppliedTermIndex(entry.getTerm(), index);
      applied(index);
    }
  }

  /** Someone waiting for an index to be applied (one at a time: the node's start). */
  private record Waiter(long index, CompletableFuture<Void> done) { }

  private volatile Waiter waiter;

  /** Completes once every entry up to {@code index} is applied. */
  CompletableFuture<Void> appliedUpTo(long index) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    waiter = new Waiter(index, done);
    if (appliedIndex() >= index) {
      done.complete(null);
    }
    return done;
  }

  private void applied(long index) {
    Waiter w = waiter;
    if (w != null && index >= w.index()) {
      waiter = null;
      w.done().complete(null);
    }
  }

  @Override
  public void notifyTermIndexUpdated(long term, long index) {
    try {
      checkContiguous(index);
    } catch (CorruptEntryException e) {
      events.failed(e);
    }
    super.notifyTermIndexUpdated(term, index);
    applied(index);
  }

  /** Entries must come one after the other: a gap means state this node will never have. */
  private void checkContiguous(long index) {
    long last = getLastAppliedTermIndex().getIndex();
    if (index > last + 1) {
      CorruptEntryException e = new CorruptEntryException(index, "entries " + (last + 1) + ".."
          + (index - 1) + " are in neither a snapshot nor the log of this node", null);
      LOG.error("refusing to serve: {}", e.getMessage());
      throw e;
    }
  }

  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.EMPTY);
  }

  /** Apply thread. See the class comment for why this may return an older index, or -1. */
  @Override
  public long takeSnapshot() {
    if (getLifeCycleState() != LifeCycle.State.RUNNING || !writing.isDone()) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    TermIndex done = unreported.getAndSet(null);
    if (done != null) {
      return done.getIndex();
    }
    TermIndex last = getLastAppliedTermIndex();
    if (last.getIndex() < 0 || last.getIndex() <= storage.latestIndex()) {
      return RaftLog.INVALID_LOG_INDEX;
    }
    StateImage image = applier.image();
    writing = writer.submit(() -> write(image, last));
    return RaftLog.INVALID_LOG_INDEX;
  }

  private void write(StateImage image, TermIndex at) {
    Path file = storage.fileFor(at);
    long started = System.nanoTime();
    try {
      SnapshotHeader header = SnapshotHeader.newBuilder()
          .setTerm(at.getTerm())
          .setIndex(at.getIndex())
          .setVersion(image.version())
          .setObjectCount(image.objectCount())
          .build();
      SnapshotFile.write(file, header, image, fsync);
      storage.offer(file, at);
      unreported.set(at);
      snapshotsWritten.incrementAndGet();
      LOG.info("wrote snapshot {} (version {}, {} objects) in {} ms", file, header.getVersion(),
          header.getObjectCount(), TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    } catch (IOException | RuntimeException e) {
      LOG.error("cannot write snapshot {}; the log is kept until a later one succeeds", file, e);
    }
  }

  /** Before a snapshot install: no write may be running while Ratis replaces the directory. */
  @Override
  public void pause() {
    LifeCycle lifeCycle = getLifeCycle();
    if (lifeCycle.getCurrentState() != LifeCycle.State.RUNNING) {
      return;
    }
    lifeCycle.transition(LifeCycle.State.PAUSING);
    awaitWrite();
    lifeCycle.transition(LifeCycle.State.PAUSED);
  }

  /** After a snapshot install, on the apply thread: the installed file becomes the state. */
  @Override
  public void reinitialize() throws IOException {
    getLifeCycle().transition(LifeCycle.State.STARTING);
    storage.reset();
    unreported.set(null);
    skipped = null;
    if (!loadNewestValid()) {
      IOException e = new IOException("no valid snapshot after a snapshot install in "
          + storage.dir(), skipped);
      getLifeCycle().transition(LifeCycle.State.EXCEPTION);
      events.failed(new CorruptSnapshotException(e.getMessage(), skipped));
      throw e;
    }
    snapshotsInstalled.incrementAndGet();
    getLifeCycle().transition(LifeCycle.State.RUNNING);
  }

  private void awaitWrite() {
    try {
      writing.get(60, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      LOG.warn("snapshot write did not finish cleanly", e);
    }
  }

  @Override
  public void notifyLeaderReady() {
    events.leaderReady();
  }

  @Override
  public void notifyNotLeader(Collection<TransactionContext> pendingEntries) {
    events.notLeader();
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId member, RaftPeerId newLeaderId) {
    events.leaderChanged(newLeaderId);
  }

  @Override
  public void notifyServerShutdown(RoleInfoProto roleInfo, boolean allServer) {
    events.notLeader();
  }

  /** Waits for a snapshot write in progress, then stops the writer. */
  @Override
  public void close() throws IOException {
    awaitWrite();
    writer.shutdownNow();
    super.close();
  }

  /** The newest snapshot skipped as corrupt when loading, if any. */
  CorruptSnapshotException skippedCorruption() {
    return skipped;
  }

  /** The index of the snapshot this state was last restored from, or -1. */
  long restoredIndex() {
    return restoredIndex;
  }

  long appliedIndex() {
    return getLastAppliedTermIndex().getIndex();
  }

  long latestSnapshotIndex() {
    return storage.latestIndex();
  }

  long snapshotsWritten() {
    return snapshotsWritten.get();
  }

  long snapshotsLoaded() {
    return snapshotsLoaded.get();
  }

  long snapshotsInstalled() {
    return snapshotsInstalled.get();
  }
}
