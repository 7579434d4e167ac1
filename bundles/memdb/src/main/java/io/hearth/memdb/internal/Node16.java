package io.hearth.memdb.internal;

import java.util.Arrays;

/**
 * 5 to 16 children, sorted by key byte. The key bytes are packed into two longs (no byte[16]
 * object to chase); children live in an array sized like {@link Node48}'s (one spare slot in a
 * copy, growth by half, at most 16). 48 + 16 + 4 * capacity bytes, rounded up to 8.
 */
final class Node16 extends Inner {
    private long lo;
    private long hi;
    private Node[] children; // capacity >= count; slots from count on are null

    /** An empty node with room for {@code capacity} (5 to 16) children. */
    Node16(Object owner, byte[] prefix, Leaf terminal, int capacity) {
        this(owner, prefix, terminal, new Node[capacity]);
    }

    private Node16(Object owner, byte[] prefix, Leaf terminal, Node[] children) {
        super(owner, prefix, terminal);
        this.children = children;
    }

    @Override
    Node find(int b) {
        int n = count;
        long k = lo;
        for (int i = 0; i < n; i++, k >>>= 8) {
            if (i == 8) {
                k = hi;
            }
            int kb = (int) k & 0xff;
            if (kb >= b) {
                return kb == b ? children[i] : null;
            }
        }
        return null;
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
        return (int) ((pos < 8 ? lo : hi) >>> ((pos & 7) << 3)) & 0xff;
    }

    private void setKey(int pos, int b) {
        int shift = (pos & 7) << 3;
        long mask = ~(0xffL << shift);
        long bits = (long) b << shift;
        if (pos < 8) {
            lo = (lo & mask) | bits;
        } else {
            hi = (hi & mask) | bits;
        }
    }

    @Override
    int lowerPos(int b) {
        int i = 0;
        while (i < count && keyAt(i) < b) {
            i++;
        }
        return i;
    }

    void append(int b, Node child) {
        setKey(count, b);
        children[count++] = child;
    }

    @Override
    Inner copy(Object newOwner) {
        Node16 n = new Node16(newOwner, prefix, terminal, Arrays.copyOf(children, Math.min(count + 1, 16)));
        n.lo = lo;
        n.hi = hi;
        n.count = count;
        return n;
    }

    @Override
    Inner add(int b, Node child, Object owner) {
        int pos = lowerPos(b);
        if (count == 16) {
            Node48 g = new Node48(owner, prefix, terminal, 18);
            for (int i = 0; i < 16; i++) {
                g.append(keyAt(i), children[i]);
            }
            return g.add(b, child, owner);
        }
        if (count == children.length) {
            children = Arrays.copyOf(children, Math.min(count + (count >> 1), 16));
        }
        for (int i = count; i > pos; i--) {
            children[i] = children[i - 1];
            setKey(i, keyAt(i - 1));
        }
        children[pos] = child;
        setKey(pos, b);
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
        if (count == 5) {
            Node4 s = new Node4(owner, prefix, terminal);
            for (int i = 0; i < 5; i++) {
                if (i != pos) {
                    s.append(keyAt(i), children[i]);
                }
            }
            return s;
        }
        for (int i = pos; i < count - 1; i++) {
            children[i] = children[i + 1];
            setKey(i, keyAt(i + 1));
        }
        count--;
        children[count] = null;
        setKey(count, 0);
        return this;
    }
}
