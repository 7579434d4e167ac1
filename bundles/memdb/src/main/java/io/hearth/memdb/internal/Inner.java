package io.hearth.memdb.internal;

/**
 * An inner node: a compressed path ({@code prefix}), an optional {@code terminal} leaf for the key
 * that ends exactly after the prefix, and children indexed by the next key byte.
 *
 * <p>Children are addressed by <em>position</em>: positions run from 0 to {@link #positions()} - 1
 * in ascending key-byte order, so cursors walk any node type the same way. Only {@link Node256}
 * has empty positions.
 *
 * <p>Canonical shape (so that a key set has exactly one tree): every inner node has at least two
 * entries (children plus terminal), its prefix is as long as all its keys share, and its type is
 * a function of its child count alone: 1-4 {@link Node4}, 5-16 {@link Node16}, 17-48
 * {@link Node48}, 49-256 {@link Node256}. Growth and shrinkage happen exactly at those bounds (no
 * hysteresis).
 *
 * <p>Layouts and sizes with compressed oops, arrays included (measured with JOL): {@link Leaf}
 * 24 bytes plus its key array; {@link Node4} 48 (keys packed in an int, four child fields, no
 * array); {@link Node16} 64 + 4 per child slot (keys packed in two longs, a Node[] of 5-16
 * slots); {@link Node48} 80 + 4 per child slot (a 256-bit presence bitmap in four longs and a
 * sorted Node[] of 17-48 slots, instead of ART's 256-byte index); {@link Node256} 1072
 * (Node[256]). Node16 and Node48 arrays are sized to their children plus a little slack (see
 * {@link Node48}). An empty prefix shares one array.
 *
 * <p>Mutators ({@code add}, {@code replace}, {@code remove}, field writes) may only be called on
 * a node owned by the calling editor; they may return a node of another type.
 */
abstract class Inner extends Node {
    static final byte[] EMPTY = new byte[0];

    /** Never modified after it is assigned: copies share it. Set with {@link #prefix(byte[])}. */
    byte[] prefix;
    /**
     * {@code prefix.length}, kept in the node itself: a lookup skips prefixes optimistically and
     * needs only their length, so it reads no prefix array (one cache miss fewer per node with a
     * prefix of its own).
     */
    int prefixLength;
    Leaf terminal;
    /** Number of children; here rather than in each node type so that reading it is not a virtual call. */
    int count;

    Inner(Object owner, byte[] prefix, Leaf terminal) {
        super(owner);
        this.prefix = prefix;
        this.prefixLength = prefix.length;
        this.terminal = terminal;
    }

    final void prefix(byte[] p) {
        prefix = p;
        prefixLength = p.length;
    }

    /**
     * The child for key byte {@code b} (0-255), or null. Static and dispatched on the final
     * classes so that the JIT inlines each node's search into the lookup loop.
     */
    static Node child(Inner n, int b) {
        if (n instanceof Node48 x) {
            return x.find(b);
        } else if (n instanceof Node4 x) {
            return x.find(b);
        } else if (n instanceof Node16 x) {
            return x.find(b);
        }
        return ((Node256) n).find(b);
    }

    /** {@code n.childAt(pos)}, dispatched like {@link #child}: cursors call it on every step. */
    static Node childAt(Inner n, int pos) {
        if (n instanceof Node48 x) {
            return x.childAt(pos);
        } else if (n instanceof Node4 x) {
            return x.childAt(pos);
        } else if (n instanceof Node16 x) {
            return x.childAt(pos);
        }
        return ((Node256) n).childAt(pos);
    }

    /** {@code n.positions()}, dispatched like {@link #child}. */
    static int positions(Inner n) {
        return n instanceof Node256 ? 256 : n.count;
    }

    abstract Node find(int b);

    final int count() {
        return count;
    }

    abstract int positions();

    abstract Node childAt(int pos);

    abstract int keyAt(int pos);

    /** The first position whose key byte is {@code >= b}; {@link #positions()} if none. */
    abstract int lowerPos(int b);

    abstract Inner copy(Object owner);

    /** Adds a child for an absent byte; grows into a larger node type when full. */
    abstract Inner add(int b, Node child, Object owner);

    /** Replaces the child of a present byte. */
    abstract void replace(int b, Node child);

    /** Removes the child of a present byte; shrinks into a smaller node type at the bound. */
    abstract Inner remove(int b, Object owner);
}
