package io.hearth.memdb.internal;

import io.hearth.memdb.Cursor;
import java.util.NoSuchElementException;

/**
 * A cursor over a subtree, forward or backward, driven by an explicit stack of (node, position)
 * frames: no recursion and no allocation per step (the stack grows only when a path is deeper
 * than any before). The next leaf is found one step ahead, so {@code hasNext()} is a field read.
 *
 * <p>A forward frame's position is -1 before the node's terminal leaf (which sorts before all
 * children) and then the next child position to visit. A backward frame's position is the next
 * child position to visit downwards, and -1 when only the terminal leaf is left.
 */
final class TreeCursor<V> implements Cursor<V> {
    private final boolean reverse;
    private Inner[] nodes = new Inner[8];
    private int[] pos = new int[8];
    private int top = -1;
    private Leaf next;
    private byte[] key;

    private TreeCursor(boolean reverse) {
        this.reverse = reverse;
    }

    static <V> TreeCursor<V> forward() {
        return new TreeCursor<>(false);
    }

    static <V> TreeCursor<V> backward() {
        return new TreeCursor<>(true);
    }

    /** Iterates the whole subtree below {@code n}. */
    TreeCursor<V> start(Node n) {
        if (n instanceof Leaf l) {
            next = l;
        } else if (n != null) {
            Inner in = (Inner) n;
            push(in, reverse ? in.positions() - 1 : -1);
            advance();
        }
        return this;
    }

    /** Positions the cursor on the first key {@code >= key}. */
    TreeCursor<V> seekForward(Node n, byte[] key) {
        int depth = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                if (Trees.compare(l.key, key) >= 0) {
                    next = l;
                    return this;
                }
                break;
            }
            Inner in = (Inner) n;
            int c = comparePrefix(in.prefix, key, depth);
            if (c > 0) {
                push(in, -1); // the whole subtree is greater
                break;
            } else if (c < 0) {
                break; // the whole subtree is smaller
            }
            depth += in.prefix.length;
            if (depth == key.length) {
                push(in, -1); // the terminal is the key itself; children are greater
                break;
            }
            int b = key[depth] & 0xff;
            int p = in.lowerPos(b);
            Node child = Inner.child(in, b);
            if (child == null) {
                push(in, p);
                break;
            }
            push(in, p + 1); // the terminal is smaller than key: skip it
            n = child;
            depth++;
        }
        advance();
        return this;
    }

    /** Positions the cursor on the last key {@code <= key}, moving backwards. */
    TreeCursor<V> seekBackward(Node n, byte[] key) {
        int depth = 0;
        while (n != null) {
            if (n instanceof Leaf l) {
                if (Trees.compare(l.key, key) <= 0) {
                    next = l;
                    return this;
                }
                break;
            }
            Inner in = (Inner) n;
            int c = comparePrefix(in.prefix, key, depth);
            if (c < 0) {
                push(in, in.positions() - 1); // the whole subtree is smaller
                break;
            } else if (c > 0) {
                break; // the whole subtree is greater
            }
            depth += in.prefix.length;
            if (depth == key.length) {
                push(in, -1); // only the terminal (== key) qualifies
                break;
            }
            int b = key[depth] & 0xff;
            int p = in.lowerPos(b);
            push(in, p - 1); // children below b, then the terminal
            Node child = Inner.child(in, b);
            if (child == null) {
                break;
            }
            n = child;
            depth++;
        }
        advance();
        return this;
    }

    /**
     * Compares a node's whole subtree with {@code key} by its prefix: negative if every key below
     * is smaller, positive if every key below is greater, 0 if the prefix matches key.
     */
    private static int comparePrefix(byte[] p, byte[] key, int depth) {
        for (int i = 0; i < p.length; i++) {
            if (depth + i == key.length) {
                return 1; // key is a proper prefix of every key below
            }
            int d = (p[i] & 0xff) - (key[depth + i] & 0xff);
            if (d != 0) {
                return d;
            }
        }
        return 0;
    }

    private void push(Inner n, int p) {
        if (++top == nodes.length) {
            nodes = java.util.Arrays.copyOf(nodes, top * 2);
            pos = java.util.Arrays.copyOf(pos, top * 2);
        }
        nodes[top] = n;
        pos[top] = p;
    }

    private void advance() {
        next = reverse ? stepBackward() : stepForward();
    }

    private Leaf stepForward() {
        while (top >= 0) {
            Inner n = nodes[top];
            int p = pos[top];
            if (p < 0) {
                pos[top] = 0;
                if (n.terminal != null) {
                    return n.terminal;
                }
                p = 0;
            }
            int lim = Inner.positions(n);
            Node c = null;
            while (p < lim && (c = Inner.childAt(n, p)) == null) {
                p++;
            }
            if (p >= lim) {
                nodes[top--] = null;
                continue;
            }
            pos[top] = p + 1;
            if (c instanceof Leaf l) {
                return l;
            }
            push((Inner) c, -1);
        }
        return null;
    }

    private Leaf stepBackward() {
        while (top >= 0) {
            Inner n = nodes[top];
            int p = pos[top];
            Node c = null;
            while (p >= 0 && (c = Inner.childAt(n, p)) == null) {
                p--;
            }
            if (p < 0) {
                nodes[top--] = null;
                if (n.terminal != null) {
                    return n.terminal;
                }
                continue;
            }
            pos[top] = p - 1;
            if (c instanceof Leaf l) {
                return l;
            }
            Inner in = (Inner) c;
            push(in, Inner.positions(in) - 1);
        }
        return null;
    }

    @Override
    public boolean hasNext() {
        return next != null;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V next() {
        Leaf l = next;
        if (l == null) {
            throw new NoSuchElementException();
        }
        key = l.key;
        advance();
        return (V) l.value;
    }

    @Override
    public byte[] key() {
        if (key == null) {
            throw new IllegalStateException("next() was not called yet");
        }
        return key;
    }
}
