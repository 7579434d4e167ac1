package io.hearth.replication.internal;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates {@link RatisSettings} into Ratis's properties, with the choices Hearth makes. */
final class RatisProperties {

  private RatisProperties() {}

  static RaftProperties of(RatisSettings s) {
    RaftProperties p = new RaftProperties();
    // GRPC: the transport with TLS, and the only one whose followers serve read indexes.
    RaftConfigKeys.Rpc.setType(p, SupportedRpcType.GRPC);
    GrpcConfigKeys.Server.setHost(p, s.host());
    GrpcConfigKeys.Server.setPort(p, s.port());
    RaftServerConfigKeys.setStorageDir(p, List.of(s.dataDir().toFile()));

    RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);

    RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
    RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, s.snapshotThreshold());
    RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, s.snapshotsRetained());
    // No snapshot at stop: stopping stays fast, and a restart replays the log after the last one.
    RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
    // The log before a completed snapshot is purged at once (gap 1): a follower that lags
    // behind it is brought up to date by installing the snapshot.
    RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
    RaftServerConfigKeys.Log.setPurgeGap(p, 1);
    SizeInBytes segment = SizeInBytes.valueOf(s.segmentSizeBytes());
    RaftServerConfigKeys.Log.setSegmentSizeMax(p, segment);
    RaftServerConfigKeys.Log.setPreallocatedSize(p,
        SizeInBytes.valueOf(Math.min(s.segmentSizeBytes(), 4L * 1024 * 1024)));
    // Without fsync, appends count as flushed before they reach the disk.
    RaftServerConfigKeys.Log.setUnsafeFlushEnabled(p, !s.fsync());
    // The least time between two append requests to one follower (RatisSettings.appenderWait;
    // 0 unless configured; Ratis 3.2.2's default is 1 ms).
    RaftServerConfigKeys.Log.Appender.setWaitTimeMin(p,
        TimeDuration.valueOf(s.appenderWait().toNanos(), TimeUnit.NANOSECONDS));
    // Ratis's log metadata (on by default): after each commit the leader appends one more entry
    // holding the new commit index, so every write cost two entries in every replica's log.
    // Raft does not need the commit index on disk: followers learn it from the leader's next
    // append (Ratis's GRPC appender sends one at once when a follower's commit index lags), and
    // a restarted group applies its log tail when the new leader commits its first entry.
    RaftServerConfigKeys.Log.setLogMetadataEnabled(p, s.commitIndexEntries());

    RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(s.rpcTimeoutMin()));
    RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(s.rpcTimeoutMax()));
    // A node that has just started waits a quarter of the election timeout before its first
    // election (Ratis's default: the whole of it). That wait is idle start-up time: a single
    // node elects itself only after it (with 600-1200 ms, 0.95 s of the launcher's ~2.6 s to
    // ready; benchmarks/startup.sh). Early is harmless in a live group: Ratis's pre-vote (on by
    // default) keeps a restarted follower that has not yet heard the leader from deposing it.
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(s.rpcTimeoutMin().dividedBy(4)));
    RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(s.rpcTimeoutMax().dividedBy(4)));
    RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(s.requestTimeout()));
    return p;
  }

  private static TimeDuration ms(Duration d) {
    return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
  }
}
