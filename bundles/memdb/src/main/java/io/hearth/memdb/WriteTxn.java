package io.hearth.memdb;

import java.util.List;

/**
 * A write transaction: private, path-copied versions of the tables that reads through this
 * transaction see at once, made visible to others by {@link #commit()}.
 *
 * <p>Not thread-safe: one thread uses a transaction from start to end (a {@link MemDb}
 * transaction holds the database's writer lock, which belongs to the thread that began it).
 * Iterators obtained from a transaction are invalidated by its later writes. Always end a
 * transaction: {@code try { ...; txn.commit(); } finally { txn.abort(); }}.
 *
 * <p>After {@link #commit()} or {@link #abort()} every method but {@code abort()} throws
 * {@link IllegalStateException}.
 */
public interface WriteTxn extends ReadTxn {
    /**
     * Inserts {@code object}, or replaces the object with the same id, and updates every index.
     *
     * @return the replaced object, or null if the id was new
     * @throws UniqueConstraintException if a unique index key of the object is held by an object
     *     with another id; nothing is changed then
     * @throws IllegalArgumentException if the object has no id or is not of the table's type
     */
    <T> T insert(Table<T> table, T object);

    /**
     * Inserts objects whose ids are all new to the table: a bulk load, such as restoring a
     * snapshot. The result is that of {@link #insert} of each in turn, but no object is looked
     * up first and each secondary index is built on its own, in parallel on the common
     * fork-join pool.
     *
     * @throws UniqueConstraintException if an id is already in the table or comes twice, or a
     *     unique key is held twice; the transaction's tables are then undefined: abort it
     * @throws IllegalArgumentException if an object has no id or is not of the table's type
     */
    <T> void insertAll(Table<T> table, List<T> objects);

    /**
     * Deletes the object with this id from every index.
     *
     * @return the removed object, or null if there was none
     */
    <T> T delete(Table<T> table, String id);

    /** Sets the user version that the next {@link #freeze()} or {@link #commit()} carries. */
    void version(long version);

    /**
     * What this transaction changed, one entry per (table, id) touched, in the order first
     * touched: {@code before} is the object at transaction start (null if created), {@code after}
     * the current one (null if deleted). Objects created and deleted again, or written back
     * equal ({@link Object#equals}) to what they were, are left out. A new list each call.
     */
    List<Change<?>> changes();

    /**
     * How many distinct objects this transaction has written so far: an upper bound of {@code
     * changes().size()} in O(1), for callers that split work by size while they write.
     */
    int touchedCount();

    /**
     * Starts a new change list: from here on {@link #changes()} and {@link #touchedCount()}
     * report only what is written after this call. The tables keep every write so far and stay
     * this transaction's own: nothing is frozen or copied, which is the point. A writer that
     * cuts one long run of writes into several logical transactions (a batch) pays for path
     * copying once, not once per transaction as with {@link #freeze()} and a new transaction.
     * Savepoints taken before become invalid.
     */
    void resetChanges();

    /** Marks the current state so that {@link #rollbackTo} can return to it. Cheap. */
    Savepoint savepoint();

    /**
     * Undoes everything since {@code sp}: tables, change list and version. {@code sp} stays
     * usable; savepoints taken after it become invalid.
     *
     * @throws IllegalArgumentException if {@code sp} belongs to another transaction or was
     *     invalidated by a rollback to an earlier savepoint
     */
    void rollbackTo(Savepoint sp);

    /**
     * An immutable snapshot of the current state. The transaction stays usable; its later
     * writes do not affect the snapshot.
     */
    Snapshot freeze();

    /**
     * Ends the transaction with its current state. For a {@link MemDb} transaction: freezes,
     * publishes the snapshot atomically and releases the writer lock. For a detached one ({@link
     * Snapshot#edit()}): freezes and closes.
     *
     * @return the committed snapshot
     */
    Snapshot commit();

    /**
     * Discards the transaction and releases the writer lock if it holds it. Idempotent; a no-op
     * after {@link #commit()}.
     */
    void abort();
}
