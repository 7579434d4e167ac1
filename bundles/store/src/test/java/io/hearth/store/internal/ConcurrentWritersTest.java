package io.hearth.store.internal;

import static io.hearth.store.internal.TestObjects.node;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.hearth.model.Node;
import io.hearth.store.SequenceConflictException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ConcurrentWritersTest {

  /** Reads a node, increments its counter label, and writes it back with compare-and-swap. */
  private static void increment(HearthStore store) {
    while (true) {
      Node n = store.view(tx -> tx.nodes().require("counter"));
      long value = Long.parseLong(n.getSpec().getAnnotations().getLabelsOrDefault("n", "0"));
      Node next = n.toBuilder().setSpec(n.getSpec().toBuilder().setAnnotations(
          n.getSpec().getAnnotations().toBuilder().putLabels("n", Long.toString(value + 1))))
          .build();
      try {
        store.update(tx -> tx.nodes().update(next));
        return;
      } catch (SequenceConflictException conflict) {
        // Someone else incremented first: read again and retry.
      }
    }
  }

  @Test
  void compareAndSwapLosesNoIncrementUnderConcurrentWriters() throws Exception {
    try (StoreFixture f = new StoreFixture()) {
      f.store.update(tx -> tx.nodes().create(node("counter", "c")));
      int threads = 8;
      int perThread = 250;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            increment(f.store);
          }
        }));
      }
      for (Future<?> d : done) {
        d.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      Node counter = f.store.view(tx -> tx.nodes().require("counter"));
      assertEquals(Integer.toString(threads * perThread),
          counter.getSpec().getAnnotations().getLabelsOrThrow("n"));
      assertEquals(f.store.version(), counter.getMeta().getVersion().getIndex());
    }
  }

  @Test
  void blindWritersAreSerializedAndEveryOneCommits() throws Exception {
    try (StoreFixture f = new StoreFixture()) {
      int threads = 8;
      int perThread = 200;
      ExecutorService pool = Executors.newFixedThreadPool(threads);
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        done.add(pool.submit(() -> {
          for (int i = 0; i < perThread; i++) {
            String id = "n-" + thread + "-" + i;
            long v = f.store.update(tx -> tx.nodes().create(node(id, id)));
            assertTrue(f.store.version() >= v, "update returns only once applied");
          }
        }));
      }
      for (Future<?> d : done) {
        d.get(60, TimeUnit.SECONDS);
      }
      pool.shutdown();
      assertEquals(threads * perThread, (int) f.store.view(tx -> tx.nodes().count()));
      assertEquals(threads * perThread, f.store.version());
    }
  }
}
