package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static io.hearth.store.internal.TestObjects.service;
import static io.hearth.store.internal.TestObjects.task;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.hearth.store.By;
import io.hearth.store.ObjectKind;
import io.hearth.store.spi.CorruptSnapshotException;
import io.hearth.store.spi.LogApplier;
import io.hearth.store.spi.StateImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SnapshotImageTest {
  private final StoreFixture source = new StoreFixture();
  private final ManualLog targetLog = new ManualLog();
  private final ManualLog.Member member = targetLog.member("t", false);
  private final HearthStore target =
      new HearthStore(member, StoreLimits.DEFAULTS, Clock.systemUTC());

  @AfterEach
  void close() {
    source.close();
  }

  private static List<Object> contents(HearthStore store) {
    return store.view(tx -> {
      List<Object> all = new ArrayList<>();
      for (ObjectKind<?> kind : ObjectKind.all()) {
        all.addAll(tx.table(kind).find(By.all()));
      }
      return all;
    });
  }

  private byte[] imageOfSource() throws IOException {
    source.store.update(tx -> {
      for (int i = 0; i < 50; i++) {
        tx.nodes().create(node("n" + i, "node-" + i));
        tx.tasks().create(task("t" + i, "s" + (i % 3), i, "n" + i));
      }
      tx.services().create(service("s0", "web"));
    });
    source.store.update(tx -> tx.nodes().delete("n7"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    StateImage image = sourceApplier().image();
    assertEquals(2, image.version());
    assertEquals(100, image.objectCount());
    image.writeTo(out);
    return out.toByteArray();
  }

  private LogApplier sourceApplier() {
    return source.store.applier();
  }

  @Test
  void anImageRestoresToTheSameStateAndTheSameBytes() throws IOException {
    byte[] bytes = imageOfSource();
    member.applier().restore(new ByteArrayInputStream(bytes), 2);

    assertEquals(contents(source.store), contents(target));
    assertEquals(2, target.version());
    ByteArrayOutputStream again = new ByteArrayOutputStream();
    member.applier().image().writeTo(again);
    assertArrayEquals(bytes, again.toByteArray());
  }

  @Test
  void aTruncatedImageIsRefusedAndChangesNothing() throws IOException {
    byte[] bytes = imageOfSource();
    byte[] cut = Arrays.copyOf(bytes, bytes.length - 3);
    assertThrows(CorruptSnapshotException.class,
        () -> member.applier().restore(new ByteArrayInputStream(cut), 2));
    assertEquals(0, target.version());
    assertEquals(List.of(), contents(target));
  }

  @Test
  void anImageWhoseStreamFailsAtTheEndChangesNothing() throws IOException {
    byte[] bytes = imageOfSource();
    InputStream failsAtEnd = new FilterInputStream(new ByteArrayInputStream(bytes)) {
      @Override
      public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
          throw new IOException("checksum mismatch");
        }
        return b;
      }

      @Override
      public int read(byte[] buf, int off, int len) throws IOException {
        int n = super.read(buf, off, len);
        if (n < 0) {
          throw new IOException("checksum mismatch");
        }
        return n;
      }
    };
    assertThrows(IOException.class, () -> member.applier().restore(failsAtEnd, 2));
    assertEquals(List.of(), contents(target));
  }

  @Test
  void anImageRepeatingAnObjectIsRefused() throws IOException {
    byte[] bytes = imageOfSource();
    byte[] twice = new byte[bytes.length * 2];
    System.arraycopy(bytes, 0, twice, 0, bytes.length);
    System.arraycopy(bytes, 0, twice, bytes.length, bytes.length);
    CorruptSnapshotException e = assertThrows(CorruptSnapshotException.class,
        () -> member.applier().restore(new ByteArrayInputStream(twice), 2));
    assertEquals(true, e.getMessage().contains("repeats"));
    assertEquals(List.of(), contents(target));
  }
}
