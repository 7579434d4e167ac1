package io.hearth.replication.internal;

import com.google.protobuf.InvalidProtocolBufferException;
import io.hearth.model.SnapshotHeader;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.StateImage;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot file format, written and read as streams (never one in-memory blob):
 *
 * <pre>
 * SnapshotHeader {term, index, version, object_count}   length-delimited protobuf
 * image                                                 StateImage.writeTo: delimited objects
 * trailer: magic "HSN1" (4 bytes), CRC32C (4 bytes, big-endian) of every byte before the trailer
 * </pre>
 *
 * The image runs up to the trailer, so a reader knows where it ends from the file size. A file
 * is written to a temporary name, forced to disk, then renamed into place.
 */
final class SnapshotFile {

  static final int MAGIC = 0x48534E31; // "HSN1"
  static final int TRAILER_BYTES = 8;
  private static final int BUFFER = 64 * 1024;

  private SnapshotFile() {}

  /** Writes {@code image} under {@code target} (atomically: temp file, fsync, rename). */
  static void write(Path target, SnapshotHeader header, StateImage image, boolean fsync)
      throws IOException {
    Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
    try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE,
        StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
      BufferedOutputStream buffered =
          new BufferedOutputStream(Channels.newOutputStream(channel), BUFFER);
      CRC32C crc = new CRC32C();
      OutputStream checked = new CheckedOutputStream(new Unclosable(buffered), crc);
      header.writeDelimitedTo(checked);
      image.writeTo(checked);
      checked.flush();
      DataOutputStream trailer = new DataOutputStream(buffered);
      trailer.writeInt(MAGIC);
      trailer.writeInt((int) crc.getValue());
      trailer.flush();
      if (fsync) {
        channel.force(true);
      }
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
    if (fsync) {
      forceDirectory(target.getParent());
    }
  }

  /** Makes a rename durable; a platform that cannot open a directory for that is skipped. */
  private static void forceDirectory(Path dir) {
    try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Not supported on every platform (Windows); the rename itself is atomic.
    }
  }

  /**
   * Opens {@code file} and reads its header. The returned image stream ends where the image
   * ends; reaching its end checks the trailer and throws {@link CorruptSnapshotException}
   * (naming the file and byte position) if the checksum does not match.
   *
   * @throws CorruptSnapshotException if the file is too short or its header cannot be read
   */
  static Reader open(Path file) throws IOException {
    long size = Files.size(file);
    if (size < TRAILER_BYTES + 1) {
      throw new SnapshotCorruption("snapshot " + file + ", at byte 0: truncated: " + size
          + " bytes", null);
    }
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), BUFFER);
    Reader reader = new Reader(file, raw, size - TRAILER_BYTES);
    try {
      reader.readHeader();
      return reader;
    } catch (IOException | RuntimeException e) {
      reader.close();
      throw e;
    }
  }

  /** An open snapshot file: its header, then the image as a checksum-verifying stream. */
  static final class Reader extends InputStream {
    private final Path file;
    private final InputStream raw;
    private final long imageEnd;
    private final CRC32C crc = new CRC32C();
    private long position;
    private boolean verified;
    private SnapshotHeader header;

    private Reader(Path file, InputStream raw, long imageEnd) {
      this.file = file;
      this.raw = raw;
      this.imageEnd = imageEnd;
    }

    private void readHeader() throws IOException {
      try {
        header = SnapshotHeader.parseDelimitedFrom(this);
      } catch (InvalidProtocolBufferException e) {
        throw corrupt("header cannot be decoded: " + e.getMessage(), e);
      }
      if (header == null) {
        throw corrupt("no header", null);
      }
    }

    SnapshotHeader header() {
      return header;
    }

    Path file() {
      return file;
    }

    /** Bytes of the file consumed so far. */
    long position() {
      return position;
    }

    /** Whether the trailer has been read and the checksum matched. */
    boolean verified() {
      return verified;
    }

    SnapshotCorruption corrupt(String message, Throwable cause) {
      return new SnapshotCorruption("snapshot " + file + ", at byte " + position + ": "
          + message, cause);
    }

    @Override
    public int read() throws IOException {
      if (position >= imageEnd) {
        verifyTrailer();
        return -1;
      }
      int b = raw.read();
      if (b < 0) {
        throw corrupt("file ends before its trailer", new EOFException());
      }
      crc.update(b);
      position++;
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      if (length == 0) {
        return 0;
      }
      if (position >= imageEnd) {
        verifyTrailer();
        return -1;
      }
      int n = raw.read(buffer, offset, (int) Math.min(length, imageEnd - position));
      if (n < 0) {
        throw corrupt("file ends before its trailer", new EOFException());
      }
      crc.update(buffer, offset, n);
      position += n;
      return n;
    }

    @Override
    public int available() throws IOException {
      return (int) Math.min(raw.available(), imageEnd - position);
    }

    private void verifyTrailer() throws IOException {
      if (verified) {
        return;
      }
      DataInputStream in = new DataInputStream(raw);
      int magic;
      int stored;
      try {
        magic = in.readInt();
        stored = in.readInt();
      } catch (EOFException e) {
        throw corrupt("trailer is truncated", e);
      }
      if (magic != MAGIC) {
        throw corrupt(String.format("trailer magic %08x where %08x was expected", magic, MAGIC),
            null);
      }
      int actual = (int) crc.getValue();
      if (stored != actual) {
        throw corrupt(String.format("checksum mismatch: CRC32C %08x stored, %08x computed over "
            + "bytes 0..%d", stored, actual, position), null);
      }
      verified = true;
    }

    @Override
    public void close() throws IOException {
      raw.close();
    }
  }

  /** Keeps the image writer from closing the file under us. */
  private static final class Unclosable extends FilterOutputStream {
    Unclosable(OutputStream out) {
      super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
