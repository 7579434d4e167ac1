package io.hearth.memdb;

import java.util.Arrays;
import java.util.Iterator;
import java.util.Objects;

/**
 * An immutable state of all tables of a {@link Schema}, with a user version. Reads need no lock
 * and any number of threads may read one snapshot at once. Snapshots share all unchanged
 * structure with each other, so keeping old ones costs only what changed since.
 */
public final class Snapshot implements ReadTxn {
    private final Schema schema;
    private final RadixTree<Object>[][] trees; // [table][index]; never modified
    private final long version;

    Snapshot(Schema schema, RadixTree<Object>[][] trees, long version) {
        this.schema = schema;
        this.trees = trees;
        this.version = version;
    }

    /** The snapshot of empty tables, with version 0. */
    @SuppressWarnings("unchecked")
    public static Snapshot empty(Schema schema) {
        Objects.requireNonNull(schema, "schema");
        RadixTree<Object>[][] trees = new RadixTree[schema.tables().size()][];
        for (int t = 0; t < trees.length; t++) {
            trees[t] = new RadixTree[schema.tables().get(t).indexes().size()];
            Arrays.fill(trees[t], RadixTree.empty());
        }
        return new Snapshot(schema, trees, 0);
    }

    /** The schema of this snapshot. */
    public Schema schema() {
        return schema;
    }

    /**
     * A detached write transaction starting from this snapshot: it takes no lock and publishes
     * nothing; {@link WriteTxn#freeze()} or {@link WriteTxn#commit()} give the resulting
     * snapshot. This snapshot is not affected.
     */
    public WriteTxn edit() {
        return new Txn(this, null);
    }

    /** The trees of one table, for a transaction to start from; callers must not modify the array. */
    RadixTree<Object>[] tables(int table) {
        return trees[table];
    }

    private RadixTree<Object> tree(Index<?> index) {
        return trees[schema.position(index.table())][index.position()];
    }

    @Override
    public <T> T get(Table<T> table, String id) {
        return Queries.cast(trees[schema.position(table)][0].getString(id));
    }

    @Override
    public <T> T first(Index<T> index, byte[] key) {
        return Queries.first(tree(index), index, key);
    }

    @Override
    public <T> Iterator<T> find(Index<T> index, byte[] key) {
        return Queries.find(tree(index), index, key);
    }

    @Override
    public <T> Iterator<T> findPrefix(Index<T> index, byte[] prefix) {
        return Queries.findPrefix(tree(index), prefix);
    }

    @Override
    public <T> Iterator<T> lowerBound(Index<T> index, byte[] key) {
        return Queries.lowerBound(tree(index), key);
    }

    @Override
    public <T> Iterator<T> all(Table<T> table) {
        return Queries.all(trees[schema.position(table)][0]);
    }

    @Override
    public <T> Iterator<T> reverse(Index<T> index) {
        return Queries.reverse(tree(index));
    }

    @Override
    public int count(Table<?> table) {
        return trees[schema.position(table)][0].size();
    }

    /** The user version given by the transaction that made this snapshot (0 for an empty one). */
    @Override
    public long version() {
        return version;
    }
}
