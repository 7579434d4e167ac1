package io.hearth.memdb;

/**
 * One changed object of a transaction (see {@link WriteTxn#changes()}).
 *
 * @param table the object's table
 * @param before the object when the transaction started, or null if it was created
 * @param after the object now, or null if it was deleted
 * @param <T> the object type
 */
public record Change<T>(Table<T> table, T before, T after) {
}
