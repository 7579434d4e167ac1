package io.hearth.memdb;

/** The read operations that a {@link RadixTree} and its {@link RadixTree.Editor} share. */
interface TreeReader<V> {
    V get(byte[] key);

    V getString(String s);

    int size();

    Cursor<V> iterator();

    Cursor<V> prefix(byte[] prefix);

    Cursor<V> lowerBound(byte[] key);

    Cursor<V> reverseIterator();

    Cursor<V> reverseLowerBound(byte[] key);
}
