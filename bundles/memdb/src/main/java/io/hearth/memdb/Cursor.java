package io.hearth.memdb;

import java.util.Iterator;

/**
 * An iterator over the values of a {@link RadixTree} in key order that also tells the key of the
 * value it last returned. Stepping does not allocate. {@link #remove()} is not supported. A
 * cursor is used by one thread.
 *
 * @param <V> the value type
 */
public interface Cursor<V> extends Iterator<V> {
    /**
     * The key of the value last returned by {@link #next()}. The array is the tree's own, shared
     * to avoid a copy per step: read it, never modify it.
     *
     * @throws IllegalStateException if {@code next()} was not called yet
     */
    byte[] key();
}
