package io.hearth.memdb;

import java.util.List;
import java.util.Set;

/** The test object: a unique name, a non-unique group, multi-valued tags and an amount. */
record Item(String id, String name, String group, Set<String> tags, long amount) {
    static final Table<Item> TABLE = Table.builder("items", Item.class)
            .id(Item::id)
            .index("name", true, Indexer.lowerCase(Item::name))
            .index("group", false, Indexer.string(Item::group))
            .index("tags", false, Indexer.strings(Item::tags))
            .build();
    static final Index<Item> NAME = TABLE.index("name");
    static final Index<Item> GROUP = TABLE.index("group");
    static final Index<Item> TAGS = TABLE.index("tags");

    static final Table<Item> OTHER = Table.builder("others", Item.class).id(Item::id).build();
    static final Schema SCHEMA = new Schema(List.of(TABLE, OTHER));

    static Item of(String id, String name, String group, String... tags) {
        return new Item(id, name, group, Set.of(tags), 0);
    }

    Item withAmount(long a) {
        return new Item(id, name, group, tags, a);
    }
}
