package io.hearth.replication.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.SnapshotHeader;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.StateImage;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The snapshot file format on its own: framing, checksum, and where corruption is reported. */
class SnapshotFileTest {
  @TempDir Path dir;

  private static final byte[] IMAGE = new byte[200_000];

  static {
    new Random(7).nextBytes(IMAGE);
  }

  private static final StateImage FAKE = new StateImage() {
    @Override
    public long version() {
      return 42;
    }

    @Override
    public long objectCount() {
      return 3;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      out.write(IMAGE);
    }
  };

  private Path write() throws IOException {
    Path file = dir.resolve("snapshot.2_17");
    SnapshotHeader header = SnapshotHeader.newBuilder().setTerm(2).setIndex(17).setVersion(42)
        .setObjectCount(3).build();
    SnapshotFile.write(file, header, FAKE, true);
    return file;
  }

  @Test
  void roundTripStreamsTheImageAndVerifiesTheChecksumAtItsEnd() throws IOException {
    Path file = write();
    assertFalse(Files.exists(dir.resolve("snapshot.2_17.tmp")), "temp file renamed");
    try (SnapshotFile.Reader in = SnapshotFile.open(file)) {
      assertEquals(42, in.header().getVersion());
      assertEquals(17, in.header().getIndex());
      assertFalse(in.verified());
      assertArrayEquals(IMAGE, in.readAllBytes());
      assertTrue(in.verified());
    }
  }

  @Test
  void aFlippedByteFailsAtTheEndOfTheImageNamingFileAndPosition() throws IOException {
    Path file = write();
    long flipped = SnapshotRecoveryTest.flipByte(file);
    try (SnapshotFile.Reader in = SnapshotFile.open(file)) {
      byte[] buffer = new byte[8192];
      // Everything before the end reads: the checksum covers the whole file.
      CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class, () -> {
        while (in.read(buffer) >= 0) {
          // drain
        }
      });
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
      assertTrue(e.getMessage().contains("at byte " + (Files.size(file) - 8)), e.getMessage());
      assertTrue(flipped < Files.size(file) - 8);
    }
  }

  @Test
  void aTruncatedFileIsReportedAsSuch() throws IOException {
    Path file = write();
    byte[] all = Files.readAllBytes(file);
    Files.write(file, java.util.Arrays.copyOf(all, all.length - 3));
    try (SnapshotFile.Reader in = SnapshotFile.open(file)) {
      CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
          () -> in.readAllBytes());
      assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    }
    Files.write(file, new byte[4]);
    CorruptSnapshotException tiny = assertThrows(CorruptSnapshotException.class,
        () -> SnapshotFile.open(file));
    assertTrue(tiny.getMessage().contains("truncated"), tiny.getMessage());
  }
}
