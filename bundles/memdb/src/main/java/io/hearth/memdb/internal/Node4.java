package io.hearth.memdb.internal;

/**
 * Up to 4 children with their key bytes packed into one int (byte i in bits 8i..8i+7, ascending)
 * and the children in four fields: no array, so a lookup touches one object. 48 bytes with
 * compressed oops (12 header + 9 four-byte fields), against 72 for the classic byte[4] + Node[4]
 * layout; Node4 is the most common inner node (the bottom level of a random-key tree).
 */
final class Node4 extends Inner {
    private int keys;
    private Node c0;
    private Node c1;
    private Node c2;
    private Node c3;

    Node4(Object owner, byte[] prefix, Leaf terminal) {
        super(owner, prefix, terminal);
    }

    @Override
    Node find(int b) {
        int k = keys;
        for (int i = 0; i < count; i++, k >>>= 8) {
            int kb = k & 0xff;
            if (kb >= b) {
                return kb == b ? childAt(i) : null;
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
        switch (pos) {
            case 0: return c0;
            case 1: return c1;
            case 2: return c2;
            default: return c3;
        }
    }

    private void setAt(int pos, Node c) {
        switch (pos) {
            case 0: c0 = c; break;
            case 1: c1 = c; break;
            case 2: c2 = c; break;
            default: c3 = c; break;
        }
    }

    @Override
    int keyAt(int pos) {
        return (keys >>> (pos << 3)) & 0xff;
    }

    private void setKey(int pos, int b) {
        int shift = pos << 3;
        keys = (keys & ~(0xff << shift)) | (b << shift);
    }

    @Override
    int lowerPos(int b) {
        int i = 0;
        while (i < count && keyAt(i) < b) {
            i++;
        }
        return i;
    }

    /** Appends in ascending order; used to build a node from a sorted sequence. */
    void append(int b, Node child) {
        setKey(count, b);
        setAt(count, child);
        count++;
    }

    @Override
    Inner copy(Object newOwner) {
        Node4 n = new Node4(newOwner, prefix, terminal);
        n.keys = keys;
        n.count = count;
        n.c0 = c0;
        n.c1 = c1;
        n.c2 = c2;
        n.c3 = c3;
        return n;
    }

    @Override
    Inner add(int b, Node child, Object owner) {
        if (count == 4) {
            Node16 g = new Node16(owner, prefix, terminal, 6);
            int pos = lowerPos(b);
            for (int i = 0; i < 4; i++) {
                if (i == pos) {
                    g.append(b, child);
                }
                g.append(keyAt(i), childAt(i));
            }
            if (pos == 4) {
                g.append(b, child);
            }
            return g;
        }
        int pos = lowerPos(b);
        for (int i = count; i > pos; i--) {
            setAt(i, childAt(i - 1));
            setKey(i, keyAt(i - 1));
        }
        setAt(pos, child);
        setKey(pos, b);
        count++;
        return this;
    }

    @Override
    void replace(int b, Node child) {
        setAt(lowerPos(b), child);
    }

    @Override
    Inner remove(int b, Object owner) {
        int pos = lowerPos(b);
        for (int i = pos; i < count - 1; i++) {
            setAt(i, childAt(i + 1));
            setKey(i, keyAt(i + 1));
        }
        count--;
        setAt(count, null);
        setKey(count, 0);
        return this;
    }
}
