package io.hearth.memdb;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;

/**
 * The schema of one table: its name, its object type, the primary {@code "id"} index and the
 * secondary indexes. Validated when built; immutable and thread-safe afterwards.
 *
 * @param <T> the object type
 */
public final class Table<T> {
    private final String name;
    private final Class<T> type;
    private final Function<T, String> id;
    private final List<Index<T>> indexes;
    private final boolean uniqueSecondary;

    private Table(Builder<T> b) {
        this.name = b.name;
        this.type = b.type;
        this.id = b.id;
        List<Index<T>> all = new ArrayList<>();
        all.add(new Index<>("id", true, Indexer.string(b.id), this, 0));
        for (Spec<T> s : b.specs) {
            all.add(new Index<>(s.name, s.unique, s.indexer, this, all.size()));
        }
        this.indexes = List.copyOf(all);
        this.uniqueSecondary = all.stream().skip(1).anyMatch(Index::unique);
    }

    /**
     * Starts a table schema.
     *
     * @param name the table name, unique within a {@link Schema}
     * @param type the class of the stored objects
     */
    public static <T> Builder<T> builder(String name, Class<T> type) {
        return new Builder<>(name, type);
    }

    /** The table name. */
    public String name() {
        return name;
    }

    /** The class of the stored objects. */
    public Class<T> type() {
        return type;
    }

    /** The unique primary index named {@code "id"}. */
    public Index<T> id() {
        return indexes.get(0);
    }

    /** All indexes, the id index first, then the others in the order they were declared. */
    public List<Index<T>> indexes() {
        return indexes;
    }

    /**
     * The index named {@code name}.
     *
     * @throws IllegalArgumentException if this table has no such index
     */
    public Index<T> index(String name) {
        for (Index<T> i : indexes) {
            if (i.name().equals(name)) {
                return i;
            }
        }
        throw new IllegalArgumentException("table " + this.name + " has no index " + name);
    }

    /** Whether an index other than the id is unique: inserts must then check it before writing. */
    boolean hasUniqueSecondary() {
        return uniqueSecondary;
    }

    /**
     * The id of {@code object}.
     *
     * @throws IllegalArgumentException if the object is not of this table's type or has no id
     */
    String idOf(Object object) {
        if (!type.isInstance(object)) {
            throw new IllegalArgumentException("table " + name + " stores " + type.getName() + ", not "
                    + object.getClass().getName());
        }
        String s = id.apply(type.cast(object));
        if (s == null || s.isEmpty()) {
            throw new IllegalArgumentException("an object of table " + name + " has no id: " + object);
        }
        return s;
    }

    @Override
    public String toString() {
        return name;
    }

    private record Spec<T>(String name, boolean unique, Indexer<T> indexer) {
    }

    /**
     * Collects a table's indexes; {@link #build()} validates them. Not thread-safe.
     *
     * @param <T> the object type
     */
    public static final class Builder<T> {
        private final String name;
        private final Class<T> type;
        private Function<T, String> id;
        private final List<Spec<T>> specs = new ArrayList<>();

        private Builder(String name, Class<T> type) {
            this.name = name;
            this.type = Objects.requireNonNull(type, "type");
        }

        /**
         * Declares the primary key: a unique index named {@code "id"} with keys {@link
         * Keys#string} of {@code id(o)}. Every stored object must have a non-empty id.
         */
        public Builder<T> id(Function<T, String> id) {
            this.id = Objects.requireNonNull(id, "id");
            return this;
        }

        /** Declares a secondary index. */
        public Builder<T> index(String name, boolean unique, Indexer<T> indexer) {
            specs.add(new Spec<>(name, unique, Objects.requireNonNull(indexer, "indexer")));
            return this;
        }

        /**
         * The table.
         *
         * @throws IllegalArgumentException if the table or an index name is null or blank, no id
         *     was declared, or two indexes share a name (including {@code "id"})
         */
        public Table<T> build() {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("table name is blank");
            }
            if (id == null) {
                throw new IllegalArgumentException("table " + name + " has no id");
            }
            Set<String> names = new HashSet<>();
            names.add("id");
            for (Spec<T> s : specs) {
                if (s.name == null || s.name.isBlank()) {
                    throw new IllegalArgumentException("table " + name + " has an index with a blank name");
                }
                if (!names.add(s.name)) {
                    throw new IllegalArgumentException("table " + name + " has two indexes named " + s.name);
                }
            }
            return new Table<>(this);
        }
    }
}
