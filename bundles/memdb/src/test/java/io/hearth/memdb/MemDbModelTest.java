package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property test at the table level: random inserts, deletes, savepoints, rollbacks, commits and
 * aborts on a table with a unique, a non-unique and a multi-valued index, against a reference
 * model of plain maps, comparing every query (get, first, find, findPrefix, lowerBound, reverse,
 * all, count, changes) after each step. Each case replays from its seed.
 */
class MemDbModelTest {
    private static final String[] NAMES = {"alpha", "Alpha", "ALPHABET", "beta", "Beta2", "gamma", "g", "", "\u00e9t\u00e9", "x\u0000y"};
    private static final String[] GROUPS = {"web", "db", "web-1", "w", null};
    private static final String[] TAGS = {"red", "re", "blue", "b\u0001", "green"};

    /** The reference: objects by id, per table, plus the transaction-local bookkeeping. */
    private static final class Model {
        Map<String, Item> committed = new TreeMap<>();
        Map<String, Item> others = new TreeMap<>();
        Map<String, Item> current = new TreeMap<>();
        Map<String, Item> currentOthers = new TreeMap<>();
        LinkedHashMap<String, Item> touchedBefore = new LinkedHashMap<>(); // key: table + "/" + id
        long version;
        long committedVersion;

        record Mark(Map<String, Item> items, Map<String, Item> others, List<Map.Entry<String, Item>> touched, long version) {
        }

        void begin() {
            current = new TreeMap<>(committed);
            currentOthers = new TreeMap<>(others);
            touchedBefore.clear();
        }

        Mark mark() {
            return new Mark(new TreeMap<>(current), new TreeMap<>(currentOthers), new ArrayList<>(touchedBefore.entrySet()), version);
        }

        void restore(Mark m) {
            current = new TreeMap<>(m.items());
            currentOthers = new TreeMap<>(m.others());
            touchedBefore.clear();
            m.touched().forEach(e -> touchedBefore.put(e.getKey(), e.getValue()));
            version = m.version();
        }

        void touch(String table, String id, Item before) {
            touchedBefore.putIfAbsent(table + "/" + id, before);
        }

        Item conflict(Item item) {
            String n = item.name() == null ? "" : item.name().toLowerCase(Locale.ROOT);
            if (n.isEmpty()) {
                return null;
            }
            for (Item o : current.values()) {
                if (!o.id().equals(item.id()) && o.name() != null && o.name().toLowerCase(Locale.ROOT).equals(n)) {
                    return o;
                }
            }
            return null;
        }

        List<Change<?>> changes() {
            List<Change<?>> out = new ArrayList<>();
            touchedBefore.forEach((key, before) -> {
                boolean other = key.startsWith("others/");
                String id = key.substring(key.indexOf('/') + 1);
                Item after = (other ? currentOthers : current).get(id);
                if (before == null ? after != null : !before.equals(after)) {
                    out.add(new Change<>(other ? Item.OTHER : Item.TABLE, before, after));
                }
            });
            return out;
        }
    }

    /** An index's indexer keys for one object, computed independently of the Indexer. */
    private static List<byte[]> keysOf(Index<Item> index, Item o) {
        List<byte[]> out = new ArrayList<>();
        if (index == Item.NAME) {
            if (o.name() != null && !o.name().isEmpty()) {
                out.add(Keys.string(o.name().toLowerCase(Locale.ROOT)));
            }
        } else if (index == Item.GROUP) {
            if (o.group() != null && !o.group().isEmpty()) {
                out.add(Keys.string(o.group()));
            }
        } else if (index == Item.TAGS) {
            o.tags().forEach(t -> out.add(Keys.string(t)));
        } else {
            out.add(Keys.string(o.id()));
        }
        return out;
    }

    /** The index as (indexer key, id) pairs in stored order, each with its object. */
    private static TreeMap<byte[], Item> entries(Index<Item> index, Map<String, Item> items) {
        TreeMap<byte[], Item> out = new TreeMap<>(Arrays::compareUnsigned);
        for (Item o : items.values()) {
            for (byte[] k : keysOf(index, o)) {
                out.put(index.unique() ? k : Keys.concat(k, Keys.string(o.id())), o);
            }
        }
        return out;
    }

    private static boolean startsWith(byte[] a, byte[] p) {
        return a.length >= p.length && Arrays.equals(a, 0, p.length, p, 0, p.length);
    }

    private static List<Item> list(Iterator<Item> it) {
        List<Item> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static Item randomItem(Random r) {
        Set<String> tags = new HashSet<>();
        int n = r.nextInt(3);
        for (int i = 0; i < n; i++) {
            tags.add(TAGS[r.nextInt(TAGS.length)]);
        }
        return new Item("id" + r.nextInt(25), NAMES[r.nextInt(NAMES.length)], GROUPS[r.nextInt(GROUPS.length)], tags, r.nextInt(3));
    }

    private static byte[] randomProbe(Random r, boolean exact) {
        String s = switch (r.nextInt(3)) {
            case 0 -> NAMES[r.nextInt(NAMES.length)].toLowerCase(Locale.ROOT);
            case 1 -> String.valueOf(GROUPS[r.nextInt(GROUPS.length - 1)]);
            default -> TAGS[r.nextInt(TAGS.length)];
        };
        if (!exact && !s.isEmpty()) {
            s = s.substring(0, r.nextInt(s.length() + 1));
        }
        return exact ? Keys.string(s) : Keys.stringPrefix(s);
    }

    @TestFactory
    Stream<DynamicTest> randomTransactionsAgreeWithTheModel() {
        return IntStream.range(0, 40).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> run(seed)));
    }

    private void run(long seed) {
        Random r = new Random(seed);
        MemDb db = new MemDb(Item.SCHEMA);
        Model m = new Model();
        WriteTxn[] txn = {db.begin()};
        m.begin();
        Deque<Map.Entry<Savepoint, Model.Mark>> marks = new ArrayDeque<>();
        try {
            for (int op = 0; op < 400; op++) {
                String ctx = "seed " + seed + " op " + op;
                WriteTxn tx = txn[0];
                int choice = r.nextInt(100);
                if (choice < 40) {
                    Item item = randomItem(r);
                    Item clash = m.conflict(item);
                    if (clash != null) {
                        UniqueConstraintException e = assertThrows(UniqueConstraintException.class,
                                () -> tx.insert(Item.TABLE, item), ctx);
                        assertEquals(clash, e.existing(), ctx);
                    } else {
                        assertEquals(m.current.get(item.id()), tx.insert(Item.TABLE, item), ctx + " insert");
                        m.touch("items", item.id(), m.committed.get(item.id()));
                        m.current.put(item.id(), item);
                    }
                } else if (choice < 55) {
                    String id = "id" + r.nextInt(25);
                    Item before = m.current.get(id);
                    assertEquals(before, tx.delete(Item.TABLE, id), ctx + " delete");
                    if (before != null) {
                        m.touch("items", id, m.committed.get(id));
                        m.current.remove(id);
                    }
                } else if (choice < 60) {
                    Item item = randomItem(r);
                    assertEquals(m.currentOthers.get(item.id()), tx.insert(Item.OTHER, item), ctx);
                    m.touch("others", item.id(), m.others.get(item.id()));
                    m.currentOthers.put(item.id(), item);
                } else if (choice < 64) {
                    long v = r.nextInt(100);
                    tx.version(v);
                    m.version = v;
                } else if (choice < 70) {
                    marks.push(Map.entry(tx.savepoint(), m.mark()));
                } else if (choice < 76 && !marks.isEmpty()) {
                    int drop = r.nextInt(marks.size());
                    for (int i = 0; i < drop; i++) {
                        marks.pop();
                    }
                    tx.rollbackTo(marks.peek().getKey());
                    m.restore(marks.peek().getValue());
                } else if (choice < 79) {
                    compare(m, tx.freeze(), ctx + " frozen");
                } else if (choice < 83) {
                    boolean commit = r.nextInt(4) != 0;
                    if (commit) {
                        Snapshot s = tx.commit();
                        compare(m, s, ctx + " committed");
                        m.committed = new TreeMap<>(m.current);
                        m.others = new TreeMap<>(m.currentOthers);
                        m.committedVersion = m.version;
                    } else {
                        tx.abort();
                        m.version = m.committedVersion;
                    }
                    m.begin();
                    compare(m, db.snapshot(), ctx + " published");
                    txn[0] = db.begin();
                    marks.clear();
                } else {
                    compare(m, tx, ctx);
                    assertEquals(m.changes(), tx.changes(), ctx + " changes");
                    byte[] exact = randomProbe(r, true);
                    byte[] prefix = randomProbe(r, false);
                    for (Index<Item> index : Item.TABLE.indexes()) {
                        compareIndex(m, tx, index, exact, prefix, ctx);
                    }
                }
            }
            compare(m, txn[0], "seed " + seed + " end");
        } finally {
            txn[0].abort();
        }
    }

    private static void compare(Model m, ReadTxn rt, String ctx) {
        assertEquals(m.current.size(), rt.count(Item.TABLE), ctx + " count");
        assertEquals(m.currentOthers.size(), rt.count(Item.OTHER), ctx + " count others");
        assertEquals(new ArrayList<>(byIdKey(m.current)), list(rt.all(Item.TABLE)), ctx + " all");
        assertEquals(new ArrayList<>(byIdKey(m.currentOthers)), list(rt.all(Item.OTHER)), ctx + " all others");
        for (String id : m.current.keySet()) {
            assertEquals(m.current.get(id), rt.get(Item.TABLE, id), ctx + " get " + id);
        }
        assertEquals(m.version, rt.version(), ctx + " version");
    }

    private static List<Item> byIdKey(Map<String, Item> items) {
        List<Item> out = new ArrayList<>(items.values());
        out.sort(Comparator.comparing(i -> Keys.string(i.id()), Arrays::compareUnsigned));
        return out;
    }

    private static void compareIndex(Model m, ReadTxn rt, Index<Item> index, byte[] exact, byte[] prefix, String ctx) {
        TreeMap<byte[], Item> stored = entries(index, m.current);
        String what = ctx + " " + index + " ";
        // find: the objects whose indexer keys include `exact`, in id order (once each).
        List<Item> found = new ArrayList<>();
        for (Item o : byIdKey(m.current)) {
            if (keysOf(index, o).stream().anyMatch(k -> Arrays.equals(k, exact))) {
                found.add(o);
            }
        }
        assertEquals(found, list(rt.find(index, exact)), what + "find");
        assertEquals(found.isEmpty() ? null : found.get(0), rt.first(index, exact), what + "first");
        // findPrefix: (indexer key, id) pairs whose indexer key starts with `prefix`, in order.
        List<Item> byPrefix = new ArrayList<>();
        for (Item o : byIdKey(m.current)) {
            for (byte[] k : keysOf(index, o)) {
                if (startsWith(k, prefix)) {
                    byPrefix.add(o);
                }
            }
        }
        TreeMap<byte[], Item> prefixed = new TreeMap<>(Arrays::compareUnsigned);
        stored.forEach((k, v) -> {
            if (startsWith(k, prefix)) {
                prefixed.put(k, v);
            }
        });
        assertEquals(byPrefix.size(), prefixed.size(), what + "model self-check");
        assertEquals(new ArrayList<>(prefixed.values()), list(rt.findPrefix(index, prefix)), what + "findPrefix");
        assertEquals(new ArrayList<>(stored.tailMap(prefix, true).values()), list(rt.lowerBound(index, prefix)), what + "lowerBound");
        assertEquals(new ArrayList<>(stored.descendingMap().values()), list(rt.reverse(index)), what + "reverse");
    }
}
