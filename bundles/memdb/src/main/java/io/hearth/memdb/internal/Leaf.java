package io.hearth.memdb.internal;

/**
 * A key and its value. The key array is owned by the tree and never modified. The value is
 * replaced in place only while the leaf is owned by the writing editor.
 */
final class Leaf extends Node {
    final byte[] key;
    Object value;

    Leaf(Object owner, byte[] key, Object value) {
        super(owner);
        this.key = key;
        this.value = value;
    }
}
