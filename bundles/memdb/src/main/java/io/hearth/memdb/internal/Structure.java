package io.hearth.memdb.internal;

import java.util.Arrays;

/**
 * Diagnostics for tests: a textual rendering of a tree's exact shape and a checker of the
 * canonical-shape invariants listed on {@link Inner}.
 */
public final class Structure {
    private Structure() {
    }

    /**
     * The exact shape: node types, prefixes, key bytes, terminals and leaves. Two trees render
     * alike exactly when their structures are equal (ownership is not part of the structure).
     */
    public static String describe(Node root) {
        StringBuilder sb = new StringBuilder();
        describe(root, sb);
        return sb.toString();
    }

    private static void describe(Node n, StringBuilder sb) {
        if (n == null) {
            sb.append("-");
        } else if (n instanceof Leaf l) {
            sb.append("L").append(hex(l.key));
        } else {
            Inner in = (Inner) n;
            sb.append(kind(in)).append('\'').append(hex(in.prefix)).append('\'');
            if (in.terminal != null) {
                sb.append("T");
                describe(in.terminal, sb);
            }
            sb.append('{');
            for (int p = 0; p < in.positions(); p++) {
                Node c = in.childAt(p);
                if (c != null) {
                    sb.append(Integer.toHexString(in.keyAt(p))).append(':');
                    describe(c, sb);
                    sb.append(',');
                }
            }
            sb.append('}');
        }
    }

    /** Throws {@link IllegalStateException} naming the first violated invariant. */
    public static void check(Node root, int size) {
        int leaves = check(root, new byte[0], 0);
        if (leaves != size) {
            throw new IllegalStateException("size " + size + " but " + leaves + " leaves");
        }
    }

    private static int check(Node n, byte[] path, int depth) {
        if (n == null) {
            return 0;
        }
        if (n instanceof Leaf l) {
            require(l.key.length >= depth && Arrays.equals(l.key, 0, depth, path, 0, depth),
                    "leaf " + hex(l.key) + " is off its path " + hex(path));
            return 1;
        }
        Inner in = (Inner) n;
        byte[] full = Arrays.copyOf(path, depth + in.prefix.length + 1);
        System.arraycopy(in.prefix, 0, full, depth, in.prefix.length);
        int at = depth + in.prefix.length;
        int count = in.count();
        int entries = count + (in.terminal == null ? 0 : 1);
        require(entries >= 2, "inner node with " + entries + " entries at " + hex(full));
        require(kind(in) == expectedKind(count), kind(in) + " holding " + count + " children");
        int leaves = 0;
        if (in.terminal != null) {
            require(in.terminal.key.length == at, "terminal of wrong length at " + hex(full));
            leaves += check(in.terminal, full, at);
        }
        int seen = 0;
        int last = -1;
        for (int p = 0; p < in.positions(); p++) {
            Node c = in.childAt(p);
            if (c == null) {
                require(in instanceof Node256, "empty slot in " + kind(in));
                continue;
            }
            int k = in.keyAt(p);
            require(k > last, "keys out of order in " + kind(in));
            require(Inner.child(in, k) == c, "lookup disagrees with position " + p);
            last = k;
            seen++;
            full[at] = (byte) k;
            leaves += check(c, full, at + 1);
        }
        require(seen == count, "count " + count + " but " + seen + " children");
        return leaves;
    }

    private static String expectedKind(int count) {
        return count <= 4 ? "N4" : count <= 16 ? "N16" : count <= 48 ? "N48" : "N256";
    }

    private static String kind(Inner in) {
        return in instanceof Node4 ? "N4" : in instanceof Node16 ? "N16" : in instanceof Node48 ? "N48" : "N256";
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalStateException(message);
        }
    }

    private static String hex(byte[] a) {
        StringBuilder sb = new StringBuilder(a.length * 2);
        for (byte b : a) {
            sb.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
        }
        return sb.toString();
    }
}
