package io.hearth.replication.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.junit.jupiter.api.Test;

/** The settings Hearth hands to Ratis. */
class RatisPropertiesTest {
  private static RatisSettings.Builder settings() {
    return RatisSettings.builder("n1", 0, Path.of("/tmp/unused"));
  }

  private static long appenderWaitMicros(RatisSettings s) {
    RaftProperties p = RatisProperties.of(s);
    return RaftServerConfigKeys.Log.Appender.waitTimeMin(p).toLong(TimeUnit.MICROSECONDS);
  }

  @Test
  void theAppenderWaitIsZeroUnlessConfigured() {
    assertEquals(0, appenderWaitMicros(settings().build()));
  }

  @Test
  void ratisLogMetadataIsOffUnlessCommitIndexEntriesAreConfigured() {
    assertFalse(RaftServerConfigKeys.Log.logMetadataEnabled(RatisProperties.of(settings().build())));
    assertTrue(RaftServerConfigKeys.Log.logMetadataEnabled(
        RatisProperties.of(settings().commitIndexEntries(true).build())));
  }

  @Test
  void theElectionTimeoutIs600To1200MillisecondsUnlessConfigured() {
    RaftProperties p = RatisProperties.of(settings().build());
    assertEquals(600, RaftServerConfigKeys.Rpc.timeoutMin(p).toLong(TimeUnit.MILLISECONDS));
    assertEquals(1200, RaftServerConfigKeys.Rpc.timeoutMax(p).toLong(TimeUnit.MILLISECONDS));
  }

  @Test
  void theFirstElectionAfterStartWaitsAQuarterOfTheElectionTimeout() {
    RaftProperties p = RatisProperties.of(settings()
        .rpcTimeout(Duration.ofMillis(400), Duration.ofMillis(900)).build());
    assertEquals(100,
        RaftServerConfigKeys.Rpc.firstElectionTimeoutMin(p).toLong(TimeUnit.MILLISECONDS));
    assertEquals(225,
        RaftServerConfigKeys.Rpc.firstElectionTimeoutMax(p).toLong(TimeUnit.MILLISECONDS));
  }

  @Test
  void preVoteStaysOnSoThatAnEarlyFirstElectionCannotDeposeALiveLeader() {
    assertTrue(RaftServerConfigKeys.LeaderElection.preVote(RatisProperties.of(settings().build())));
  }

  @Test
  void aConfiguredAppenderWaitReachesRatisIncludingZeroAndFractionsOfAMillisecond() {
    assertEquals(1000, appenderWaitMicros(settings().appenderWait(Duration.ofMillis(1)).build()));
    assertEquals(300, appenderWaitMicros(settings().appenderWait(Duration.ofNanos(300_000))
        .build()));
  }

  @Test
  void aNegativeAppenderWaitIsRefusedWhenTheSettingsAreBuilt() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> settings().appenderWait(Duration.ofMillis(-1)).build());
    assertEquals("appender wait is negative: PT-0.001S", e.getMessage());
  }
}
