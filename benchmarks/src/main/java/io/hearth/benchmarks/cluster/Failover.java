package io.hearth.benchmarks.cluster;

import static io.hearth.benchmarks.cluster.ClusterLoad.ms;
import static io.hearth.benchmarks.cluster.ClusterLoad.progress;

import io.hearth.benchmarks.TaskData;
import io.hearth.model.Task;
import io.hearth.store.internal.HearthStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Leader kills during a stream of writes: each round stops the leader, times the new leader's
 * election and its first acknowledged write from the kill, and brings the old leader back as a
 * follower for the next round.
 */
final class Failover {
  private Failover() {}

  /** Nanoseconds from each kill to the first write on the new leader, and to its election. */
  record Times(List<Long> toWrite, List<Long> toLeader) { }

  static Times run(Cluster c, int rounds) throws Exception {
    List<Long> toWrite = new ArrayList<>();
    List<Long> toLeader = new ArrayList<>();
    Task[] own = TaskData.tasks(1, TaskData.SEED + 13);
    c.awaitLeader(30_000).store.update(tx -> tx.tasks().create(own[0]));
    String id = own[0].getId();
    for (int round = 1; round <= rounds; round++) {
      Replica first = c.awaitLeader(30_000);
      AtomicBoolean stop = new AtomicBoolean();
      AtomicLong killedAt = new AtomicLong();
      AtomicLong firstWrite = new AtomicLong();
      AtomicLong acknowledged = new AtomicLong();
      AtomicLong failed = new AtomicLong();
      // A steady stream of writes that follows whichever replica leads.
      Thread writer = new Thread(() -> {
        long k = 0;
        while (!stop.get()) {
          Replica l = c.leader();
          HearthStore s = l == null ? null : l.store;
          if (s == null) {
            LockSupport.parkNanos(200_000);
            continue;
          }
          try {
            WriterLoad.update(s, id, k++);
            long done = System.nanoTime();
            acknowledged.incrementAndGet();
            if (killedAt.get() != 0 && l != first && firstWrite.get() == 0) {
              firstWrite.set(done);
            }
          } catch (RuntimeException e) {
            failed.incrementAndGet();
          }
        }
      }, "failover-writer");
      writer.start();
      Thread.sleep(2_000);
      long killed = System.nanoTime();
      killedAt.set(killed);
      // Closing a Ratis server takes a while (up to seconds); the group sees the leader go
      // at its start, so time everything from there and close on another thread.
      AtomicLong closedAt = new AtomicLong();
      Thread killer = new Thread(() -> {
        first.stop();
        closedAt.set(System.nanoTime());
      }, "killer");
      killer.start();
      Replica second = null;
      while (second == null && System.nanoTime() - killed < TimeUnit.SECONDS.toNanos(30)) {
        Replica l = c.leader();
        if (l != null && l != first) {
          second = l;
        } else {
          LockSupport.parkNanos(200_000);
        }
      }
      long elected = System.nanoTime();
      if (second == null) {
        throw new IllegalStateException("no new leader within 30 s of the kill");
      }
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (firstWrite.get() == 0 && System.nanoTime() < deadline) {
        Thread.sleep(1);
      }
      stop.set(true);
      writer.join(60_000);
      killer.join(60_000);
      long closed = closedAt.get();
      if (firstWrite.get() == 0) {
        throw new IllegalStateException("no write succeeded within 30 s of the failover");
      }
      toLeader.add(elected - killed);
      toWrite.add(firstWrite.get() - killed);
      progress("failover %d: killed %s (close took %d ms); %s leads after %d ms; first write "
          + "on it after %d ms (%d writes acknowledged, %d failed)", round, first.id,
          ms(closed - killed), second.id, ms(elected - killed), ms(firstWrite.get() - killed),
          acknowledged.get(), failed.get());
      // Bring the old leader back as a follower for the next round.
      c.start(first);
      c.awaitVersion(second.store.version(), 60_000);
    }
    return new Times(toWrite, toLeader);
  }
}
