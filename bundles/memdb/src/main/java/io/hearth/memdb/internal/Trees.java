package io.hearth.memdb.internal;

import io.hearth.memdb.Cursor;
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
     * Point lookup of {@code Keys.string(s)} without encoding it, for the common case of a plain
     * ASCII string (no chars below 0x02, none above 0x7f): then the encoded key is the chars
     * followed by a 0x00 terminator, so the walk reads the chars directly and allocates nothing.
     *
     * <p>The chars are checked as they are used, not in a pass of their own first (that pass cost
     * as much as the rest of a lookup in a 1,000,000-key tree): the walk checks each char it
     * branches on, and the comparison with the leaf checks all of them. Only a lookup that misses
     * scans the string to tell a plain miss from a string that needs the general encoding.
     *
     * @return the value, or {@link #NOT_ASCII} if {@code s} needs the general encoding
     */
    public static Object getString(Node n, String s) {
        int chars = s.length();
        int len = chars + 1;
        int depth = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                return sameKey(l.key, s) ? l.value : miss(s);
            }
            Inner in = (Inner) n;
            depth += in.prefixLength;
            if (depth >= len) {
                Leaf t = in.terminal;
                return depth == len && t != null && sameKey(t.key, s) ? t.value : miss(s);
            }
            int c = depth < chars ? s.charAt(depth) : 0;
            if (c >= 0x80) {
                return NOT_ASCII;
            }
            n = Inner.child(in, c);
            depth++;
        }
        return miss(s);
    }

    /** Marks a {@link #getString} call that must fall back to an encoded key. */
    public static final Object NOT_ASCII = new Object();

    /** Equal to the key of a plain ASCII string: the chars (each 0x02-0x7f), then 0x00. */
    private static boolean sameKey(byte[] key, String s) {
        int chars = s.length();
        if (key.length != chars + 1 || key[chars] != 0) {
            return false;
        }
        for (int i = 0; i < chars; i++) {
            char c = s.charAt(i);
            if (key[i] != c || c < 2) {
                return false;
            }
        }
        return true;
    }

    /** The answer of a lookup that found no match: null, unless the walk did not apply to {@code s}. */
    private static Object miss(String s) {
        for (int i = 0, chars = s.length(); i < chars; i++) {
            char c = s.charAt(i);
            if (c < 2 || c >= 0x80) {
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
