package io.hearth.store.internal;

import io.hearth.store.NotLeaderException;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.ReplicatedLog;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingDeque;
import java.util.concurrent.TimeUnit;

/**
 * A log whose test decides when each entry commits, and which hands every committed entry to
 * several replicas' appliers, as Raft would. One member leads; the others are followers.
 */
final class ManualLog {
  private record Proposal(byte[] entry, CompletableFuture<Long> applied, Member proposer) { }

  private final LinkedBlockingDeque<Proposal> proposed = new LinkedBlockingDeque<>();
  /** Every entry ever proposed, in order. */
  final List<byte[]> proposals = new java.util.concurrent.CopyOnWriteArrayList<>();
  private final List<Member> members = new ArrayList<>();
  private long index;

  Member member(String id, boolean leader) {
    Member m = new Member(id, leader);
    members.add(m);
    return m;
  }

  /** Waits (up to 10 s) until a proposal is waiting to commit. */
  void awaitProposal() throws InterruptedException {
    Proposal p = proposed.pollFirst(10, TimeUnit.SECONDS);
    if (p == null) {
      throw new AssertionError("no proposal within 10 s");
    }
    proposed.putFirst(p);
  }

  /** Whether a proposal is waiting to commit, waiting up to {@code timeout} for one. */
  boolean hasProposal(long timeout, TimeUnit unit) throws InterruptedException {
    Proposal p = proposed.pollFirst(timeout, unit);
    if (p == null) {
      return false;
    }
    proposed.putFirst(p);
    return true;
  }

  /** Commits the next proposal (waiting up to 10 s for one) and applies it everywhere. */
  void commitNext() throws InterruptedException {
    Proposal p = proposed.pollFirst(10, TimeUnit.SECONDS);
    if (p == null) {
      throw new AssertionError("no proposal within 10 s");
    }
    commit(p.entry(), p.applied(), p.proposer());
  }

  /** Fails the next proposal (waiting up to 10 s for one) as a log losing leadership would. */
  void failNext(RuntimeException failure) throws InterruptedException {
    Proposal p = proposed.pollFirst(10, TimeUnit.SECONDS);
    if (p == null) {
      throw new AssertionError("no proposal within 10 s");
    }
    p.applied().completeExceptionally(failure);
  }

  /** Commits an entry nobody here proposed (another leader's). */
  void commitForeign(byte[] entry) {
    commit(entry, new CompletableFuture<>(), null);
  }

  private synchronized void commit(byte[] entry, CompletableFuture<Long> applied, Member by) {
    long at = ++index;
    for (Member m : members) {
      try {
        m.applier.apply(at, entry.clone());
        if (m == by) {
          applied.complete(at);
        }
      } catch (RuntimeException e) {
        if (m == by) {
          applied.completeExceptionally(e);
        }
      }
    }
  }

  final class Member implements ReplicatedLog {
    private final String id;
    private final boolean leader;
    private volatile LogApplier applier;

    private Member(String id, boolean leader) {
      this.id = id;
      this.leader = leader;
    }

    @Override
    public void attach(LogApplier a) {
      applier = a;
    }

    @Override
    public void detach(LogApplier a) {
      applier = null;
    }

    /** The applier the store attached, for feeding it entries directly. */
    LogApplier applier() {
      return applier;
    }

    @Override
    public CompletableFuture<Long> propose(byte[] entry) {
      CompletableFuture<Long> applied = new CompletableFuture<>();
      if (!leader) {
        applied.completeExceptionally(new NotLeaderException("not leader", "a"));
      } else {
        proposed.add(new Proposal(entry.clone(), applied, this));
        proposals.add(entry.clone());
      }
      return applied;
    }

    @Override
    public CompletableFuture<Void> readBarrier() {
      return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isLeader() {
      return leader;
    }

    @Override
    public Optional<String> leader() {
      return members.stream().filter(m -> m.leader).map(m -> m.id).findFirst();
    }

    @Override
    public String localId() {
      return id;
    }
  }
}
