package io.hearth.memdb;

import java.util.Arrays;
import java.util.Objects;
import java.util.function.Consumer;

/** A reusable sink for an indexer's keys: a transaction keeps a few instead of allocating lists. */
final class KeyList implements Consumer<byte[]> {
    private byte[][] keys = new byte[4][];
    private int size;

    @Override
    public void accept(byte[] key) {
        Objects.requireNonNull(key, "an indexer emitted a null key");
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, size * 2);
        }
        keys[size++] = key;
    }

    int size() {
        return size;
    }

    byte[] get(int i) {
        return keys[i];
    }

    boolean contains(byte[] key) {
        for (int i = 0; i < size; i++) {
            if (Arrays.equals(keys[i], key)) {
                return true;
            }
        }
        return false;
    }

    KeyList clear() {
        Arrays.fill(keys, 0, size, null);
        size = 0;
        return this;
    }
}
