package io.hearth.memdb;

import static io.hearth.memdb.TreeModel.bytes;
import static io.hearth.memdb.TreeModel.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import org.junit.jupiter.api.Test;

class RadixTreeTest {

    private static RadixTree<String> treeOf(byte[]... keys) {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        for (byte[] k : keys) {
            e.put(k, java.util.Arrays.toString(k));
        }
        return e.freeze();
    }

    private static List<String> values(Cursor<String> c) {
        return drain(c).stream().map(Map.Entry::getValue).toList();
    }

    @Test
    void emptyTreeHasNothingAndItsCursorsAreEmpty() {
        RadixTree<String> t = RadixTree.empty();
        assertEquals(0, t.size());
        assertNull(t.get(bytes()));
        assertNull(t.get(bytes(1)));
        assertFalse(t.iterator().hasNext());
        assertFalse(t.reverseIterator().hasNext());
        assertFalse(t.prefix(bytes()).hasNext());
        assertFalse(t.lowerBound(bytes()).hasNext());
        assertFalse(t.reverseLowerBound(bytes(255)).hasNext());
        assertThrows(NoSuchElementException.class, () -> t.iterator().next());
        assertThrows(IllegalStateException.class, () -> t.iterator().key());
    }

    @Test
    void emptyKeyIsAValidKeyAndSortsFirst() {
        RadixTree<String> t = treeOf(bytes(1), bytes(), bytes(0));
        assertEquals("[]", t.get(bytes()));
        assertEquals(List.of("[]", "[0]", "[1]"), values(t.iterator()));
        assertEquals(List.of("[1]", "[0]", "[]"), values(t.reverseIterator()));
    }

    @Test
    void keyThatIsAPrefixOfAnotherIsKeptApartAndOrderedFirst() {
        RadixTree<String> t = treeOf(bytes(1, 2, 3), bytes(1, 2), bytes(1, 2, 3, 4), bytes(1));
        assertEquals(4, t.size());
        assertEquals("[1, 2]", t.get(bytes(1, 2)));
        assertNull(t.get(bytes(1, 2, 3, 4, 5)));
        assertNull(t.get(bytes(1, 2, 4)));
        assertEquals(List.of("[1]", "[1, 2]", "[1, 2, 3]", "[1, 2, 3, 4]"), values(t.iterator()));
        assertEquals(List.of("[1, 2, 3, 4]", "[1, 2, 3]", "[1, 2]", "[1]"), values(t.reverseIterator()));
        RadixTree.Editor<String> e = t.edit();
        assertEquals("[1, 2]", e.remove(bytes(1, 2)));
        assertEquals(List.of("[1]", "[1, 2, 3]", "[1, 2, 3, 4]"), values(e.iterator()));
        e.freeze().checkInvariants();
    }

    @Test
    void prefixIncludesTheExactKeyAndStopsAtTheSubtree() {
        RadixTree<String> t = treeOf(bytes(1), bytes(1, 2), bytes(1, 2, 9), bytes(1, 3), bytes(2), bytes(1, 2, 9, 9, 9));
        assertEquals(List.of("[1, 2]", "[1, 2, 9]", "[1, 2, 9, 9, 9]"), values(t.prefix(bytes(1, 2))));
        assertEquals(List.of("[1, 2, 9, 9, 9]"), values(t.prefix(bytes(1, 2, 9, 9))), "prefix ends inside a compressed path");
        assertEquals(List.of(), values(t.prefix(bytes(1, 2, 9, 8))), "mismatch inside a compressed path");
        assertEquals(List.of(), values(t.prefix(bytes(1, 4))));
        assertEquals(6, values(t.prefix(bytes())).size(), "empty prefix matches all");
        assertEquals(List.of("[2]"), values(t.prefix(bytes(2))));
        assertEquals(List.of(), values(t.prefix(bytes(2, 0))), "prefix longer than the only key");
    }

    @Test
    void lowerBoundStartsAtTheFirstKeyNotBelow() {
        RadixTree<String> t = treeOf(bytes(1), bytes(1, 2), bytes(1, 2, 9, 9), bytes(3));
        assertEquals(List.of("[1, 2]", "[1, 2, 9, 9]", "[3]"), values(t.lowerBound(bytes(1, 2))), "exact hit");
        assertEquals(List.of("[1, 2]", "[1, 2, 9, 9]", "[3]"), values(t.lowerBound(bytes(1, 1, 255))), "between");
        assertEquals(List.of("[1, 2, 9, 9]", "[3]"), values(t.lowerBound(bytes(1, 2, 9))), "inside a compressed path");
        assertEquals(List.of("[3]"), values(t.lowerBound(bytes(1, 2, 9, 9, 0))), "just past a key");
        assertEquals(List.of("[3]"), values(t.lowerBound(bytes(1, 2, 10))), "past a subtree");
        assertEquals(List.of(), values(t.lowerBound(bytes(3, 0))), "past the end");
        assertEquals(4, values(t.lowerBound(bytes())).size(), "from the start");
        assertEquals(List.of("[3]"), values(t.lowerBound(bytes(2))));
    }

    @Test
    void reverseLowerBoundStartsAtTheLastKeyNotAbove() {
        RadixTree<String> t = treeOf(bytes(1), bytes(1, 2), bytes(1, 2, 9, 9), bytes(3));
        assertEquals(List.of("[1, 2]", "[1]"), values(t.reverseLowerBound(bytes(1, 2))), "exact hit");
        assertEquals(List.of("[1, 2]", "[1]"), values(t.reverseLowerBound(bytes(1, 2, 9))), "inside a compressed path");
        assertEquals(List.of("[1, 2, 9, 9]", "[1, 2]", "[1]"), values(t.reverseLowerBound(bytes(1, 2, 10))));
        assertEquals(List.of("[1]"), values(t.reverseLowerBound(bytes(1, 1))));
        assertEquals(List.of(), values(t.reverseLowerBound(bytes(0, 255))), "before the start");
        assertEquals(List.of(), values(t.reverseLowerBound(bytes())), "the empty key is below all");
        assertEquals(4, values(t.reverseLowerBound(bytes(255))).size(), "from the end");
    }

    @Test
    void cursorKeyIsTheKeyOfTheLastValue() {
        RadixTree<String> t = treeOf(bytes(5, 6), bytes(5));
        Cursor<String> c = t.iterator();
        c.next();
        assertArrayEquals(bytes(5), c.key());
        c.next();
        assertArrayEquals(bytes(5, 6), c.key());
        assertFalse(c.hasNext());
    }

    private static String rootKind(RadixTree<?> t) {
        String s = t.structure();
        return s.substring(0, s.indexOf('\''));
    }

    @Test
    void nodesGrowFrom4To16To48To256AndShrinkBack() {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        String[] expected = new String[257];
        for (int b = 0; b < 256; b++) {
            e.put(bytes(b), "v" + b);
            if (b > 0) {
                expected[b + 1] = rootKind(e.freeze());
            }
        }
        assertEquals("N4", expected[4]);
        assertEquals("N16", expected[5]);
        assertEquals("N16", expected[16]);
        assertEquals("N48", expected[17]);
        assertEquals("N48", expected[48]);
        assertEquals("N256", expected[49]);
        assertEquals("N256", expected[256]);
        RadixTree<String> full = e.freeze();
        full.checkInvariants();
        for (int b = 0; b < 256; b++) {
            assertEquals("v" + b, full.get(bytes(b)));
        }
        for (int b = 255; b >= 2; b--) {
            e.remove(bytes(b));
            RadixTree<String> t = e.freeze();
            t.checkInvariants();
            int n = b;
            assertEquals(n <= 4 ? "N4" : n <= 16 ? "N16" : n <= 48 ? "N48" : "N256", rootKind(t), n + " children");
        }
        e.remove(bytes(1));
        assertEquals("L00", e.freeze().structure(), "one key left: the root is its leaf");
    }

    /**
     * Node16 and Node48 arrays are sized to their children: a copy gets one spare slot, an owned
     * node grows by half when full. Growing in place (one editor) and through copies (a freeze
     * after each write) must give the same shape and contents at every child count.
     */
    @Test
    void childArraysGrowInPlaceAndThroughCopiesAlike() {
        RadixTree.Editor<String> inPlace = RadixTree.<String>empty().edit();
        RadixTree.Editor<String> copied = RadixTree.<String>empty().edit();
        int[] order = new int[256];
        for (int i = 0; i < 256; i++) {
            order[i] = (i * 97 + 13) & 0xff; // every byte once, not in ascending order
        }
        for (int i = 0; i < 256; i++) {
            byte[] k = bytes(order[i]);
            inPlace.put(k, "v" + order[i]);
            copied.put(k, "v" + order[i]);
            RadixTree<String> c = copied.freeze();
            if (i % 7 == 0 || i == 16 || i == 17 || i == 47 || i == 48) {
                RadixTree<String> p = inPlace.freeze();
                p.checkInvariants();
                assertEquals(c.structure(), p.structure(), (i + 1) + " children");
            }
        }
        for (int i = 0; i < 255; i++) {
            inPlace.remove(bytes(order[i]));
            copied.remove(bytes(order[i]));
            RadixTree<String> c = copied.freeze();
            c.checkInvariants();
            if (i % 5 == 0) {
                assertEquals(c.structure(), inPlace.freeze().structure(), (255 - i) + " children");
            }
            assertEquals("v" + order[255], c.get(bytes(order[255])));
        }
    }

    @Test
    void pathCompressionSplitsAndMergesPrefixes() {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        e.put(bytes(7, 7, 7, 1), "a");
        assertEquals("L07070701", e.freeze().structure());
        e.put(bytes(7, 7, 7, 2), "b");
        assertEquals("N4'070707'{1:L07070701,2:L07070702,}", e.freeze().structure());
        e.put(bytes(7, 9), "c"); // splits the compressed path after the first byte
        assertEquals("N4'07'{7:N4'07'{1:L07070701,2:L07070702,},9:L0709,}", e.freeze().structure());
        e.put(bytes(7), "d"); // a terminal at the end of a prefix
        assertEquals("N4'07'TL07{7:N4'07'{1:L07070701,2:L07070702,},9:L0709,}", e.freeze().structure());
        e.remove(bytes(7, 9));
        e.remove(bytes(7));
        // One child left and no terminal: the node merges into its child, prefixes joined.
        RadixTree<String> t = e.freeze();
        assertEquals("N4'070707'{1:L07070701,2:L07070702,}", t.structure());
        t.checkInvariants();
        e.remove(bytes(7, 7, 7, 1));
        assertEquals("L07070702", e.freeze().structure());
        e.remove(bytes(7, 7, 7, 2));
        assertEquals("-", e.freeze().structure());
        assertEquals(0, e.size());
    }

    @Test
    void aFrozenTreeNeverChangesWhenTheEditorContinues() {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        for (int i = 0; i < 100; i++) {
            e.put(bytes(i % 7, i), "x" + i);
        }
        RadixTree<String> frozen = e.freeze();
        String shape = frozen.structure();
        NavigableMap<byte[], String> content = TreeModel.newMap();
        drain(frozen.iterator()).forEach(en -> content.put(en.getKey(), en.getValue()));
        for (int i = 0; i < 100; i += 2) {
            e.put(bytes(i % 7, i), "y" + i); // replace values (leaves shared with frozen)
            e.remove(bytes(i % 7, i + 1));
            e.put(bytes(i % 7, i, 1), "z"); // grow below shared leaves
        }
        for (int b = 0; b < 200; b++) {
            e.put(bytes(3, b, b), "g"); // grow shared nodes through every type
        }
        assertEquals(shape, frozen.structure());
        assertEquals(100, frozen.size());
        TreeModel.assertSame(content.entrySet(), frozen.iterator(), "frozen contents");
        frozen.checkInvariants();
    }

    @Test
    void freezeWithoutWritesReturnsTheSameTree() {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        e.put(bytes(1), "a");
        RadixTree<String> a = e.freeze();
        assertSame(a, e.freeze());
        e.put(bytes(1), new String("a")); // equal but another instance: a write
        assertNotSameTree(a, e.freeze());
    }

    private static void assertNotSameTree(RadixTree<?> a, RadixTree<?> b) {
        assertTrue(a != b);
    }

    @Test
    void editorsOfOneTreeAreIndependent() {
        RadixTree<String> base = treeOf(bytes(1), bytes(2));
        RadixTree.Editor<String> a = base.edit();
        RadixTree.Editor<String> b = base.edit();
        a.put(bytes(3), "a3");
        b.remove(bytes(1));
        assertEquals(List.of("[1]", "[2]", "a3"), values(a.iterator()));
        assertEquals(List.of("[2]"), values(b.iterator()));
        assertEquals(2, base.size());
    }

    @Test
    void putReturnsThePreviousValueAndRemoveTheRemovedOne() {
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        assertNull(e.put(bytes(1, 2), "a"));
        assertEquals("a", e.put(bytes(1, 2), "b"));
        assertNull(e.remove(bytes(1)));
        assertNull(e.remove(bytes(1, 2, 3)));
        assertEquals("b", e.remove(bytes(1, 2)));
        assertEquals(0, e.size());
        assertThrows(NullPointerException.class, () -> e.put(bytes(1), null));
    }

    @Test
    void getStringAgreesWithGetOfTheEncodedKey() {
        java.util.Random r = new java.util.Random(3);
        String[] parts = {"a", "ab", "b", "\u0000", "\u0001", "\u0002", "\u00e9", "z", "\u007f", "\u4e2d", "\uffff"};
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        List<String> probes = new java.util.ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            for (int n = r.nextInt(4); n > 0; n--) {
                sb.append(parts[r.nextInt(parts.length)]);
            }
            String s = sb.toString();
            probes.add(s);
            if (r.nextBoolean()) {
                e.put(Keys.string(s), s);
            }
        }
        RadixTree<String> t = e.freeze();
        for (String s : probes) {
            assertEquals(t.get(Keys.string(s)), t.getString(s), s);
            assertEquals(e.get(Keys.string(s)), e.getString(s), s);
        }
    }

    @Test
    void deepChainsOfPrefixKeysIterateInOrderBothWays() {
        // Keys 0, 00, 000, ... each a prefix of the next, with a sibling at every level: one
        // inner node per byte, far deeper than a cursor's initial stack.
        NavigableMap<byte[], String> model = TreeModel.newMap();
        RadixTree.Editor<String> e = RadixTree.<String>empty().edit();
        for (int len = 1; len <= 100; len++) {
            byte[] chain = new byte[len];
            byte[] sibling = java.util.Arrays.copyOf(chain, len);
            sibling[len - 1] = 5;
            for (byte[] k : List.of(chain, sibling)) {
                e.put(k, "v" + java.util.Arrays.toString(k).hashCode());
                model.put(k, "v" + java.util.Arrays.toString(k).hashCode());
            }
        }
        RadixTree<String> t = e.freeze();
        t.checkInvariants();
        TreeModel.assertMatches(model, t, new byte[50]);
        TreeModel.assertMatches(model, t, bytes(0, 0, 0, 4));
    }
}
