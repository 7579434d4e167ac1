package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Readers never see a partial commit: one writer moves amounts between accounts in thousands of
 * commits (some as detached transactions published from outside), while readers keep checking on
 * every snapshot they take that the total and the count are unchanged, through the id index and
 * through a secondary index, and that versions never go backwards.
 */
class MemDbConcurrencyTest {
    private static final int ACCOUNTS = 50;
    private static final long START = 1_000;
    private static final int COMMITS = 20_000;
    private static final int READERS = 3;

    @Test
    void readersAlwaysSeeAConsistentSnapshotWhileOneWriterCommits() throws Exception {
        MemDb db = new MemDb(Item.SCHEMA);
        WriteTxn init = db.begin();
        for (int i = 0; i < ACCOUNTS; i++) {
            init.insert(Item.TABLE, Item.of(String.format("acct%03d", i), "name" + i, "g" + (i % 3)).withAmount(START));
        }
        init.commit();

        AtomicBoolean writing = new AtomicBoolean(true);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        AtomicLong checks = new AtomicLong();
        CountDownLatch readersStarted = new CountDownLatch(READERS);
        CountDownLatch readersDone = new CountDownLatch(READERS);
        List<Thread> threads = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            Thread t = new Thread(() -> {
                readersStarted.countDown();
                long lastVersion = -1;
                try {
                    // One last check after the writer finished, so the final state is seen too.
                    boolean last = false;
                    while (!last) {
                        last = !writing.get();
                        Snapshot s = db.snapshot();
                        assertTrue(s.version() >= lastVersion, "versions go forward");
                        lastVersion = s.version();
                        assertEquals(ACCOUNTS, s.count(Item.TABLE));
                        assertEquals(ACCOUNTS * START, sum(s.all(Item.TABLE)), "total via the id index");
                        long byGroup = 0;
                        for (int g = 0; g < 3; g++) {
                            byGroup += sum(s.find(Item.GROUP, Keys.string("g" + g)));
                        }
                        assertEquals(ACCOUNTS * START, byGroup, "total via the group index");
                        checks.incrementAndGet();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                } finally {
                    readersDone.countDown();
                }
            }, "reader-" + r);
            threads.add(t);
            t.start();
        }
        assertTrue(readersStarted.await(10, TimeUnit.SECONDS));

        Random random = new Random(1);
        try {
            for (int c = 1; c <= COMMITS && failure.get() == null; c++) {
                boolean detached = c % 10 == 0;
                WriteTxn tx = detached ? db.snapshot().edit() : db.begin();
                try {
                    String from = String.format("acct%03d", random.nextInt(ACCOUNTS));
                    String to = String.format("acct%03d", random.nextInt(ACCOUNTS));
                    long amount = random.nextInt(100);
                    Item a = tx.get(Item.TABLE, from);
                    tx.insert(Item.TABLE, a.withAmount(a.amount() - amount));
                    Item b = tx.get(Item.TABLE, to);
                    tx.insert(Item.TABLE, b.withAmount(b.amount() + amount));
                    tx.version(c);
                    Snapshot s = tx.commit();
                    if (detached) {
                        db.publish(s);
                    }
                } finally {
                    tx.abort();
                }
            }
        } finally {
            writing.set(false);
        }
        assertTrue(readersDone.await(30, TimeUnit.SECONDS), "readers stop once the writer is done");
        for (Thread t : threads) {
            t.join(TimeUnit.SECONDS.toMillis(5));
        }
        assertNull(failure.get(), () -> "a reader saw an inconsistent snapshot: " + failure.get());
        assertEquals(COMMITS, db.snapshot().version());
        assertEquals(ACCOUNTS * START, sum(db.snapshot().all(Item.TABLE)));
        assertTrue(checks.get() >= READERS, "every reader checked at least once");
    }

    private static long sum(Iterator<Item> it) {
        long total = 0;
        while (it.hasNext()) {
            total += it.next().amount();
        }
        return total;
    }
}
