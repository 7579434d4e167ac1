package io.hearth.memdb;

import java.util.Iterator;

/**
 * Read access to one consistent state of all tables.
 *
 * <p>A {@link Snapshot} never changes and may be read by any number of threads at once. A {@link
 * WriteTxn} sees its own writes; it and the iterators it returns belong to one thread, and its
 * iterators are invalidated by its later writes.
 *
 * <p>Every method taking a {@link Table} or an {@link Index} throws {@link
 * IllegalArgumentException} if the table is not part of this state's {@link Schema}, and {@link
 * NullPointerException} for null arguments. Iterators do not support {@code remove()}.
 */
public interface ReadTxn {
    /** The object of {@code table} whose id is {@code id}, or null. */
    <T> T get(Table<T> table, String id);

    /**
     * The first object (in id order, for a non-unique index) whose indexer key equals {@code key},
     * or null.
     */
    <T> T first(Index<T> index, byte[] key);

    /**
     * All objects whose indexer key equals {@code key}, in id order. An object of a multi-valued
     * index comes once per key even if its indexer emits the key twice.
     */
    <T> Iterator<T> find(Index<T> index, byte[] key);

    /**
     * All objects having an indexer key that starts with {@code prefix} (use {@link
     * Keys#stringPrefix}), in key order. An object of a multi-valued index comes once for each of
     * its keys that match, so it may come several times.
     */
    <T> Iterator<T> findPrefix(Index<T> index, byte[] prefix);

    /**
     * The objects of the index in key order, starting at the first whose stored key is {@code >=
     * key}. Objects of a multi-valued index come once per key.
     */
    <T> Iterator<T> lowerBound(Index<T> index, byte[] key);

    /** All objects of {@code table} in id order. */
    <T> Iterator<T> all(Table<T> table);

    /** The objects of the index in descending key order (once per key). */
    <T> Iterator<T> reverse(Index<T> index);

    /** The number of objects in {@code table}. */
    int count(Table<?> table);

    /** The opaque user version of this state: see {@link WriteTxn#version(long)}. */
    long version();
}
