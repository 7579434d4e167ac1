package io.hearth.memdb.internal;

import java.util.Arrays;

/**
 * The write side of a radix tree: insert and remove with path copying and ownership.
 *
 * <p>Nodes carrying this mutator's {@link #token} were created by it since the last {@link
 * #rotate()} and are mutated in place; any other node is copied (with the token) before it is
 * changed. Changes are made on the way back up the recursion, so a write that changes nothing
 * (missing key, same value) copies nothing. An owned node only ever hangs below owned nodes, so a
 * child changed in place never requires touching its parent.
 *
 * <p>Recursion depth is bounded by the number of inner nodes on a path, at most the key length.
 * Not thread-safe.
 */
public final class Mutator {
    private Node root;
    private int size;
    private Object token = new Object();
    private boolean dirty;

    // Results of the last operation, kept in fields so the recursion returns only the new node.
    private Object previous;
    private boolean found;

    public Mutator(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    public Node root() {
        return root;
    }

    public int size() {
        return size;
    }

    /** True if the tree changed since the last {@link #rotate()}. */
    public boolean dirty() {
        return dirty;
    }

    /** Forgets ownership: every node existing now is from then on treated as shared. */
    public void rotate() {
        token = new Object();
        dirty = false;
    }

    /** Inserts or replaces; returns the previous value or null. Keeps the key array. */
    public Object put(byte[] key, Object value) {
        previous = null;
        found = false;
        Node r = insert(root, key, 0, value);
        if (!found || previous != value) {
            dirty = true;
        }
        root = r;
        return previous;
    }

    /** Removes; returns the removed value or null. */
    public Object remove(byte[] key) {
        previous = null;
        found = false;
        Node r = delete(root, key, 0);
        if (found) {
            root = r;
            size--;
            dirty = true;
        }
        return previous;
    }

    private Node insert(Node n, byte[] key, int depth, Object value) {
        if (n == null) {
            size++;
            return new Leaf(token, key, value);
        }
        if (n instanceof Leaf l) {
            if (Arrays.equals(l.key, key)) {
                found = true;
                previous = l.value;
                return withValue(l, value);
            }
            size++;
            return split(l, new Leaf(token, key, value), depth);
        }
        Inner in = (Inner) n;
        byte[] p = in.prefix;
        int m = mismatch(p, key, depth);
        if (m < p.length) {
            size++;
            return splitPrefix(in, m, new Leaf(token, key, value), depth);
        }
        depth += p.length;
        if (depth == key.length) {
            Leaf t = in.terminal;
            Leaf nt;
            if (t == null) {
                size++;
                nt = new Leaf(token, key, value);
            } else {
                found = true;
                previous = t.value;
                nt = withValue(t, value);
                if (nt == t) {
                    return in;
                }
            }
            Inner w = writable(in);
            w.terminal = nt;
            return w;
        }
        int b = key[depth] & 0xff;
        Node child = Inner.child(in, b);
        if (child == null) {
            size++;
            return writable(in).add(b, new Leaf(token, key, value), token);
        }
        Node nc = insert(child, key, depth + 1, value);
        if (nc == child) {
            return in;
        }
        Inner w = writable(in);
        w.replace(b, nc);
        return w;
    }

    private Node delete(Node n, byte[] key, int depth) {
        if (n == null) {
            return null;
        }
        if (n instanceof Leaf l) {
            if (Arrays.equals(l.key, key)) {
                found = true;
                previous = l.value;
                return null;
            }
            return n;
        }
        Inner in = (Inner) n;
        byte[] p = in.prefix;
        if (mismatch(p, key, depth) < p.length) {
            return n;
        }
        depth += p.length;
        if (depth == key.length) {
            // Every byte of the key was matched on the way down, so a terminal here is the key.
            Leaf t = in.terminal;
            if (t == null) {
                return n;
            }
            found = true;
            previous = t.value;
            Inner w = writable(in);
            w.terminal = null;
            return collapse(w);
        }
        int b = key[depth] & 0xff;
        Node child = Inner.child(in, b);
        if (child == null) {
            return n;
        }
        Node nc = delete(child, key, depth + 1);
        if (!found || nc == child) {
            return n;
        }
        Inner w = writable(in);
        if (nc == null) {
            return collapse(w.remove(b, token));
        }
        w.replace(b, nc);
        return w;
    }

    private Leaf withValue(Leaf l, Object value) {
        if (l.value == value) {
            return l;
        }
        if (l.owner == token) {
            l.value = value;
            return l;
        }
        return new Leaf(token, l.key, value);
    }

    private Inner writable(Inner n) {
        return n.owner == token ? n : n.copy(token);
    }

    private Inner withPrefix(Inner n, byte[] prefix) {
        Inner w = writable(n);
        w.prefix(prefix);
        return w;
    }

    /** Two distinct leaves below one new node whose prefix is their common part. */
    private Node split(Leaf a, Leaf b, int depth) {
        byte[] x = a.key;
        byte[] y = b.key;
        int lim = Math.min(x.length, y.length);
        int i = depth;
        while (i < lim && x[i] == y[i]) {
            i++;
        }
        Node4 n = new Node4(token, slice(y, depth, i), null);
        place(n, a, i);
        place(n, b, i);
        return n;
    }

    private void place(Node4 n, Leaf l, int at) {
        if (l.key.length == at) {
            n.terminal = l;
        } else {
            n.add(l.key[at] & 0xff, l, token);
        }
    }

    /** The key leaves {@code in}'s prefix at {@code m}: a new node takes the common part. */
    private Node splitPrefix(Inner in, int m, Leaf leaf, int depth) {
        byte[] p = in.prefix;
        Node4 n = new Node4(token, slice(p, 0, m), null);
        n.add(p[m] & 0xff, withPrefix(in, slice(p, m + 1, p.length)), token);
        place(n, leaf, depth + m);
        return n;
    }

    /** Restores the canonical shape after an entry was removed from an owned node. */
    private Node collapse(Inner w) {
        int c = w.count();
        if (c == 0) {
            return w.terminal;
        }
        if (c == 1 && w.terminal == null) {
            Node only = w.childAt(0);
            if (only instanceof Leaf) {
                return only;
            }
            Inner ci = (Inner) only;
            byte[] a = w.prefix;
            byte[] b = ci.prefix;
            byte[] merged = new byte[a.length + 1 + b.length];
            System.arraycopy(a, 0, merged, 0, a.length);
            merged[a.length] = (byte) w.keyAt(0);
            System.arraycopy(b, 0, merged, a.length + 1, b.length);
            return withPrefix(ci, merged);
        }
        return w;
    }

    /** Index in {@code p} where {@code key[depth..]} differs or ends; p.length if p matches. */
    static int mismatch(byte[] p, byte[] key, int depth) {
        int n = Math.min(p.length, key.length - depth);
        for (int i = 0; i < n; i++) {
            if (p[i] != key[depth + i]) {
                return i;
            }
        }
        return n;
    }

    private static byte[] slice(byte[] a, int from, int to) {
        return from == to ? Inner.EMPTY : Arrays.copyOfRange(a, from, to);
    }
}
