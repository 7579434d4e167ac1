package io.hearth.benchmarks;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * Brings a freshly built structure into the memory layout a long-lived one has.
 *
 * <p>Why: a structure built in one go sits in the young generation in allocation order. A tree
 * filled in random key order then walks memory at random when iterated in key order, until a
 * young collection copies it: the copying collector lays objects out in the order it traces
 * them from their root, which puts neighbours in key order close together. Whether that copy
 * happened before the measurement depended on how full eden was when setup ended, and it
 * changed TreeMap iteration of 1M entries between about 5M and 28M rows/s from one run to the
 * next. Every structure that lives through a real program's run gets copied like this, so
 * setup ends by forcing it: allocate short-lived garbage until two young collections have run.
 * {@code System.gc()} would not do: G1's full collection slides objects and keeps their order.
 */
final class Settle {
  private static volatile Object sink;

  private Settle() {}

  /** Returns once two young collections have run (or after 30 s, or at once without one). */
  static void youngCollections() {
    List<GarbageCollectorMXBean> young = ManagementFactory.getGarbageCollectorMXBeans().stream()
        .filter(gc -> gc.getName().contains("Young") || gc.getName().contains("Scavenge")
            || gc.getName().equals("Copy") || gc.getName().equals("ParNew"))
        .toList();
    if (young.isEmpty()) {
      return; // not a generational collector: nothing copies by tracing order
    }
    long target = count(young) + 2;
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (count(young) < target && System.nanoTime() < deadline) {
      for (int i = 0; i < 64; i++) {
        sink = new byte[128 * 1024]; // far below G1's humongous size, so it goes to eden
      }
    }
    sink = null;
  }

  private static long count(List<GarbageCollectorMXBean> young) {
    long n = 0;
    for (GarbageCollectorMXBean gc : young) {
      n += gc.getCollectionCount();
    }
    return n;
  }
}
