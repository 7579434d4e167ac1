package io.hearth.store.internal;

import io.hearth.memdb.Snapshot;
import io.hearth.memdb.Table;
import io.hearth.store.ObjectKind;
import io.hearth.store.spi.StateImage;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Iterator;

/** A committed memdb snapshot seen as a snapshot image: objects by kind, then id. */
final class StoreImage implements StateImage {
  private final Snapshot snapshot;
  private final KindTables tables;

  StoreImage(Snapshot snapshot, KindTables tables) {
    this.snapshot = snapshot;
    this.tables = tables;
  }

  @Override
  public long version() {
    return snapshot.version();
  }

  @Override
  public long objectCount() {
    long count = 0;
    for (ObjectKind<?> kind : ObjectKind.all()) {
      count += snapshot.count(tables.table(kind));
    }
    return count;
  }

  @Override
  public void writeTo(OutputStream out) throws IOException {
    for (ObjectKind<?> kind : ObjectKind.all()) {
      write(kind, out);
    }
  }

  private <T> void write(ObjectKind<T> kind, OutputStream out) throws IOException {
    Table<T> table = tables.table(kind);
    for (Iterator<T> it = snapshot.all(table); it.hasNext(); ) {
      kind.wrap(it.next()).writeDelimitedTo(out);
    }
  }
}
