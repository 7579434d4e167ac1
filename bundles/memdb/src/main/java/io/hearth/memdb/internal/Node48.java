package io.hearth.memdb.internal;

import java.util.Arrays;

/**
 * 17 to 48 children. Instead of ART's 256-byte child index, a 256-bit presence bitmap in four
 * long fields plus a Node[48] kept sorted by key byte: a child's slot is the number of present
 * bytes below it (popcount). Same lookup cost, one object fewer to chase, 32 bytes instead of
 * 272 for the index, and the slot layout itself is canonical and already in iteration order.
 *
 * <p>The array is sized to the children, not to 48: every write transaction copies the nodes on
 * its paths, and with random keys these nodes hold about 30 children, so a full-size array would
 * copy a third of empty slots. A copy gets one spare slot (a path is usually copied to add or
 * replace one child); an owned node that fills up grows by half. The capacity is not part of the
 * tree's shape. 64 + 16 + 4 * capacity bytes, rounded up to 8 (JOL).
 */
final class Node48 extends Inner {
    private long m0;
    private long m1;
    private long m2;
    private long m3;
    private Node[] children; // capacity >= count; slots from count on are null

    /** An empty node with room for {@code capacity} (17 to 48) children. */
    Node48(Object owner, byte[] prefix, Leaf terminal, int capacity) {
        this(owner, prefix, terminal, new Node[capacity]);
    }

    private Node48(Object owner, byte[] prefix, Leaf terminal, Node[] children) {
        super(owner, prefix, terminal);
        this.children = children;
    }

    @Override
    Node find(int b) {
        long word;
        int base;
        switch (b >>> 6) {
            case 0: word = m0; base = 0; break;
            case 1: word = m1; base = Long.bitCount(m0); break;
            case 2: word = m2; base = Long.bitCount(m0) + Long.bitCount(m1); break;
            default: word = m3; base = Long.bitCount(m0) + Long.bitCount(m1) + Long.bitCount(m2); break;
        }
        long bit = 1L << b;
        if ((word & bit) == 0) {
            return null;
        }
        return children[base + Long.bitCount(word & (bit - 1))];
    }

    private long word(int w) {
        switch (w) {
            case 0: return m0;
            case 1: return m1;
            case 2: return m2;
            default: return m3;
        }
    }

    private void flip(int b) {
        long bit = 1L << b;
        switch (b >>> 6) {
            case 0: m0 ^= bit; break;
            case 1: m1 ^= bit; break;
            case 2: m2 ^= bit; break;
            default: m3 ^= bit; break;
        }
    }

    @Override
    int positions() {
        return count;
    }

    @Override
    Node childAt(int pos) {
        return children[pos];
    }

    @Override
    int keyAt(int pos) {
        int seen = 0;
        for (int w = 0; w < 4; w++) {
            long word = word(w);
            int c = Long.bitCount(word);
            if (pos < seen + c) {
                for (int skip = pos - seen; skip > 0; skip--) {
                    word &= word - 1;
                }
                return (w << 6) + Long.numberOfTrailingZeros(word);
            }
            seen += c;
        }
        throw new IndexOutOfBoundsException(pos);
    }

    @Override
    int lowerPos(int b) {
        int w = b >>> 6;
        int r = 0;
        for (int i = 0; i < w; i++) {
            r += Long.bitCount(word(i));
        }
        return r + Long.bitCount(word(w) & ((1L << b) - 1));
    }

    void append(int b, Node child) {
        flip(b);
        children[count++] = child;
    }

    @Override
    Inner copy(Object newOwner) {
        Node48 n = new Node48(newOwner, prefix, terminal, Arrays.copyOf(children, Math.min(count + 1, 48)));
        n.m0 = m0;
        n.m1 = m1;
        n.m2 = m2;
        n.m3 = m3;
        n.count = count;
        return n;
    }

    @Override
    Inner add(int b, Node child, Object owner) {
        if (count == 48) {
            Node256 g = new Node256(owner, prefix, terminal);
            for (int i = 0; i < 48; i++) {
                g.add(keyAt(i), children[i], owner);
            }
            return g.add(b, child, owner);
        }
        if (count == children.length) {
            children = Arrays.copyOf(children, Math.min(count + (count >> 1), 48));
        }
        int pos = lowerPos(b);
        System.arraycopy(children, pos, children, pos + 1, count - pos);
        children[pos] = child;
        flip(b);
        count++;
        return this;
    }

    @Override
    void replace(int b, Node child) {
        children[lowerPos(b)] = child;
    }

    @Override
    Inner remove(int b, Object owner) {
        int pos = lowerPos(b);
        if (count == 17) {
            Node16 s = new Node16(owner, prefix, terminal, 16);
            for (int i = 0; i < 17; i++) {
                if (i != pos) {
                    s.append(keyAt(i), children[i]);
                }
            }
            return s;
        }
        System.arraycopy(children, pos + 1, children, pos, count - pos - 1);
        count--;
        children[count] = null;
        flip(b);
        return this;
    }
}
