package io.hearth.memdb;

/**
 * One index of a {@link Table}: a name, whether it is unique, and the {@link Indexer} that gives
 * an object's keys. Created by {@link Table.Builder#build()}; immutable and thread-safe.
 *
 * <p>Each index is a {@link RadixTree} whose values are the objects themselves. A unique index
 * stores each object under its indexer keys; a non-unique one under each indexer key followed by
 * {@link Keys#string} of the object's id, so objects sharing a key are kept in id order.
 *
 * @param <T> the object type
 */
public final class Index<T> {
    private final String name;
    private final boolean unique;
    private final Indexer<T> indexer;
    private final Table<T> table;
    private final int position;

    Index(String name, boolean unique, Indexer<T> indexer, Table<T> table, int position) {
        this.name = name;
        this.unique = unique;
        this.indexer = indexer;
        this.table = table;
        this.position = position;
    }

    /** The name, unique within its table; the primary index is named {@code "id"}. */
    public String name() {
        return name;
    }

    /** Whether a key may belong to one object only. */
    public boolean unique() {
        return unique;
    }

    /** The function giving an object's keys. */
    public Indexer<T> indexer() {
        return indexer;
    }

    /** The table this index belongs to. */
    public Table<T> table() {
        return table;
    }

    /** The position in {@link Table#indexes()}: 0 for the id. */
    int position() {
        return position;
    }

    @Override
    public String toString() {
        return table.name() + "." + name;
    }
}
