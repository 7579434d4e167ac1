package io.hearth.memdb;

import static io.hearth.memdb.TreeModel.bytes;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeysTest {
    /** Strings rich in the bytes that need care: 0x00, 0x01, 0x02, and multi-byte UTF-8. */
    private static String randomString(Random r) {
        char[] alphabet = {'\u0000', '\u0001', '\u0002', 'a', 'b', 'z', '\u00e9', '\u20ac', '\uffff'};
        StringBuilder sb = new StringBuilder();
        int n = r.nextInt(5);
        for (int i = 0; i < n; i++) {
            if (r.nextInt(10) == 0) {
                sb.appendCodePoint(0x1F600 + r.nextInt(3)); // a supplementary character
            } else {
                sb.append(alphabet[r.nextInt(alphabet.length)]);
            }
        }
        return sb.toString();
    }

    private static int sign(int x) {
        return Integer.signum(x);
    }

    @Test
    void escapedStringsOrderLikeTheirUtf8Bytes() {
        Random r = new Random(42);
        for (int i = 0; i < 20_000; i++) {
            String a = randomString(r);
            String b = randomString(r);
            int expected = Arrays.compareUnsigned(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
            assertEquals(sign(expected), sign(Arrays.compareUnsigned(Keys.string(a), Keys.string(b))), a + " vs " + b);
            assertEquals(sign(expected), sign(Arrays.compareUnsigned(Keys.stringPrefix(a), Keys.stringPrefix(b))),
                    a + " vs " + b + " (prefix form)");
        }
    }

    @Test
    void asciiStringsOrderLikeStringCompareTo() {
        List<String> words = new ArrayList<>(List.of("", "a", "ab", "abc", "b", "B", "a b", "a-", "zz", "Z"));
        for (String a : words) {
            for (String b : words) {
                assertEquals(sign(a.compareTo(b)), sign(Arrays.compareUnsigned(Keys.string(a), Keys.string(b))));
            }
        }
    }

    @Test
    void zeroAndOneBytesAreEscapedAndATerminatorAppended() {
        assertArrayEquals(bytes('a', 0), Keys.string("a"));
        assertArrayEquals(bytes(0), Keys.string(""));
        assertArrayEquals(bytes(1, 1, 1, 2, 2, 0), Keys.string("\u0000\u0001\u0002"));
        assertArrayEquals(bytes(1, 1, 1, 2, 2), Keys.stringPrefix("\u0000\u0001\u0002"));
        assertArrayEquals(bytes(0xc3, 0xa9, 0), Keys.string("\u00e9"));
        for (byte b : Arrays.copyOf(Keys.string("x\u0000y\u0000"), Keys.string("x\u0000y\u0000").length - 1)) {
            assertTrue(b != 0, "no 0x00 inside an encoded string");
        }
    }

    @Test
    void anExactKeyIsNeverAPrefixOfAnotherExactKey() {
        Random r = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            String a = randomString(r);
            String b = randomString(r);
            byte[] ka = Keys.string(a);
            byte[] kb = Keys.string(b);
            boolean prefix = kb.length >= ka.length && Arrays.equals(ka, 0, ka.length, kb, 0, ka.length);
            assertEquals(a.equals(b), prefix, a + " / " + b);
        }
    }

    @Test
    void aPrefixKeyIsAPrefixOfExactlyTheStringsStartingWithIt() {
        Random r = new Random(8);
        for (int i = 0; i < 20_000; i++) {
            String p = randomString(r);
            String s = r.nextBoolean() ? p + randomString(r) : randomString(r);
            byte[] kp = Keys.stringPrefix(p);
            byte[] ks = Keys.string(s);
            boolean prefix = ks.length >= kp.length && Arrays.equals(kp, 0, kp.length, ks, 0, kp.length);
            assertEquals(s.startsWith(p), prefix, p + " / " + s);
        }
    }

    @Test
    void lowerCaseUsesTheRootLocale() {
        assertArrayEquals(Keys.string("title"), Keys.lowerCase("TITLE"));
        assertArrayEquals(Keys.stringPrefix("ti"), Keys.lowerCasePrefix("TI"));
    }

    @Test
    void uint64OrdersAsUnsigned() {
        long[] values = {0, 1, 255, 256, Long.MAX_VALUE, Long.MIN_VALUE, -1};
        for (long a : values) {
            for (long b : values) {
                assertEquals(sign(Long.compareUnsigned(a, b)), sign(Arrays.compareUnsigned(Keys.uint64(a), Keys.uint64(b))));
            }
        }
        assertArrayEquals(bytes(0, 0, 0, 0, 0, 0, 1, 2), Keys.uint64(258));
    }

    @Test
    void concatJoinsParts() {
        assertArrayEquals(bytes(1, 2, 3), Keys.concat(bytes(1), bytes(), bytes(2, 3)));
        assertFalse(Keys.concat().length > 0);
    }
}
