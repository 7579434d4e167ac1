package io.hearth.memdb;

/**
 * A point in a {@link WriteTxn} to roll back to ({@link WriteTxn#rollbackTo}). Opaque; holds the
 * (immutable) table versions of that point, so taking one costs a few references per table.
 */
public final class Savepoint {
    final Object txn;
    final long serial;
    final RadixTree<Object>[][] trees;
    final int touched;
    final long version;

    Savepoint(Object txn, long serial, RadixTree<Object>[][] trees, int touched, long version) {
        this.txn = txn;
        this.serial = serial;
        this.trees = trees;
        this.touched = touched;
        this.version = version;
    }
}
