package io.hearth.memdb;

import io.hearth.memdb.internal.Mutator;
import io.hearth.memdb.internal.Node;
import io.hearth.memdb.internal.Structure;
import io.hearth.memdb.internal.Trees;
import java.util.Objects;

/**
 * An immutable, persistent radix tree mapping {@code byte[]} keys to values.
 *
 * <p>Keys are compared as unsigned bytes, lexicographically; a key may be a prefix of another (it
 * sorts first). Null values are not allowed. Inner nodes adapt to their fan-out (4, 16, 48 and
 * 256 children) and store compressed paths. The shape of a tree depends only on its key set, not
 * on the order of the operations that built it, so replicas that hold the same keys hold the same
 * structure.
 *
 * <p>A tree never changes: {@link #edit()} opens an {@link Editor} that copies only the paths it
 * writes and shares everything else with this tree. Any number of threads may read a tree at
 * once without locks. Key arrays handed to the tree become its own: callers must not modify them
 * afterwards.
 *
 * @param <V> the value type
 */
public final class RadixTree<V> implements TreeReader<V> {
    private static final RadixTree<?> EMPTY = new RadixTree<>(null, 0);

    private final Node root;
    private final int size;

    private RadixTree(Node root, int size) {
        this.root = root;
        this.size = size;
    }

    /** The empty tree (a shared instance). */
    @SuppressWarnings("unchecked")
    public static <V> RadixTree<V> empty() {
        return (RadixTree<V>) EMPTY;
    }

    /** The value stored under {@code key}, or null. Does not allocate. */
    @Override
    @SuppressWarnings("unchecked")
    public V get(byte[] key) {
        return (V) Trees.get(root, key);
    }

    /** The number of keys. */
    @Override
    public int size() {
        return size;
    }

    /**
     * {@code get(Keys.string(s))}, without allocating the key when {@code s} is plain ASCII
     * (lookups by id).
     */
    @Override
    public V getString(String s) {
        return getString(root, s);
    }

    @SuppressWarnings("unchecked")
    private static <V> V getString(Node root, String s) {
        Object v = Trees.getString(root, s);
        return (V) (v == Trees.NOT_ASCII ? Trees.get(root, Keys.string(s)) : v);
    }

    /** All values in ascending key order. */
    @Override
    public Cursor<V> iterator() {
        return Trees.iterator(root);
    }

    /** The values of all keys that start with {@code prefix} (including {@code prefix} itself), ascending. */
    @Override
    public Cursor<V> prefix(byte[] prefix) {
        return Trees.prefix(root, prefix);
    }

    /** The values from the first key {@code >= key} to the end, ascending. */
    @Override
    public Cursor<V> lowerBound(byte[] key) {
        return Trees.lowerBound(root, key);
    }

    /** All values in descending key order. */
    @Override
    public Cursor<V> reverseIterator() {
        return Trees.reverseIterator(root);
    }

    /** The values from the last key {@code <= key} down to the first key, descending. */
    @Override
    public Cursor<V> reverseLowerBound(byte[] key) {
        return Trees.reverseLowerBound(root, key);
    }

    /** A new editor whose contents start as this tree's. This tree is not affected by it. */
    public Editor<V> edit() {
        return new Editor<>(root, size);
    }

    /** The exact shape of the tree, for tests of canonical structure. */
    String structure() {
        return Structure.describe(root);
    }

    /** Verifies the structural invariants; throws {@link IllegalStateException} if one fails. */
    void checkInvariants() {
        Structure.check(root, size);
    }

    /**
     * A mutable transaction on a tree: writes change nodes it created in place and copy shared
     * nodes along the written path. Not thread-safe: one thread uses an editor.
     *
     * <p>Cursors opened on an editor see its current contents and are invalidated by any later
     * write through the editor (they may then miss, repeat or show stale values); use {@link
     * #freeze()} to iterate a stable view while writing.
     *
     * @param <V> the value type
     */
    public static final class Editor<V> implements TreeReader<V> {
        private final Mutator mutator;
        private RadixTree<V> frozen;

        private Editor(Node root, int size) {
            this.mutator = new Mutator(root, size);
        }

        /**
         * Stores {@code value} under {@code key}; returns the previous value or null. The tree
         * keeps the key array: do not modify it afterwards.
         *
         * @throws NullPointerException if key or value is null
         */
        @SuppressWarnings("unchecked")
        public V put(byte[] key, V value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value");
            return (V) mutator.put(key, value);
        }

        /** Removes {@code key}; returns the removed value or null if it was absent. */
        @SuppressWarnings("unchecked")
        public V remove(byte[] key) {
            return (V) mutator.remove(key);
        }

        /** The value under {@code key} in the current contents, or null. */
        @Override
        @SuppressWarnings("unchecked")
        public V get(byte[] key) {
            return (V) Trees.get(mutator.root(), key);
        }

        /** {@code get(Keys.string(s))}, without allocating the key when {@code s} is plain ASCII. */
        @Override
        public V getString(String s) {
            return RadixTree.getString(mutator.root(), s);
        }

        /** The number of keys in the current contents. */
        @Override
        public int size() {
            return mutator.size();
        }

        /** Current contents, ascending; invalidated by later writes. */
        @Override
        public Cursor<V> iterator() {
            return Trees.iterator(mutator.root());
        }

        /** Current keys starting with {@code p}, ascending; invalidated by later writes. */
        @Override
        public Cursor<V> prefix(byte[] p) {
            return Trees.prefix(mutator.root(), p);
        }

        /** Current keys from the first {@code >= k}, ascending; invalidated by later writes. */
        @Override
        public Cursor<V> lowerBound(byte[] k) {
            return Trees.lowerBound(mutator.root(), k);
        }

        /** Current contents, descending; invalidated by later writes. */
        @Override
        public Cursor<V> reverseIterator() {
            return Trees.reverseIterator(mutator.root());
        }

        /** Current keys from the last {@code <= k}, descending; invalidated by later writes. */
        @Override
        public Cursor<V> reverseLowerBound(byte[] k) {
            return Trees.reverseLowerBound(mutator.root(), k);
        }

        /**
         * An immutable tree of the current contents. The editor stays usable: from now on it
         * copies whatever it shares with the returned tree before writing it. Freezing again
         * without writes in between returns the same tree and costs nothing.
         */
        public RadixTree<V> freeze() {
            if (frozen == null || mutator.dirty()) {
                frozen = new RadixTree<>(mutator.root(), mutator.size());
                mutator.rotate();
            }
            return frozen;
        }
    }
}
