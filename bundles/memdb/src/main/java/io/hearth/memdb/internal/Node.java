package io.hearth.memdb.internal;

/**
 * A node of the persistent radix tree: a {@link Leaf} or an {@link Inner} node.
 *
 * <p>{@code owner} is the token of the editor that created the node. Only that editor may mutate
 * the node in place; every other writer copies it first (path copying). An editor rotates its
 * token when it publishes a tree, so a published node is never written again.
 */
public abstract class Node {
    Object owner;

    Node(Object owner) {
        this.owner = owner;
    }
}
