package io.hearth.shell.internal;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;

/** How long ago something happened, in the one unit a person reads at a glance. */
public final class Ages {
  private Ages() {}

  /**
   * {@code 12s}, {@code 3m}, {@code 2h}, {@code 5d}: whole units, rounded down; a moment in the
   * future (clocks of two nodes differ) reads {@code 0s}.
   */
  public static String of(Duration age) {
    long s = Math.max(0, age.getSeconds());
    if (s < 60) {
      return s + "s";
    }
    if (s < 3600) {
      return s / 60 + "m";
    }
    if (s < 2 * 86400) {
      return s / 3600 + "h";
    }
    return s / 86400 + "d";
  }

  /** The age of {@code time} at {@code now}, or {@code -} if it is not set. */
  public static String since(Timestamp time, Instant now) {
    if (time.getSeconds() == 0 && time.getNanos() == 0) {
      return "-";
    }
    return of(Duration.between(Instant.ofEpochSecond(time.getSeconds(), time.getNanos()), now));
  }
}
