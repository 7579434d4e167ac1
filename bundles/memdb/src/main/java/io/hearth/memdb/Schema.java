package io.hearth.memdb;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * The tables of one database. Validated at construction; immutable and thread-safe. A {@link
 * Table} may belong to several schemas.
 */
public final class Schema {
    private final List<Table<?>> tables;
    private final Table<?>[] byPosition;

    /**
     * @throws IllegalArgumentException if there is no table, or two tables share a name or are
     *     the same table
     * @throws NullPointerException if the list or a table is null
     */
    public Schema(List<Table<?>> tables) {
        this.tables = List.copyOf(tables);
        if (this.tables.isEmpty()) {
            throw new IllegalArgumentException("a schema needs at least one table");
        }
        Set<String> names = new HashSet<>();
        for (Table<?> t : this.tables) {
            if (!names.add(t.name())) {
                throw new IllegalArgumentException("two tables named " + t.name());
            }
        }
        this.byPosition = this.tables.toArray(new Table<?>[0]);
    }

    /** The tables, in the order given. */
    public List<Table<?>> tables() {
        return tables;
    }

    /**
     * The position of {@code table} in {@link #tables()}. A linear identity scan: schemas hold a
     * handful of tables, and this beats hashing.
     *
     * @throws IllegalArgumentException if the table is not part of this schema
     */
    int position(Table<?> table) {
        Table<?>[] all = byPosition;
        for (int i = 0; i < all.length; i++) {
            if (all[i] == table) {
                return i;
            }
        }
        Objects.requireNonNull(table, "table");
        throw new IllegalArgumentException("table " + table.name() + " is not part of this schema");
    }

    @Override
    public String toString() {
        return "Schema" + tables;
    }
}
