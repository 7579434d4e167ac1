package io.hearth.replication.internal;

import io.hearth.store.spi.CorruptSnapshotException;

/** A corrupt snapshot whose message already names the file and the byte position. */
final class SnapshotCorruption extends CorruptSnapshotException {
  private static final long serialVersionUID = 1L;

  SnapshotCorruption(String message, Throwable cause) {
    super(message, cause);
  }
}
