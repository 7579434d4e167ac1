package io.hearth.memdb.internal;

/**
 * 49 to 256 children in a Node[256] indexed directly by key byte. About 32 + 1040 bytes.
 * Positions are key bytes, so cursors skip empty slots.
 */
final class Node256 extends Inner {
    private final Node[] children;

    Node256(Object owner, byte[] prefix, Leaf terminal) {
        this(owner, prefix, terminal, new Node[256]);
    }

    private Node256(Object owner, byte[] prefix, Leaf terminal, Node[] children) {
        super(owner, prefix, terminal);
        this.children = children;
    }

    @Override
    Node find(int b) {
        return children[b];
    }

    @Override
    int positions() {
        return 256;
    }

    @Override
    Node childAt(int pos) {
        return children[pos];
    }

    @Override
    int keyAt(int pos) {
        return pos;
    }

    @Override
    int lowerPos(int b) {
        return b;
    }

    @Override
    Inner copy(Object newOwner) {
        Node256 n = new Node256(newOwner, prefix, terminal, children.clone());
        n.count = count;
        return n;
    }

    @Override
    Inner add(int b, Node child, Object owner) {
        children[b] = child;
        count++;
        return this;
    }

    @Override
    void replace(int b, Node child) {
        children[b] = child;
    }

    @Override
    Inner remove(int b, Object owner) {
        if (count == 49) {
            Node48 s = new Node48(owner, prefix, terminal, 48);
            for (int i = 0; i < 256; i++) {
                if (i != b && children[i] != null) {
                    s.append(i, children[i]);
                }
            }
            return s;
        }
        children[b] = null;
        count--;
        return this;
    }
}
