package io.hearth.memdb;

import java.util.Collections;
import java.util.Iterator;

/** The index queries of {@link ReadTxn}, over whichever trees a snapshot or transaction holds. */
final class Queries {
    private Queries() {
    }

    static <T> T first(TreeReader<Object> tree, Index<T> index, byte[] key) {
        if (index.unique()) {
            return cast(tree.get(key));
        }
        Cursor<Object> c = tree.prefix(key);
        return c.hasNext() ? cast(c.next()) : null;
    }

    static <T> Iterator<T> find(TreeReader<Object> tree, Index<T> index, byte[] key) {
        if (index.unique()) {
            T o = cast(tree.get(key));
            return o == null ? Collections.emptyIterator() : Collections.singleton(o).iterator();
        }
        // Stored keys are indexer key + id key: with prefix-free indexer keys, an exact match.
        return iterator(tree.prefix(key));
    }

    static <T> Iterator<T> findPrefix(TreeReader<Object> tree, byte[] prefix) {
        return iterator(tree.prefix(prefix));
    }

    static <T> Iterator<T> lowerBound(TreeReader<Object> tree, byte[] key) {
        return iterator(tree.lowerBound(key));
    }

    static <T> Iterator<T> all(TreeReader<Object> tree) {
        return iterator(tree.iterator());
    }

    static <T> Iterator<T> reverse(TreeReader<Object> tree) {
        return iterator(tree.reverseIterator());
    }

    @SuppressWarnings("unchecked")
    static <T> T cast(Object o) {
        return (T) o;
    }

    /** Values of an index tree are the table's objects, so the cursor is the typed iterator. */
    @SuppressWarnings("unchecked")
    private static <T> Iterator<T> iterator(Cursor<Object> c) {
        return (Iterator<T>) (Iterator<?>) c;
    }
}
