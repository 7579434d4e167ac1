package io.hearth.memdb.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * A key and its value. The key array is owned by the tree and never modified. The value is
 * replaced in place only while the leaf is owned by the writing editor.
 *
 * <p>A leaf whose key is the encoding of a plain string (see {@link PlainLeaf}) is made a {@link
 * PlainLeaf}: its class records that fact, so {@link Trees#getString} can trust a match without
 * scanning the string it was asked for. Create leaves with {@link #of} and {@link #with}.
 */
class Leaf extends Node {
    final byte[] key;
    Object value;

    Leaf(Object owner, byte[] key, Object value) {
        super(owner);
        this.key = key;
        this.value = value;
    }

    static Leaf of(Object owner, byte[] key, Object value) {
        return isPlain(key) ? new PlainLeaf(owner, key, value) : new Leaf(owner, key, value);
    }

    /** A leaf of the same key and kind with another owner and value. */
    Leaf with(Object owner, Object value) {
        return new Leaf(owner, key, value);
    }

    /**
     * True if {@code key} is bytes 0x02-0x7f other than '?', then a 0x00 terminator: the key of a
     * string made of those chars alone, whose encoding is the chars themselves.
     */
    static boolean isPlain(byte[] key) {
        int last = key.length - 1;
        if (last < 0 || key[last] != 0) {
            return false;
        }
        if (last < 8) {
            for (int i = 0; i < last; i++) {
                int c = key[i];
                if (c < 2 || c == '?') { // bytes above 0x7f are negative
                    return false;
                }
            }
            return true;
        }
        // Eight bytes at a time (every insert classifies its leaves); the last word may overlap.
        long odd = 0;
        for (int i = 0; i < last; i += 8) {
            odd |= oddBytes((long) LONGS.get(key, Math.min(i, last - 8)));
        }
        return odd == 0;
    }

    private static final VarHandle LONGS =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long HIGH = 0x8080808080808080L;

    /**
     * Nonzero if a byte of {@code w} is above 0x7f, below 0x02, or '?' (the SWAR tests "has a byte
     * less than n" and "has a zero byte" of Hacker's Delight; exact as to whether any byte is).
     */
    private static long oddBytes(long w) {
        long below2 = (w - 0x0202020202020202L) & ~w & HIGH;
        long q = w ^ 0x3f3f3f3f3f3f3f3fL;
        long question = (q - 0x0101010101010101L) & ~q & HIGH;
        return (w & HIGH) | below2 | question;
    }

    /**
     * A leaf whose key {@link #isPlain is plain}. If such a key equals the Latin-1 bytes of a
     * string plus the terminator, the string is made of the same plain chars (a char above 0xff
     * would have become '?', which a plain key does not contain), and so that string's key.
     */
    static final class PlainLeaf extends Leaf {
        PlainLeaf(Object owner, byte[] key, Object value) {
            super(owner, key, value);
        }

        @Override
        Leaf with(Object owner, Object value) {
            return new PlainLeaf(owner, key, value);
        }
    }
}
