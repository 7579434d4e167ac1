package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

/** The reference model for radix tree tests: a TreeMap with unsigned byte order, and comparisons. */
final class TreeModel {
    private TreeModel() {
    }

    static <V> TreeMap<byte[], V> newMap() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    static byte[] bytes(int... v) {
        byte[] b = new byte[v.length];
        for (int i = 0; i < v.length; i++) {
            b[i] = (byte) v[i];
        }
        return b;
    }

    /** Drains a cursor into (key, value) pairs, checking key() on the way. */
    static <V> List<Map.Entry<byte[], V>> drain(Cursor<V> c) {
        List<Map.Entry<byte[], V>> out = new ArrayList<>();
        while (c.hasNext()) {
            V v = c.next();
            out.add(Map.entry(c.key().clone(), v));
        }
        return out;
    }

    static <V> void assertSame(Iterable<Map.Entry<byte[], V>> expected, Cursor<V> actual, String what) {
        List<Map.Entry<byte[], V>> got = drain(actual);
        Iterator<Map.Entry<byte[], V>> it = expected.iterator();
        int i = 0;
        for (Map.Entry<byte[], V> g : got) {
            if (!it.hasNext()) {
                throw new AssertionError(what + ": extra entry " + Arrays.toString(g.getKey()) + " at " + i);
            }
            Map.Entry<byte[], V> e = it.next();
            assertArrayEquals(e.getKey(), g.getKey(), what + ": key at " + i);
            assertEquals(e.getValue(), g.getValue(), what + ": value at " + i);
            i++;
        }
        if (it.hasNext()) {
            throw new AssertionError(what + ": missing entry " + Arrays.toString(it.next().getKey()) + " at " + i);
        }
    }

    static <V> void assertMatches(NavigableMap<byte[], V> model, TreeReader<V> tree, byte[] probe) {
        assertEquals(model.size(), tree.size(), "size");
        assertEquals(model.get(probe), tree.get(probe), "get " + Arrays.toString(probe));
        assertSame(model.entrySet(), tree.iterator(), "iterator");
        assertSame(model.descendingMap().entrySet(), tree.reverseIterator(), "reverse");
        assertSame(model.tailMap(probe, true).entrySet(), tree.lowerBound(probe), "lowerBound " + Arrays.toString(probe));
        assertSame(model.headMap(probe, true).descendingMap().entrySet(), tree.reverseLowerBound(probe),
                "reverseLowerBound " + Arrays.toString(probe));
        assertSame(prefixOf(model, probe).entrySet(), tree.prefix(probe), "prefix " + Arrays.toString(probe));
    }

    static <V> NavigableMap<byte[], V> prefixOf(NavigableMap<byte[], V> model, byte[] prefix) {
        NavigableMap<byte[], V> out = newMap();
        for (Map.Entry<byte[], V> e : model.tailMap(prefix, true).entrySet()) {
            byte[] k = e.getKey();
            if (k.length < prefix.length || !Arrays.equals(k, 0, prefix.length, prefix, 0, prefix.length)) {
                break;
            }
            out.put(k, e.getValue());
        }
        return out;
    }
}
