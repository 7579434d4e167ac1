package io.hearth.store.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.google.protobuf.Timestamp;
import io.hearth.model.LogEntry;
import io.hearth.model.StoreAction;
import io.hearth.model.StoreObject;
import io.hearth.model.Transaction;
import io.hearth.store.spi.CorruptEntryException;
import org.junit.jupiter.api.Test;

class EntryHeaderTest {

  @Test
  void theHeaderIsReadPastTransactionsWithoutDecodingThem() {
    Transaction tx = Transaction.newBuilder().setVersion(8)
        .addActions(StoreAction.newBuilder().setKind(StoreAction.Kind.CREATE)
            .setTarget(StoreObject.newBuilder().setNode(TestObjects.node("n1", "one"))))
        .build();
    byte[] bytes = LogEntry.newBuilder().setPreviousVersion(7).addTransactions(tx)
        .addTransactions(tx.toBuilder().setVersion(9))
        .setProposedAt(Timestamp.newBuilder().setSeconds(1)).setOrigin("node-2").setOriginSeq(42)
        .build().toByteArray();

    assertEquals(new EntryHeader(7, "node-2", 42), EntryHeader.read(1, bytes));
  }

  @Test
  void anEmptyEntryHasTheDefaults() {
    assertEquals(new EntryHeader(0, "", 0), EntryHeader.read(1, new byte[0]));
  }

  @Test
  void bytesThatAreNotAnEntryAreACorruptEntryNamingItsIndex() {
    byte[] truncated = LogEntry.newBuilder().setPreviousVersion(7).setOrigin("node-2").build()
        .toByteArray();
    byte[] cut = java.util.Arrays.copyOf(truncated, truncated.length - 2);
    CorruptEntryException e = assertThrows(CorruptEntryException.class,
        () -> EntryHeader.read(12, cut));
    assertEquals(12, e.index());
  }
}
