package io.hearth.store.internal;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import io.hearth.model.LogEntry;
import io.hearth.store.spi.CorruptEntryException;
import java.io.IOException;

/**
 * The fields of a {@link LogEntry} that decide how it applies, read without decoding its
 * transactions: a leader's own entries come back through apply with thousands of objects it
 * already has in its speculative state, and parsing them all again only to learn their origin
 * was a third of its apply work and much of its garbage.
 */
record EntryHeader(long previousVersion, String origin, long originSeq) {

  /**
   * Reads the header of an encoded {@link LogEntry}, skipping over everything else.
   *
   * @throws CorruptEntryException if the bytes are not a log entry's wire format
   */
  static EntryHeader read(long index, byte[] bytes) {
    CodedInputStream in = CodedInputStream.newInstance(bytes);
    long previousVersion = 0;
    String origin = "";
    long originSeq = 0;
    try {
      for (int tag; (tag = in.readTag()) != 0; ) {
        switch (WireFormat.getTagFieldNumber(tag)) {
          case LogEntry.PREVIOUS_VERSION_FIELD_NUMBER -> previousVersion = in.readUInt64();
          case LogEntry.ORIGIN_FIELD_NUMBER -> origin = in.readStringRequireUtf8();
          case LogEntry.ORIGIN_SEQ_FIELD_NUMBER -> originSeq = in.readUInt64();
          default -> in.skipField(tag); // the transactions: length-delimited, skipped whole
        }
      }
    } catch (IOException e) {
      throw new CorruptEntryException(index, "cannot be decoded: " + e.getMessage(), e);
    }
    return new EntryHeader(previousVersion, origin, originSeq);
  }
}
