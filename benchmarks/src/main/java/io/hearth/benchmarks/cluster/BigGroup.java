package io.hearth.benchmarks.cluster;

import static io.hearth.benchmarks.cluster.ClusterLoad.create;
import static io.hearth.benchmarks.cluster.ClusterLoad.fmtRate;
import static io.hearth.benchmarks.cluster.ClusterLoad.fmtS;
import static io.hearth.benchmarks.cluster.ClusterLoad.max;
import static io.hearth.benchmarks.cluster.ClusterLoad.millions;
import static io.hearth.benchmarks.cluster.ClusterLoad.ms;
import static io.hearth.benchmarks.cluster.ClusterLoad.progress;
import static io.hearth.benchmarks.cluster.WriterLoad.update;

import io.hearth.benchmarks.TaskData;
import io.hearth.model.Task;
import io.hearth.replication.GroupStatus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The 1,000,000-object part of {@link ClusterLoad} ({@code --big}), on a group of its own: a
 * batch load, a whole-group restart that replays the log, a snapshot taken at that size, its
 * install on a lagging follower, and a whole-group restart from the snapshot. Its rows go to
 * the {@link ClusterLoad} report.
 */
final class BigGroup {
  /** A Ratis log segment file name, closed or open; group 1 is its first index. */
  private static final Pattern SEGMENT =
      Pattern.compile("log_(?:inprogress_)?(\\d+)(?:-\\d+)?");

  private final ClusterLoad load;
  private final Path dir;
  private final int big;

  BigGroup(ClusterLoad load, Path dir, int big) {
    this.load = load;
    this.dir = dir;
    this.big = big;
  }

  void run() throws Exception {
    Path root = dir.resolve("big");
    try (Cluster c = new Cluster(3, root, load.diagnostics().tuned(b -> b.snapshotThreshold(1_000_000_000L)))) {
      c.limits = load.diagnostics().limits();
      progress("big: starting 3 replicas under %s", root);
      c.startAll();
      Replica leader = c.awaitLeader(60_000);
      int chunk = 100_000;
      long loading = 0;
      int loaded = 0;
      for (int from = 0; from < big; from += chunk) {
        int n = Math.min(chunk, big - from);
        Task[] tasks = TaskData.tasks(n, TaskData.SEED + 1000 + from / chunk);
        long t0 = System.nanoTime();
        loaded += load.createAll(c, tasks);
        loading += System.nanoTime() - t0;
      }
      leader = c.awaitLeader(60_000);
      long version = leader.store.version();
      long t1 = System.nanoTime();
      c.awaitVersion(version, 300_000);
      long applied = leader.status().appliedIndex();
      progress("big: loaded %,d tasks in %d ms (%,.0f objects/s) as %d log entries; all "
          + "replicas applied it %d ms later", loaded, ms(loading), loaded / (loading / 1e9),
          applied, ms(System.nanoTime() - t1));
      load.row(String.format(Locale.ROOT, "batch create of %,d objects (the load below)", loaded),
          fmtRate(loaded / (loading / 1e9), "objects/s"), "–", "–", null);
      c.close();

      // Restart with a threshold past the log: replay alone must not trigger a snapshot, the
      // single writes after it will. Small segments from here on, so that the log written
      // while a follower is down is purged after the snapshot (only closed segments are).
      long threshold = applied + 1000;
      c.tuning = load.diagnostics().tuned(b -> b.snapshotThreshold(threshold).segmentSizeBytes(64 * 1024));
      long replay = restartToServing(c);
      progress("big: restart to serving (log replay of %d entries): %d ms", applied, ms(replay));
      load.row(String.format(Locale.ROOT, "restart-to-serving at %s objects, no snapshot "
          + "(replays %,d log entries)", millions(loaded), applied), fmtS(replay / 1e9), "–", "–",
          null);

      leader = c.awaitLeader(60_000);
      // A follower that is down while the snapshot is taken and the log before it purged: on
      // its return the leader no longer has the entries it lacks and installs the snapshot.
      Replica leading = leader;
      Replica lagging = c.running().stream().filter(r -> r != leading)
          .max(Comparator.comparing(r -> r.id)).orElseThrow();
      long laggingAt = lagging.status().appliedIndex();
      lagging.stop();
      takeSnapshot(c, leader, threshold, loaded, laggingAt);
      installSnapshot(c, lagging, loaded);

      c.close();
      long fromSnapshot = restartToServing(c);
      progress("big: restart to serving (snapshot + log tail): %d ms", ms(fromSnapshot));
      load.row(String.format(Locale.ROOT, "restart-to-serving at %s objects (snapshot + log tail)",
          millions(loaded)), fmtS(fromSnapshot / 1e9), "–", "–", null);
    }
  }

  /** Starts every replica and times until a write succeeds on the leader. */
  private long restartToServing(Cluster c) throws Exception {
    Task[] probe = TaskData.tasks(1, System.nanoTime());
    long t0 = System.nanoTime();
    c.startAll();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(5);
    while (System.nanoTime() < deadline) {
      Replica l = c.leader();
      if (l != null) {
        try {
          l.store.update(tx -> tx.tasks().create(probe[0].toBuilder()
              .setId(TaskData.randomId(new java.util.SplittableRandom(System.nanoTime())))
              .build()));
          return System.nanoTime() - t0;
        } catch (RuntimeException e) {
          // not ready yet
        }
      }
      Thread.sleep(1);
    }
    throw new IllegalStateException("no write succeeded within 5 minutes of the restart");
  }

  /**
   * Writes until the applied index passes the snapshot threshold, then times until every
   * replica's snapshot is complete on disk. The snapshot is taken from an immutable root on the
   * apply thread and written by a background thread; writes go on meanwhile.
   */
  private void takeSnapshot(Cluster c, Replica leader, long threshold, int objects,
      long laggingAt) throws Exception {
    String id = leader.store.view(tx -> tx.tasks().find(io.hearth.store.By.all()).get(0)
        .getId());
    long k = 0;
    long crossed = 0;
    while (crossed == 0) {
      long before = System.nanoTime();
      update(leader.store, id, k++);
      if (leader.status().appliedIndex() >= threshold) {
        crossed = before;
      }
    }
    List<Replica> running = c.running();
    long[] done = new long[running.size()];
    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
    int remaining = done.length;
    while (remaining > 0 && System.nanoTime() < deadline) {
      for (int i = 0; i < done.length; i++) {
        GroupStatus s = running.get(i).status();
        if (done[i] == 0 && s != null && s.latestSnapshotIndex() > 0) {
          done[i] = System.nanoTime();
          remaining--;
        }
      }
      Thread.sleep(1);
    }
    if (remaining > 0) {
      throw new IllegalStateException("snapshots not complete after 3 minutes");
    }
    int li = running.indexOf(leader);
    long all = 0;
    StringBuilder each = new StringBuilder();
    for (int i = 0; i < done.length; i++) {
      all = Math.max(all, done[i] - crossed);
      each.append(running.get(i).id).append(' ').append(ms(done[i] - crossed)).append(" ms ");
    }
    progress("big: snapshot at %,d objects complete on disk: %s(leader %s)", objects, each,
        leader.id);
    load.row(String.format(Locale.ROOT, "snapshot take at %s objects (leader; the running "
        + "replicas write theirs at once)", millions(objects)), fmtS((done[li] - crossed) / 1e9)
        + " (all " + done.length + ": " + fmtS(all / 1e9) + ")", "–", "–", null);
    // Ratis learns of a completed snapshot on its next apply round, then purges the log
    // before it: write until the leader's log starts past the lagging follower's last entry.
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (firstLogIndex(leader.dir) <= laggingAt + 1 && System.nanoTime() < deadline) {
      update(leader.store, id, k++);
      Thread.sleep(50);
    }
    progress("big: the leader's log now starts at index %d (the lagging follower has up to %d)",
        firstLogIndex(leader.dir), laggingAt);
  }

  /**
   * Restarts a follower that was down while the leader took its snapshot and purged the log
   * before it: the leader installs the snapshot. Timed from the follower's start until it has
   * applied the leader's version.
   */
  private void installSnapshot(Cluster c, Replica follower, int objects) throws Exception {
    Replica leader = c.awaitLeader(30_000);
    long version = leader.store.version();
    long t0 = System.nanoTime();
    c.start(follower);
    long started = System.nanoTime();
    long deadline = t0 + TimeUnit.MINUTES.toNanos(3);
    while (follower.store.version() < version) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("lagging follower did not catch up in 3 minutes");
      }
      Thread.sleep(1);
    }
    long caughtUp = System.nanoTime();
    GroupStatus s = follower.status();
    boolean installed = s.latestSnapshotIndex() > 0;
    progress("big: lagging follower %s started in %d ms, caught up %d ms after start (%s; "
        + "snapshot index %d)", follower.id, ms(started - t0), ms(caughtUp - t0),
        installed ? "by snapshot install" : "NOT by snapshot install", s.latestSnapshotIndex());
    load.row(String.format(Locale.ROOT, "snapshot install at %s objects (lagging follower: start → "
        + "caught up)%s", millions(objects), installed ? "" : " [no install happened]"),
        fmtS((caughtUp - t0) / 1e9), "–", "–", null);
  }

  /** The first index of the Raft log segments under a replica's data directory, or -1. */
  static long firstLogIndex(Path replicaDir) throws IOException {
    long first = Long.MAX_VALUE;
    try (Stream<Path> files = Files.walk(replicaDir)) {
      for (Path f : (Iterable<Path>) files::iterator) {
        Matcher m = SEGMENT.matcher(f.getFileName().toString());
        if (m.matches()) {
          first = Math.min(first, Long.parseLong(m.group(1)));
        }
      }
    }
    return first == Long.MAX_VALUE ? -1 : first;
  }
}
