package io.hearth.benchmarks;

import io.hearth.memdb.MemDb;
import io.hearth.memdb.Snapshot;
import io.hearth.model.Task;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.HashMap;
import java.util.Locale;
import org.openjdk.jol.info.GraphStats;
import org.openjdk.jol.vm.VM;

/**
 * Retained heap per object of memdb (id index + service index) against a {@code HashMap<String,
 * Task>} holding the same tasks.
 *
 * <p>Primary measure: JOL's {@link GraphStats} (the exact sizes of every object reachable from
 * a root, each counted once). Memdb and the map are measured as the loaded structure minus the
 * same structure empty, so fixed costs (the schema and whatever it reaches) do not count; the
 * tasks themselves are measured on their own, so "index overhead" is the structure minus the
 * objects. Cross-check: used heap after repeated full GCs, before and after building each
 * structure while the tasks are held.
 *
 * <p>Usage: {@code java -Xmx8g -cp benchmarks.jar io.hearth.benchmarks.HeapFootprint [n]}.
 * Prints a readable report and, last, lines {@code RESULT <name> <value>} for scripts.
 */
public final class HeapFootprint {
  private HeapFootprint() {}

  public static void main(String[] args) {
    int n = args.length > 0 ? Integer.parseInt(args[0].replace("_", "")) : 1_000_000;
    // JDK 17 refuses Unsafe field offsets of hidden classes (the lambdas of the schema's
    // indexers); this JOL mode reads them another way. Exact sizes also want
    // -Djdk.attach.allowAttachSelf=true (run.sh passes it) so JOL can use Instrumentation.
    if (System.getProperty("jol.magicFieldOffset") == null) {
      System.setProperty("jol.magicFieldOffset", "true");
    }
    VM.current().details().lines()
        .filter(l -> l.contains("ompressed") || l.contains("alignment"))
        .forEach(l -> System.out.println(l.startsWith("#") ? l : "# " + l));
    Task[] tasks = TaskData.tasks(n);

    // Cross-check first, while the heap holds nothing else of ours.
    long gcObjects;
    long gcMap;
    long gcDb;
    {
      Object[] hold = new Object[1];
      long base = usedAfterGc();
      hold[0] = TaskData.tasks(n);
      gcObjects = usedAfterGc() - base;
      hold[0] = null;
      base = usedAfterGc();
      hold[0] = hashMap(tasks);
      gcMap = usedAfterGc() - base;
      hold[0] = null;
      base = usedAfterGc();
      hold[0] = TaskTable.load(tasks).snapshot();
      gcDb = usedAfterGc() - base;
      hold[0] = null;
    }

    long objects = GraphStats.parseInstance((Object[]) tasks).totalSize();
    long mapEmpty = GraphStats.parseInstance(new HashMap<String, Task>()).totalSize();
    HashMap<String, Task> map = hashMap(tasks);
    long mapTotal = GraphStats.parseInstance(map).totalSize() - mapEmpty;
    map = null;
    long dbEmpty = GraphStats.parseInstance(new MemDb(TaskTable.SCHEMA).snapshot()).totalSize();
    Snapshot snapshot = TaskTable.load(tasks).snapshot();
    long dbTotal = GraphStats.parseInstance(snapshot).totalSize() - dbEmpty;
    if (snapshot.count(TaskTable.TASKS) != n) {
      throw new IllegalStateException("memdb holds " + snapshot.count(TaskTable.TASKS) + " of " + n);
    }

    double perObjects = (double) objects / n;
    double perMap = (double) mapTotal / n;
    double perDb = (double) dbTotal / n;
    System.out.printf(Locale.ROOT, "# n = %,d tasks; JOL GraphStats (exact, reachable objects counted once)%n", n);
    System.out.printf(Locale.ROOT, "%-34s %12s %12s%n", "", "bytes/obj", "index/obj");
    System.out.printf(Locale.ROOT, "%-34s %12.1f %12s%n", "tasks only", perObjects, "-");
    System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f%n", "HashMap<String,Task>", perMap, perMap - perObjects);
    System.out.printf(Locale.ROOT, "%-34s %12.1f %12.1f%n", "memdb (id + service index)", perDb, perDb - perObjects);
    System.out.printf(Locale.ROOT, "%-34s %12.2f %12.2f%n", "ratio memdb / HashMap", perDb / perMap,
        (perDb - perObjects) / (perMap - perObjects));
    System.out.printf(Locale.ROOT, "# cross-check, used heap after GC: tasks %.1f, HashMap +%.1f, memdb +%.1f bytes/obj%n",
        (double) gcObjects / n, (double) gcMap / n, (double) gcDb / n);
    System.out.printf(Locale.ROOT, "RESULT n %d%n", n);
    System.out.printf(Locale.ROOT, "RESULT objects_bytes_per_obj %.1f%n", perObjects);
    System.out.printf(Locale.ROOT, "RESULT hashmap_bytes_per_obj %.1f%n", perMap);
    System.out.printf(Locale.ROOT, "RESULT memdb_bytes_per_obj %.1f%n", perDb);
    System.out.printf(Locale.ROOT, "RESULT ratio_memdb_hashmap %.3f%n", perDb / perMap);
    System.out.printf(Locale.ROOT, "RESULT gc_hashmap_index_bytes_per_obj %.1f%n", (double) gcMap / n);
    System.out.printf(Locale.ROOT, "RESULT gc_memdb_index_bytes_per_obj %.1f%n", (double) gcDb / n);
  }

  private static HashMap<String, Task> hashMap(Task[] tasks) {
    HashMap<String, Task> map = new HashMap<>();
    for (Task t : tasks) {
      map.put(t.getId(), t);
    }
    return map;
  }

  /** Used heap once repeated full GCs stop freeing anything (within 1 MiB). */
  private static long usedAfterGc() {
    MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 10; i++) {
      System.gc();
      long now = memory.getHeapMemoryUsage().getUsed();
      if (used - now < (1 << 20) && i >= 2) {
        return Math.min(used, now);
      }
      used = now;
    }
    return used;
  }
}
