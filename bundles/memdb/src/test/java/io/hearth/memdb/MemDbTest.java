package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class MemDbTest {
    private final MemDb db = new MemDb(Item.SCHEMA);

    private static <T> List<T> list(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    private static List<String> ids(Iterator<Item> it) {
        return list(it).stream().map(Item::id).toList();
    }

    private void commit(Item... items) {
        WriteTxn tx = db.begin();
        try {
            for (Item i : items) {
                tx.insert(Item.TABLE, i);
            }
            tx.commit();
        } finally {
            tx.abort();
        }
    }

    @Test
    void commitPublishesAndEarlierSnapshotsStayIsolated() {
        Snapshot before = db.snapshot();
        WriteTxn tx = db.begin();
        tx.insert(Item.TABLE, Item.of("a", "Alpha", "g1", "x"));
        assertEquals("Alpha", tx.get(Item.TABLE, "a").name(), "a transaction reads its own writes");
        assertNull(db.snapshot().get(Item.TABLE, "a"), "nothing visible before commit");
        tx.version(7);
        Snapshot committed = tx.commit();
        assertSame(committed, db.snapshot());
        assertEquals(7, committed.version());
        assertEquals(1, committed.count(Item.TABLE));
        assertEquals(0, before.count(Item.TABLE));
        assertNull(before.get(Item.TABLE, "a"));
    }

    @Test
    void queriesByEveryKindOfIndex() {
        commit(Item.of("1", "Alpha", "g1", "red", "blue"), Item.of("2", "alphabet", "g1", "blue"),
                Item.of("3", "Beta", "g2"), Item.of("4", null, "g1", "red"));
        Snapshot s = db.snapshot();
        assertEquals("1", s.first(Item.NAME, Keys.lowerCase("ALPHA")).id());
        assertNull(s.first(Item.NAME, Keys.lowerCase("alph")), "an exact key does not match a prefix");
        assertEquals(List.of("1", "2"), ids(s.findPrefix(Item.NAME, Keys.lowerCasePrefix("alph"))));
        assertEquals(List.of("1", "2", "4"), ids(s.find(Item.GROUP, Keys.string("g1"))));
        assertEquals("1", s.first(Item.GROUP, Keys.string("g1")).id());
        assertEquals(List.of("1", "2"), ids(s.find(Item.TAGS, Keys.string("blue"))));
        assertEquals(List.of("1", "4"), ids(s.find(Item.TAGS, Keys.string("red"))));
        assertEquals(List.of(), ids(s.find(Item.TAGS, Keys.string("re"))));
        assertEquals(List.of("1", "2", "1", "4"), ids(s.findPrefix(Item.TAGS, Keys.stringPrefix(""))),
                "a multi-valued index yields an object once per matching key");
        assertEquals(List.of("3", "4"), ids(s.lowerBound(Item.TABLE.id(), Keys.string("3"))));
        assertEquals(List.of("4", "3", "2", "1"), ids(s.reverse(Item.TABLE.id())));
        assertEquals(List.of("1", "2", "3", "4"), ids(s.all(Item.TABLE)));
        assertEquals(List.of("1", "2", "3"), ids(s.all(Item.TABLE)).subList(0, 3));
        assertNull(s.get(Item.TABLE, "5"));
    }

    @Test
    void updateMovesIndexEntries() {
        commit(Item.of("1", "Alpha", "g1", "red"));
        commit(Item.of("1", "Omega", "g2", "blue"));
        Snapshot s = db.snapshot();
        assertNull(s.first(Item.NAME, Keys.lowerCase("alpha")));
        assertEquals("1", s.first(Item.NAME, Keys.lowerCase("omega")).id());
        assertEquals(List.of(), ids(s.find(Item.GROUP, Keys.string("g1"))));
        assertEquals(List.of(), ids(s.find(Item.TAGS, Keys.string("red"))));
        assertEquals(List.of("1"), ids(s.find(Item.TAGS, Keys.string("blue"))));
        assertEquals(1, s.count(Item.TABLE));
    }

    @Test
    void uniqueConflictChangesNothing() {
        commit(Item.of("1", "Alpha", "g1", "red"), Item.of("2", "Beta", "g1"));
        WriteTxn tx = db.begin();
        try {
            Item clash = Item.of("2", "ALPHA", "g9", "green");
            UniqueConstraintException e = assertThrows(UniqueConstraintException.class, () -> tx.insert(Item.TABLE, clash));
            assertSame(Item.NAME, e.index());
            assertEquals("1", ((Item) e.existing()).id());
            assertTrue(e.getMessage().contains("items.name"), e.getMessage());
            assertEquals("Beta", tx.get(Item.TABLE, "2").name());
            assertEquals(List.of(), ids(tx.find(Item.GROUP, Keys.string("g9"))));
            assertEquals(List.of(), ids(tx.find(Item.TAGS, Keys.string("green"))));
            assertEquals(List.of("1", "2"), ids(tx.find(Item.GROUP, Keys.string("g1"))));
            assertEquals(List.of(), tx.changes());
            // Keeping one's own unique key is no conflict.
            tx.insert(Item.TABLE, Item.of("1", "alpha", "g3"));
        } finally {
            tx.abort();
        }
    }

    @Test
    void touchedCountCountsDistinctObjectsAndFollowsRollback() {
        commit(Item.of("1", "One", "g"));
        WriteTxn tx = db.begin();
        try {
            tx.insert(Item.TABLE, Item.of("1", "One", "h"));
            tx.insert(Item.TABLE, Item.of("1", "One", "i"));
            Savepoint sp = tx.savepoint();
            tx.insert(Item.TABLE, Item.of("2", "Two", "g"));
            assertEquals(2, tx.touchedCount());
            tx.rollbackTo(sp);
            assertEquals(1, tx.touchedCount());
            assertEquals(tx.changes().size(), tx.touchedCount());
        } finally {
            tx.abort();
        }
    }

    @Test
    void insertAllBuildsTheSameTreesAsInsertingOneByOne() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(7);
        List<Item> items = new java.util.ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            items.add(Item.of("id" + random.nextInt(1_000_000_000) + "-" + i, "name" + i,
                    "g" + random.nextInt(40), "t" + random.nextInt(10), "u" + random.nextInt(10)));
        }
        MemDb one = new MemDb(Item.SCHEMA);
        WriteTxn a = one.begin();
        items.forEach(it -> a.insert(Item.TABLE, it));
        Snapshot byOne = a.commit();
        MemDb bulk = new MemDb(Item.SCHEMA);
        WriteTxn b = bulk.begin();
        b.insertAll(Item.TABLE, items);
        assertEquals(items.size(), b.changes().size(), "every object is in the change list");
        Snapshot byAll = b.commit();

        assertEquals(byOne.count(Item.TABLE), byAll.count(Item.TABLE));
        for (Index<Item> index : List.of(Item.TABLE.id(), Item.NAME, Item.GROUP, Item.TAGS)) {
            assertEquals(ids(byOne.findPrefix(index, new byte[0])),
                    ids(byAll.findPrefix(index, new byte[0])), index.name());
        }
        assertEquals(ids(byOne.find(Item.GROUP, Keys.string("g3"))),
                ids(byAll.find(Item.GROUP, Keys.string("g3"))));
    }

    @Test
    void insertAllRefusesAnIdAlreadyThereOrAUniqueKeyTwice() {
        commit(Item.of("1", "One", "g"));
        WriteTxn tx = db.begin();
        try {
            assertThrows(UniqueConstraintException.class,
                    () -> tx.insertAll(Item.TABLE, List.of(Item.of("2", "Two", "g"), Item.of("1", "Uno", "g"))));
        } finally {
            tx.abort();
        }
        WriteTxn other = db.begin();
        try {
            UniqueConstraintException e = assertThrows(UniqueConstraintException.class,
                    () -> other.insertAll(Item.TABLE, List.of(Item.of("2", "Two", "g"), Item.of("3", "TWO", "g"))));
            assertSame(Item.NAME, e.index());
        } finally {
            other.abort();
        }
        assertEquals(1, db.snapshot().count(Item.TABLE), "nothing of an aborted bulk load stays");
    }

    @Test
    void resetChangesStartsANewChangeListAndKeepsTheWritesAndEarlierSnapshots() {
        commit(Item.of("1", "One", "g"));
        WriteTxn tx = db.begin();
        try {
            tx.insert(Item.TABLE, Item.of("1", "One", "h"));
            tx.insert(Item.TABLE, Item.of("2", "Two", "g"));
            Snapshot first = tx.freeze();
            Savepoint sp = tx.savepoint();
            tx.resetChanges();
            assertEquals(0, tx.touchedCount());
            assertEquals(List.of(), tx.changes(), "nothing written since the reset");
            assertEquals("h", tx.get(Item.TABLE, "1").group(), "earlier writes stay");

            tx.insert(Item.TABLE, Item.of("1", "One", "i"));
            tx.delete(Item.TABLE, "2");
            List<Change<?>> changes = tx.changes();
            assertEquals(2, changes.size());
            assertEquals("h", ((Item) changes.get(0).before()).group(), "before is the state at the reset");
            assertEquals("i", ((Item) changes.get(0).after()).group());
            assertEquals("2", ((Item) changes.get(1).before()).id());
            assertNull(changes.get(1).after());
            assertEquals(List.of("1"), ids(tx.find(Item.GROUP, Keys.string("i"))));
            assertEquals(List.of(), ids(tx.find(Item.GROUP, Keys.string("h"))));

            assertEquals("h", first.get(Item.TABLE, "1").group(), "a snapshot frozen before is unchanged");
            assertEquals("Two", first.get(Item.TABLE, "2").name());
            assertThrows(IllegalArgumentException.class, () -> tx.rollbackTo(sp),
                    "savepoints from before the reset are gone");
        } finally {
            tx.abort();
        }
    }

    @Test
    void changeListIsDeduplicatedInFirstTouchOrder() {
        commit(Item.of("1", "One", "g"), Item.of("2", "Two", "g"), Item.of("3", "Three", "g"));
        WriteTxn tx = db.begin();
        try {
            tx.insert(Item.TABLE, Item.of("2", "Two", "h"));
            tx.insert(Item.TABLE, Item.of("9", "Nine", "g")); // created...
            tx.delete(Item.TABLE, "9"); // ...and deleted: dropped
            tx.delete(Item.TABLE, "1");
            tx.insert(Item.TABLE, Item.of("2", "Two", "i")); // second touch: one entry
            tx.insert(Item.TABLE, Item.of("3", "Three", "x"));
            tx.insert(Item.TABLE, Item.of("3", "Three", "g")); // written back equal: dropped
            tx.insert(Item.OTHER, Item.of("1", "One", "g")); // same id, another table
            assertNull(tx.delete(Item.TABLE, "nope"));
            List<Change<?>> changes = tx.changes();
            assertEquals(3, changes.size(), changes.toString());
            assertEquals(new Change<>(Item.TABLE, Item.of("2", "Two", "g"), Item.of("2", "Two", "i")), changes.get(0));
            assertEquals(new Change<>(Item.TABLE, Item.of("1", "One", "g"), null), changes.get(1));
            assertEquals(new Change<>(Item.OTHER, null, Item.of("1", "One", "g")), changes.get(2));
        } finally {
            tx.abort();
        }
    }

    @Test
    void rollbackToASavepointUndoesTablesChangesAndVersion() {
        commit(Item.of("1", "One", "g"));
        WriteTxn tx = db.begin();
        try {
            tx.insert(Item.TABLE, Item.of("2", "Two", "g"));
            tx.version(1);
            Savepoint sp = tx.savepoint();
            tx.insert(Item.TABLE, Item.of("3", "Three", "g"));
            tx.delete(Item.TABLE, "1");
            tx.insert(Item.TABLE, Item.of("2", "Deux", "h"));
            tx.insert(Item.OTHER, Item.of("x", "X", "g"));
            tx.version(2);
            Savepoint later = tx.savepoint();
            tx.rollbackTo(sp);
            assertEquals(1, tx.version());
            assertEquals(List.of("1", "2"), ids(tx.all(Item.TABLE)));
            assertEquals("Two", tx.get(Item.TABLE, "2").name());
            assertEquals(List.of("1", "2"), ids(tx.find(Item.GROUP, Keys.string("g"))));
            assertEquals(List.of(), ids(tx.find(Item.GROUP, Keys.string("h"))));
            assertEquals(0, tx.count(Item.OTHER));
            assertEquals(List.of(new Change<>(Item.TABLE, null, Item.of("2", "Two", "g"))), tx.changes());
            assertThrows(IllegalArgumentException.class, () -> tx.rollbackTo(later), "discarded by the earlier rollback");
            // The savepoint stays usable, and the transaction goes on writing after a rollback.
            tx.insert(Item.TABLE, Item.of("4", "Four", "g"));
            tx.rollbackTo(sp);
            assertEquals(2, tx.count(Item.TABLE));
            tx.insert(Item.TABLE, Item.of("5", "Five", "g"));
            tx.commit();
        } finally {
            tx.abort();
        }
        assertEquals(List.of("1", "2", "5"), ids(db.snapshot().all(Item.TABLE)));
        WriteTxn other = db.snapshot().edit();
        Savepoint foreign = other.savepoint();
        WriteTxn tx2 = db.begin();
        try {
            assertThrows(IllegalArgumentException.class, () -> tx2.rollbackTo(foreign));
        } finally {
            tx2.abort();
        }
    }

    @Test
    void abortLeavesNothingAndReleasesTheWriter() throws Exception {
        Snapshot before = db.snapshot();
        WriteTxn tx = db.begin();
        tx.insert(Item.TABLE, Item.of("1", "One", "g"));
        tx.abort();
        tx.abort(); // idempotent
        assertSame(before, db.snapshot());
        assertThrows(IllegalStateException.class, () -> tx.get(Item.TABLE, "1"));
        assertThrows(IllegalStateException.class, () -> tx.insert(Item.TABLE, Item.of("2", "Two", "g")));
        // Another thread can write now.
        CountDownLatch done = new CountDownLatch(1);
        Thread t = new Thread(() -> {
            WriteTxn w = db.begin();
            w.insert(Item.TABLE, Item.of("2", "Two", "g"));
            w.commit();
            done.countDown();
        });
        t.start();
        assertTrue(done.await(5, TimeUnit.SECONDS));
        assertEquals(1, db.snapshot().count(Item.TABLE));
    }

    @Test
    void abortAfterCommitIsANoOpAndCommitClosesTheTransaction() {
        WriteTxn tx = db.begin();
        tx.insert(Item.TABLE, Item.of("1", "One", "g"));
        Snapshot s = tx.commit();
        tx.abort();
        assertSame(s, db.snapshot());
        assertThrows(IllegalStateException.class, tx::commit);
        WriteTxn next = db.begin(); // the lock was released by commit
        next.abort();
    }

    @Test
    void aThreadCannotOpenTwoTransactionsOrPublishInsideOne() {
        WriteTxn tx = db.begin();
        try {
            assertThrows(IllegalStateException.class, db::begin);
            assertThrows(IllegalStateException.class, () -> db.publish(Snapshot.empty(Item.SCHEMA)));
        } finally {
            tx.abort();
        }
    }

    @Test
    void detachedTransactionsBuildSnapshotsThatCanBePublished() {
        Snapshot base = db.snapshot();
        WriteTxn d = base.edit();
        d.insert(Item.TABLE, Item.of("1", "One", "g"));
        Snapshot first = d.freeze();
        d.insert(Item.TABLE, Item.of("2", "Two", "g"));
        d.version(5);
        Snapshot second = d.commit();
        assertThrows(IllegalStateException.class, () -> d.count(Item.TABLE));
        assertEquals(1, first.count(Item.TABLE), "a frozen snapshot ignores later writes");
        assertEquals(2, second.count(Item.TABLE));
        assertSame(base, db.snapshot(), "a detached transaction publishes nothing");
        db.publish(second);
        assertSame(second, db.snapshot());
        assertEquals(5, db.snapshot().version());
        MemDb otherDb = new MemDb(new Schema(List.of(Item.TABLE)));
        assertThrows(IllegalArgumentException.class, () -> otherDb.publish(second));
    }

    @Test
    void objectsNeedAnIdAndTheTablesType() {
        WriteTxn tx = db.begin();
        try {
            assertThrows(IllegalArgumentException.class, () -> tx.insert(Item.TABLE, Item.of("", "n", "g")));
            assertThrows(IllegalArgumentException.class, () -> tx.insert(Item.TABLE, Item.of(null, "n", "g")));
            @SuppressWarnings({"unchecked", "rawtypes"})
            Table<Object> raw = (Table) Item.TABLE;
            assertThrows(IllegalArgumentException.class, () -> tx.insert(raw, "not an item"));
            assertEquals(0, tx.count(Item.TABLE));
            assertFalse(tx.all(Item.TABLE).hasNext());
        } finally {
            tx.abort();
        }
    }
}
