package io.hearth.memdb.internal;

import io.hearth.memdb.Cursor;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Read operations on a tree given its root: lookup and cursor construction. */
public final class Trees {
    private Trees() {
    }

    /**
     * Point lookup: a loop, no allocation. Prefixes are skipped optimistically (only their length
     * is used); the final full-key comparison against the leaf catches any mismatch in them.
     */
    public static Object get(Node n, byte[] key) {
        int depth = 0;
        int len = key.length;
        while (n != null) {
            if (n instanceof Leaf l) {
                return Arrays.equals(l.key, key) ? l.value : null;
            }
            Inner in = (Inner) n;
            depth += in.prefixLength;
            if (depth >= len) {
                Leaf t = in.terminal;
                return depth == len && t != null && Arrays.equals(t.key, key) ? t.value : null;
            }
            n = Inner.child(in, key[depth] & 0xff);
            depth++;
        }
        return null;
    }

    /**
     * Point lookup of {@code Keys.string(s)} for the common case of a plain string (chars 0x02 to
     * 0x7f, no '?'), whose encoded key is the string's Latin-1 bytes plus a 0x00 terminator: the
     * walk uses a copy of those bytes ({@code getBytes}, an intrinsic copy of a compact string)
     * and {@link Keys} is not needed.
     *
     * <p>The string is not scanned for plainness when the lookup hits: the leaf found is a {@link
     * Leaf.PlainLeaf} or the caller is sent to the general path, and a plain key equal to the
     * bytes proves the string plain. In a 1,000,000-key tree, a pass over the chars (like any
     * per-char loop here) cost almost as much as the walk itself: lookups overlap in the CPU while
     * they wait on memory, and every instruction added to one shrinks that overlap. Only a
     * lookup that misses scans the string, to tell a plain miss from a string that needs the
     * general encoding.
     *
     * @return the value, or {@link #NOT_ASCII} if {@code s} needs the general encoding
     */
    public static Object getString(Node n, String s) {
        byte[] b = s.getBytes(StandardCharsets.ISO_8859_1);
        int chars = b.length;
        int len = chars + 1;
        int depth = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                return found(l, b, s);
            }
            Inner in = (Inner) n;
            depth += in.prefixLength;
            if (depth >= len) {
                Leaf t = in.terminal;
                return depth == len && t != null ? found(t, b, s) : miss(s);
            }
            n = Inner.child(in, depth < chars ? b[depth] & 0xff : 0);
            depth++;
        }
        return miss(s);
    }

    /** Marks a {@link #getString} call that must fall back to an encoded key. */
    public static final Object NOT_ASCII = new Object();

    private static Object found(Leaf l, byte[] chars, String s) {
        byte[] key = l.key;
        int n = chars.length;
        if (key.length == n + 1 && key[n] == 0 && Arrays.equals(key, 0, n, chars, 0, n)) {
            return l instanceof Leaf.PlainLeaf ? l.value : NOT_ASCII;
        }
        return miss(s);
    }

    /** The answer of a lookup that found no match: null, unless the walk did not apply to {@code s}. */
    private static Object miss(String s) {
        for (int i = 0, chars = s.length(); i < chars; i++) {
            char c = s.charAt(i);
            if (c < 2 || c >= 0x80 || c == '?') {
                return NOT_ASCII;
            }
        }
        return null;
    }

    public static <V> Cursor<V> iterator(Node root) {
        return TreeCursor.<V>forward().start(root);
    }

    public static <V> Cursor<V> reverseIterator(Node root) {
        return TreeCursor.<V>backward().start(root);
    }

    /** All keys starting with {@code prefix}: the cursor walks only the matching subtree. */
    public static <V> Cursor<V> prefix(Node root, byte[] prefix) {
        TreeCursor<V> c = TreeCursor.forward();
        Node n = root;
        int depth = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                return l.key.length >= prefix.length
                        && Arrays.equals(l.key, 0, prefix.length, prefix, 0, prefix.length)
                        ? c.start(l) : c;
            }
            Inner in = (Inner) n;
            byte[] p = in.prefix;
            int m = Mutator.mismatch(p, prefix, depth);
            if (depth + m == prefix.length) {
                return c.start(in); // the prefix ends inside or right after this node's path
            }
            if (m < p.length) {
                return c;
            }
            depth += p.length;
            n = Inner.child(in, prefix[depth] & 0xff);
            depth++;
        }
        return c;
    }

    public static <V> Cursor<V> lowerBound(Node root, byte[] key) {
        return TreeCursor.<V>forward().seekForward(root, key);
    }

    public static <V> Cursor<V> reverseLowerBound(Node root, byte[] key) {
        return TreeCursor.<V>backward().seekBackward(root, key);
    }

    /** Unsigned lexicographic order; a proper prefix sorts first. */
    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }
}
