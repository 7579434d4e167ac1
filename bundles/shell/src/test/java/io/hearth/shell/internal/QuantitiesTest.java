package io.hearth.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class QuantitiesTest {

  @Test
  void agesUseTheLargestWholeUnit() {
    assertEquals("0s", Ages.of(Duration.ZERO));
    assertEquals("12s", Ages.of(Duration.ofSeconds(12)));
    assertEquals("59s", Ages.of(Duration.ofMillis(59_999)));
    assertEquals("1m", Ages.of(Duration.ofSeconds(60)));
    assertEquals("3m", Ages.of(Duration.ofSeconds(200)));
    assertEquals("2h", Ages.of(Duration.ofMinutes(150)));
    assertEquals("47h", Ages.of(Duration.ofHours(47)));
    assertEquals("2d", Ages.of(Duration.ofHours(48)));
    assertEquals("0s", Ages.of(Duration.ofSeconds(-5)), "clock skew between nodes");
  }

  @Test
  void anUnsetTimestampHasNoAge() {
    Instant now = Instant.parse("2026-01-01T00:00:00Z");
    assertEquals("-", Ages.since(Timestamp.getDefaultInstance(), now));
    assertEquals("5m", Ages.since(Timestamp.newBuilder()
        .setSeconds(now.minusSeconds(300).getEpochSecond()).build(), now));
  }

  @Test
  void sizesReadBinaryUnitsAndPrintBackTheLargestExactOne() {
    assertEquals(8L << 30, Quantities.bytes("--memory", "8G"));
    assertEquals(512L << 20, Quantities.bytes("--memory", "512m"));
    assertEquals(1536L << 20, Quantities.bytes("--memory", "1.5GiB"));
    assertEquals(100, Quantities.bytes("--memory", "100"));
    assertEquals("8G", Quantities.size(8L << 30));
    assertEquals("1536M", Quantities.size(1536L << 20));
    assertEquals("1000", Quantities.size(1000));
    assertEquals("--memory: not a size (like 512M or 8G): 'lots'",
        assertThrows(CommandException.class, () -> Quantities.bytes("--memory", "lots"))
            .getMessage());
    assertThrows(CommandException.class, () -> Quantities.bytes("--memory", "-1G"));
    assertThrows(CommandException.class, () -> Quantities.bytes("--memory", "99999999T"));
  }

  @Test
  void cpusAreNanoCpus() {
    assertEquals(4_000_000_000L, Quantities.nanoCpus("--cpus", "4"));
    assertEquals(250_000_000L, Quantities.nanoCpus("--cpus", "0.25"));
    assertEquals("0.25", Quantities.cpus(250_000_000L));
    assertEquals("4", Quantities.cpus(4_000_000_000L));
    assertThrows(CommandException.class, () -> Quantities.nanoCpus("--cpus", "four"));
    assertThrows(CommandException.class, () -> Quantities.nanoCpus("--cpus", "-1"));
  }

  @Test
  void durationsTakeOneUnit() {
    assertEquals(Duration.ofMillis(500), Quantities.duration("--for", "500ms"));
    assertEquals(Duration.ofSeconds(30), Quantities.duration("--for", "30s"));
    assertEquals(Duration.ofMinutes(5), Quantities.duration("--for", "5m"));
    assertEquals(Duration.ofHours(2), Quantities.duration("--for", "2h"));
    assertEquals("--for: not a duration (like 500ms, 30s, 5m, 2h): '30'",
        assertThrows(CommandException.class, () -> Quantities.duration("--for", "30"))
            .getMessage());
    assertEquals("--for: must be more than zero",
        assertThrows(CommandException.class, () -> Quantities.duration("--for", "0s"))
            .getMessage());
  }
}
