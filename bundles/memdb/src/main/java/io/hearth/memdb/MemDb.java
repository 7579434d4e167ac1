package io.hearth.memdb;

import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * An in-memory database: one published {@link Snapshot} that readers take without locking, and
 * one writer at a time that builds the next snapshot and publishes it by swapping a reference.
 * Thread-safe.
 */
public final class MemDb {
    private final Schema schema;
    private final ReentrantLock writer = new ReentrantLock();
    private volatile Snapshot current;

    /** A database of empty tables. */
    public MemDb(Schema schema) {
        this.schema = Objects.requireNonNull(schema, "schema");
        this.current = Snapshot.empty(schema);
    }

    /** The schema. */
    public Schema schema() {
        return schema;
    }

    /** The latest published snapshot. Lock-free. */
    public Snapshot snapshot() {
        return current;
    }

    /**
     * Begins the write transaction, waiting until no other thread holds one. It starts from the
     * snapshot published at that moment; its {@link WriteTxn#commit()} publishes. The calling
     * thread must end it (commit or abort).
     *
     * @throws IllegalStateException if this thread already holds an open transaction
     */
    public WriteTxn begin() {
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("this thread already has an open write transaction");
        }
        writer.lock();
        try {
            return new Txn(current, this);
        } catch (RuntimeException | Error e) {
            writer.unlock();
            throw e;
        }
    }

    /**
     * Publishes {@code snapshot} as the current state, for a state built elsewhere (a detached
     * transaction, a replicated log entry, a loaded snapshot). Waits for an open transaction of
     * another thread to end.
     *
     * @throws IllegalArgumentException if the snapshot has another schema
     * @throws IllegalStateException if this thread holds an open transaction
     */
    public void publish(Snapshot snapshot) {
        if (snapshot.schema() != schema) {
            throw new IllegalArgumentException("the snapshot belongs to another schema");
        }
        if (writer.isHeldByCurrentThread()) {
            throw new IllegalStateException("publish while this thread holds a write transaction");
        }
        writer.lock();
        try {
            current = snapshot;
        } finally {
            writer.unlock();
        }
    }

    /** Called by a committing transaction, which holds the lock. */
    void commit(Snapshot snapshot) {
        try {
            current = snapshot;
        } finally {
            writer.unlock();
        }
    }

    /** Called by an aborting transaction, which holds the lock. */
    void release() {
        writer.unlock();
    }
}
