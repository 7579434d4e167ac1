package io.hearth.memdb;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.stream.IntStream;

/**
 * The {@link WriteTxn} implementation, for {@link MemDb} and detached transactions alike.
 *
 * <p>Each table is read from the immutable trees it started with ({@code base}) until its first
 * write, which opens an editor per index. Savepoints freeze the editors (cheap: the editors then
 * copy paths they share with the savepoint) instead of keeping an undo log.
 */
final class Txn implements WriteTxn {
    private static final Object ABSENT = new Object();

    private final Schema schema;
    private final MemDb db; // null when detached
    private final RadixTree<Object>[][] base;
    private final RadixTree.Editor<Object>[][] editors;
    private long version;
    private boolean closed;

    // Change list: each touched (table, id) with the object it had at transaction start, in touch
    // order. The set that de-duplicates it is only built at the first touch of an object that
    // existed (an update or a delete): until then every touch was the insert of an id that was
    // absent, and so distinct. A transaction of inserts alone (a batch, a restore) never hashes.
    private final ArrayList<Touch> touched = new ArrayList<>();
    private HashSet<Touch> seen;

    // Serials of the savepoints still valid, ascending: a rollback drops those after its target.
    private long[] live = new long[4];
    private int liveCount;
    private long nextSerial;

    private final KeyList[] newKeys;
    private final KeyList[] oldKeys;

    /** A touched object: equal to another touch of the same (table, id), whatever its {@code before}. */
    private static final class Touch {
        final int table;
        final String id;
        final Object before; // ABSENT if the object did not exist at transaction start

        Touch(int table, String id, Object before) {
            this.table = table;
            this.id = id;
            this.before = before;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Touch t && t.table == table && t.id.equals(id);
        }

        @Override
        public int hashCode() {
            return 31 * table + id.hashCode();
        }
    }

    @SuppressWarnings("unchecked")
    Txn(Snapshot from, MemDb db) {
        this.schema = from.schema();
        this.db = db;
        int n = schema.tables().size();
        this.base = new RadixTree[n][];
        this.editors = new RadixTree.Editor[n][];
        int widest = 0;
        for (int t = 0; t < n; t++) {
            base[t] = from.tables(t);
            widest = Math.max(widest, base[t].length);
        }
        this.newKeys = new KeyList[widest];
        this.oldKeys = new KeyList[widest];
        for (int i = 0; i < widest; i++) {
            newKeys[i] = new KeyList();
            oldKeys[i] = new KeyList();
        }
        this.version = from.version();
    }

    private TreeReader<Object> reader(int table, int index) {
        RadixTree.Editor<Object>[] e = editors[table];
        return e != null ? e[index] : base[table][index];
    }

    @SuppressWarnings("unchecked")
    private RadixTree.Editor<Object>[] edit(int table) {
        RadixTree.Editor<Object>[] e = editors[table];
        if (e == null) {
            RadixTree<Object>[] b = base[table];
            e = new RadixTree.Editor[b.length];
            for (int i = 0; i < b.length; i++) {
                e[i] = b[i].edit();
            }
            editors[table] = e;
        }
        return e;
    }

    private TreeReader<Object> reader(Index<?> index) {
        return reader(schema.position(index.table()), index.position());
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("the transaction is closed");
        }
    }

    @Override
    public <T> T insert(Table<T> table, T object) {
        checkOpen();
        Objects.requireNonNull(object, "object");
        int t = schema.position(table);
        String id = table.idOf(object);
        byte[] idKey = Keys.string(id);
        List<Index<T>> indexes = table.indexes();
        int n = indexes.size();
        for (int i = 1; i < n; i++) {
            indexes.get(i).indexer().keys(object, newKeys[i].clear());
        }
        // Without unique secondary indexes nothing can fail from here on, so the id index is
        // written first and its put returns the old object: one walk of the id tree, not two.
        boolean check = table.hasUniqueSecondary();
        Object old = check ? reader(t, 0).get(idKey) : edit(t)[0].put(idKey, object);
        // Check every unique index before changing anything. A key's holder is either the old
        // version of this object (same reference as in the id index) or a conflict.
        for (int i = 1; check && i < n; i++) {
            Index<T> index = indexes.get(i);
            if (index.unique()) {
                KeyList keys = newKeys[i];
                for (int k = 0; k < keys.size(); k++) {
                    Object holder = reader(t, i).get(keys.get(k));
                    if (holder != null && holder != old) {
                        throw new UniqueConstraintException(index, keys.get(k), holder, table.idOf(holder));
                    }
                }
            }
        }
        RadixTree.Editor<Object>[] e = edit(t);
        for (int i = 1; i < n; i++) {
            Index<T> index = indexes.get(i);
            KeyList keys = newKeys[i];
            if (old != null) {
                KeyList gone = oldKeys[i].clear();
                index.indexer().keys(table.type().cast(old), gone);
                for (int k = 0; k < gone.size(); k++) {
                    if (!keys.contains(gone.get(k))) {
                        e[i].remove(stored(index, gone.get(k), idKey));
                    }
                }
                gone.clear();
            }
            for (int k = 0; k < keys.size(); k++) {
                e[i].put(stored(index, keys.get(k), idKey), object);
            }
            keys.clear();
        }
        if (check) {
            e[0].put(idKey, object);
        }
        touch(t, id, old);
        return Queries.cast(old);
    }

    @Override
    public <T> void insertAll(Table<T> table, List<T> objects) {
        checkOpen();
        int t = schema.position(table);
        RadixTree.Editor<Object>[] e = edit(t);
        List<Index<T>> indexes = table.indexes();
        byte[][] idKeys = new byte[objects.size()][];
        for (int o = 0; o < idKeys.length; o++) {
            T object = Objects.requireNonNull(objects.get(o), "object");
            String id = table.idOf(object);
            byte[] idKey = Keys.string(id);
            Object held = e[0].put(idKey, object);
            if (held != null) {
                throw new UniqueConstraintException(indexes.get(0), idKey, held, table.idOf(held));
            }
            idKeys[o] = idKey;
            touch(t, id, null);
        }
        // Each index has its own editor, touched by one worker only: the trees build in parallel.
        IntStream.range(1, indexes.size()).parallel()
                .forEach(i -> fill(table, indexes.get(i), e[i], objects, idKeys));
    }

    private static <T> void fill(Table<T> table, Index<T> index, RadixTree.Editor<Object> editor,
            List<T> objects, byte[][] idKeys) {
        KeyList keys = new KeyList();
        for (int o = 0; o < idKeys.length; o++) {
            T object = objects.get(o);
            index.indexer().keys(object, keys.clear());
            for (int k = 0; k < keys.size(); k++) {
                Object held = editor.put(stored(index, keys.get(k), idKeys[o]), object);
                if (held != null && held != object) {
                    throw new UniqueConstraintException(index, keys.get(k), held,
                            table.idOf(held));
                }
            }
        }
    }

    @Override
    public <T> T delete(Table<T> table, String id) {
        checkOpen();
        int t = schema.position(table);
        byte[] idKey = Keys.string(id);
        Object old = reader(t, 0).get(idKey);
        if (old == null) {
            return null;
        }
        RadixTree.Editor<Object>[] e = edit(t);
        List<Index<T>> indexes = table.indexes();
        for (int i = 1; i < indexes.size(); i++) {
            Index<T> index = indexes.get(i);
            KeyList gone = oldKeys[i].clear();
            index.indexer().keys(table.type().cast(old), gone);
            for (int k = 0; k < gone.size(); k++) {
                e[i].remove(stored(index, gone.get(k), idKey));
            }
            gone.clear();
        }
        e[0].remove(idKey);
        touch(t, id, old);
        return Queries.cast(old);
    }

    /** The key under which an index stores an object: non-unique keys get the id appended. */
    private static byte[] stored(Index<?> index, byte[] key, byte[] idKey) {
        return index.unique() ? key : Keys.concat(key, idKey);
    }

    private void touch(int table, String id, Object old) {
        Touch k = new Touch(table, id, old == null ? ABSENT : old);
        if (seen == null) {
            if (old == null) {
                touched.add(k);
                return;
            }
            seen = new HashSet<>(Math.max(16, touched.size() * 2));
            seen.addAll(touched);
        }
        if (seen.add(k)) {
            touched.add(k);
        }
    }

    @Override
    public List<Change<?>> changes() {
        checkOpen();
        List<Change<?>> out = new ArrayList<>(touched.size());
        for (Touch k : touched) {
            Object b = k.before == ABSENT ? null : k.before;
            Object a = reader(k.table, 0).getString(k.id);
            if (b == null ? a != null : !b.equals(a)) {
                out.add(change(schema.tables().get(k.table), b, a));
            }
        }
        return out;
    }

    @Override
    public void resetChanges() {
        checkOpen();
        seen = null;
        touched.clear();
        liveCount = 0;
    }

    @Override
    public int touchedCount() {
        checkOpen();
        return touched.size();
    }

    @SuppressWarnings("unchecked")
    private static <T> Change<T> change(Table<T> table, Object b, Object a) {
        return new Change<>(table, (T) b, (T) a);
    }

    @Override
    public void version(long version) {
        checkOpen();
        this.version = version;
    }

    @Override
    public long version() {
        checkOpen();
        return version;
    }

    @SuppressWarnings("unchecked")
    private RadixTree<Object>[][] frozenTrees() {
        RadixTree<Object>[][] trees = new RadixTree[base.length][];
        for (int t = 0; t < base.length; t++) {
            RadixTree.Editor<Object>[] e = editors[t];
            if (e == null) {
                trees[t] = base[t];
            } else {
                trees[t] = new RadixTree[e.length];
                for (int i = 0; i < e.length; i++) {
                    trees[t][i] = e[i].freeze();
                }
            }
        }
        return trees;
    }

    @Override
    public Savepoint savepoint() {
        checkOpen();
        if (liveCount == live.length) {
            live = Arrays.copyOf(live, liveCount * 2);
        }
        long serial = nextSerial++;
        live[liveCount++] = serial;
        return new Savepoint(this, serial, frozenTrees(), touched.size(), version);
    }

    @Override
    public void rollbackTo(Savepoint sp) {
        checkOpen();
        if (sp.txn != this) {
            throw new IllegalArgumentException("the savepoint belongs to another transaction");
        }
        int at = Arrays.binarySearch(live, 0, liveCount, sp.serial);
        if (at < 0) {
            throw new IllegalArgumentException("the savepoint was discarded by a rollback to an earlier one");
        }
        liveCount = at + 1;
        for (int t = 0; t < base.length; t++) {
            base[t] = sp.trees[t];
            editors[t] = null;
        }
        for (int i = touched.size() - 1; i >= sp.touched; i--) {
            Touch k = touched.remove(i);
            if (seen != null) {
                seen.remove(k);
            }
        }
        version = sp.version;
    }

    @Override
    public Snapshot freeze() {
        checkOpen();
        return new Snapshot(schema, frozenTrees(), version);
    }

    @Override
    public Snapshot commit() {
        Snapshot s = freeze();
        closed = true;
        if (db != null) {
            db.commit(s);
        }
        return s;
    }

    @Override
    public void abort() {
        if (!closed) {
            closed = true;
            if (db != null) {
                db.release();
            }
        }
    }

    // Reads

    @Override
    public <T> T get(Table<T> table, String id) {
        checkOpen();
        return Queries.cast(reader(schema.position(table), 0).getString(id));
    }

    @Override
    public <T> T first(Index<T> index, byte[] key) {
        checkOpen();
        return Queries.first(reader(index), index, key);
    }

    @Override
    public <T> Iterator<T> find(Index<T> index, byte[] key) {
        checkOpen();
        return Queries.find(reader(index), index, key);
    }

    @Override
    public <T> Iterator<T> findPrefix(Index<T> index, byte[] prefix) {
        checkOpen();
        return Queries.findPrefix(reader(index), prefix);
    }

    @Override
    public <T> Iterator<T> lowerBound(Index<T> index, byte[] key) {
        checkOpen();
        return Queries.lowerBound(reader(index), key);
    }

    @Override
    public <T> Iterator<T> all(Table<T> table) {
        checkOpen();
        return Queries.all(reader(schema.position(table), 0));
    }

    @Override
    public <T> Iterator<T> reverse(Index<T> index) {
        checkOpen();
        return Queries.reverse(reader(index));
    }

    @Override
    public int count(Table<?> table) {
        checkOpen();
        return reader(schema.position(table), 0).size();
    }
}
