package io.hearth.benchmarks.endtoend;

import io.hearth.allocator.internal.Allocator;
import io.hearth.benchmarks.cluster.Cluster;
import io.hearth.benchmarks.cluster.Replica;
import io.hearth.orchestrator.internal.Orchestrator;
import io.hearth.scheduler.internal.Scheduler;
import io.hearth.store.internal.HearthStore;
import io.hearth.watch.internal.WatchHub;
import io.hearth.watch.internal.WatchSettings;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

/**
 * A replicated control plane in this JVM, as the OSGi container would assemble it on three
 * machines: three Ratis replicas (fsync on, 127.0.0.1), a watch hub on each, and the
 * orchestrator, allocator and scheduler running on whichever replica leads. The plugins follow
 * the store's own leadership signal ({@link HearthStore#onLeadershipChange}, the one the
 * {@code Leadership} service is registered from): started when a replica becomes a leader
 * ready to write, closed when it stops being one.
 */
final class ControlPlane implements AutoCloseable {
  private final Cluster cluster;
  private final List<Member> members = new ArrayList<>();
  private final PluginSettings settings;

  /**
   * @param root the replicas' data directories go under it
   * @param settings the plugins' settings
   */
  ControlPlane(Path root, PluginSettings settings) {
    this.cluster = new Cluster(3, root, UnaryOperator.identity());
    this.settings = settings;
  }

  /** Starts the replicas, their hubs and the leadership hand-over; returns the first leader. */
  Member start() throws Exception {
    cluster.startAll();
    for (Replica replica : cluster.replicas()) {
      Member member = new Member(replica);
      members.add(member);
      member.follow();
    }
    Replica leader = cluster.awaitLeader(30_000);
    return member(leader);
  }

  List<Member> members() {
    return List.copyOf(members);
  }

  /** The member whose plugins run now, or null between leaders. */
  Member leading() {
    for (Member m : members) {
      if (m.leading) {
        return m;
      }
    }
    return null;
  }

  /** Waits until every replica has applied {@code version}. */
  void awaitVersion(long version, long timeoutMs) throws InterruptedException {
    cluster.awaitVersion(version, timeoutMs);
  }

  private Member member(Replica replica) {
    for (Member m : members) {
      if (m.replica == replica) {
        return m;
      }
    }
    throw new IllegalStateException("not a member: " + replica.id());
  }

  /** Stops the plugins, hubs and replicas; the replicas stop even if some plugin would not. */
  @Override
  public void close() {
    RuntimeException failed = null;
    for (Member m : members) {
      try {
        m.close();
      } catch (RuntimeException e) {
        failed = e;
      }
    }
    cluster.close();
    if (failed != null) {
      throw failed;
    }
  }

  /** One replica with its watch hub and, while it leads, the three plugins. */
  final class Member {
    final Replica replica;
    final HearthStore store;
    final WatchHub hub;
    /** Starts and stops the plugins one change at a time, off the log's notification thread. */
    private final ExecutorService lane;
    private volatile boolean leading;
    private volatile int terms;
    // Owned by the lane.
    private Orchestrator orchestrator;
    private Allocator allocator;
    private Scheduler scheduler;

    Member(Replica replica) {
      this.replica = replica;
      this.store = replica.store();
      this.hub = new WatchHub(store.commitFeed(), store, WatchSettings.DEFAULTS);
      this.lane = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "plugins-" + replica.id());
        t.setDaemon(true);
        return t;
      });
    }

    /**
     * Registers for the store's leadership changes. The first election comes at least one
     * election timeout (300 ms) after the replicas start, long after this runs; a replica that
     * already leads is started here too.
     */
    private void follow() {
      store.onLeadershipChange(leader -> lane.execute(() -> leadershipChanged(leader)));
      if (replica.isLeader()) {
        lane.execute(() -> leadershipChanged(true));
      }
    }

    String id() {
      return replica.id();
    }

    /** Times this member started the plugins. */
    int terms() {
      return terms;
    }

    private void leadershipChanged(boolean leader) {
      if (leader && orchestrator == null) {
        orchestrator = new Orchestrator(store, hub, settings.orchestrator(), Clock.systemUTC());
        allocator = new Allocator(store, hub, settings.allocator(), Clock.systemUTC());
        scheduler = new Scheduler(store, hub, settings.scheduler(), Clock.systemUTC());
        orchestrator.start();
        allocator.start();
        scheduler.start();
        terms++;
        leading = true;
      } else if (!leader && orchestrator != null) {
        leading = false;
        stopPlugins();
      }
    }

    private void stopPlugins() {
      orchestrator.close();
      allocator.close();
      scheduler.close();
      orchestrator = null;
      allocator = null;
      scheduler = null;
    }

    /** The plugins' counters, read on the lane; zeros if it does not lead. */
    PluginCounters counters() throws Exception {
      return lane.submit(() -> orchestrator == null ? PluginCounters.NONE
          : new PluginCounters(orchestrator.passes(), orchestrator.created(), orchestrator.stale(),
              allocator.passes(), allocator.allocated(), allocator.conflicts(),
              scheduler.passes(), scheduler.assigned(), scheduler.conflicts()))
          .get(30, TimeUnit.SECONDS);
    }

    private void close() {
      store.onLeadershipChange(leader -> { });
      try {
        lane.submit(() -> {
          leading = false;
          if (orchestrator != null) {
            stopPlugins();
          }
        }).get(60, TimeUnit.SECONDS);
      } catch (Exception e) {
        throw new IllegalStateException("plugins of " + replica.id() + " did not stop", e);
      } finally {
        lane.shutdownNow();
        hub.close();
      }
    }
  }

  /** What the plugins of the leading member did so far (their own counters). */
  record PluginCounters(long orchestratorPasses, long created, long stale, long allocatorPasses,
      long allocated, long allocatorConflicts, long schedulerPasses, long assigned,
      long schedulerConflicts) {
    static final PluginCounters NONE = new PluginCounters(0, 0, 0, 0, 0, 0, 0, 0, 0);
  }
}
