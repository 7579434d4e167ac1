package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaTest {
    record Thing(String id, String name) {
    }

    private static Table.Builder<Thing> things(String name) {
        return Table.builder(name, Thing.class).id(Thing::id);
    }

    @Test
    void tableListsTheIdIndexFirstAndFindsIndexesByName() {
        Table<Thing> t = things("things").index("name", true, Indexer.lowerCase(Thing::name)).build();
        assertEquals("things", t.name());
        assertSame(Thing.class, t.type());
        assertEquals(List.of("id", "name"), t.indexes().stream().map(Index::name).toList());
        assertSame(t.id(), t.index("id"));
        assertTrue(t.id().unique());
        assertSame(t, t.index("name").table());
        assertThrows(IllegalArgumentException.class, () -> t.index("nope"));
    }

    @Test
    void tableWithoutIdIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Table.builder("things", Thing.class).build());
    }

    @Test
    void duplicateIndexNamesAreRejectedIncludingId() {
        assertThrows(IllegalArgumentException.class, () -> things("t")
                .index("name", false, Indexer.string(Thing::name))
                .index("name", true, Indexer.string(Thing::name)).build());
        assertThrows(IllegalArgumentException.class, () -> things("t").index("id", true, Indexer.string(Thing::name)).build());
    }

    @Test
    void blankNamesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> things(" ").build());
        assertThrows(IllegalArgumentException.class, () -> things(null).build());
        assertThrows(IllegalArgumentException.class, () -> things("t").index("", false, Indexer.string(Thing::name)).build());
        assertThrows(IllegalArgumentException.class, () -> things("t").index(" ", false, Indexer.string(Thing::name)).build());
    }

    @Test
    void schemaNeedsTablesWithDistinctNames() {
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of()));
        Table<Thing> a = things("a").build();
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(a, things("a").build())));
        assertThrows(IllegalArgumentException.class, () -> new Schema(List.of(a, a)));
        assertEquals(List.of(a), new Schema(List.of(a)).tables());
    }

    @Test
    void aTableOutsideTheSchemaIsRejectedOnUse() {
        Schema schema = new Schema(List.of(things("a").build()));
        Table<Thing> other = things("b").build();
        Snapshot s = Snapshot.empty(schema);
        assertThrows(IllegalArgumentException.class, () -> s.get(other, "x"));
        assertThrows(IllegalArgumentException.class, () -> s.edit().insert(other, new Thing("x", "y")));
    }

    @Test
    void compoundIndexerEmitsTheCartesianProduct() {
        Indexer<Thing> letters = (o, sink) -> {
            sink.accept(new byte[] {'a'});
            sink.accept(new byte[] {'b'});
        };
        Indexer<Thing> digits = (o, sink) -> {
            sink.accept(new byte[] {'1'});
            sink.accept(new byte[] {'2'});
        };
        Indexer<Thing> none = (o, sink) -> { };
        java.util.List<String> keys = new java.util.ArrayList<>();
        Indexer.compound(letters, digits).keys(new Thing("i", "n"), k -> keys.add(new String(k)));
        assertEquals(List.of("a1", "a2", "b1", "b2"), keys);
        keys.clear();
        Indexer.compound(letters, none).keys(new Thing("i", "n"), k -> keys.add(new String(k)));
        assertEquals(List.of(), keys);
    }

    @Test
    void stringIndexersSkipNullAndEmpty() {
        java.util.List<byte[]> keys = new java.util.ArrayList<>();
        Indexer.<Thing>string(Thing::name).keys(new Thing("i", null), keys::add);
        Indexer.<Thing>string(Thing::name).keys(new Thing("i", ""), keys::add);
        Indexer.<Thing>lowerCase(Thing::name).keys(new Thing("i", ""), keys::add);
        Indexer.<Thing>strings(x -> java.util.Arrays.asList("", null)).keys(new Thing("i", ""), keys::add);
        assertEquals(0, keys.size());
    }
}
