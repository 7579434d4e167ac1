package io.hearth.memdb.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LeafTest {

    /** The definition, one byte at a time: 0x02-0x7f but '?', then the terminator. */
    private static boolean plainByDefinition(byte[] key) {
        if (key.length == 0 || key[key.length - 1] != 0) {
            return false;
        }
        for (int i = 0; i < key.length - 1; i++) {
            int c = key[i] & 0xff;
            if (c < 2 || c > 0x7f || c == '?') {
                return false;
            }
        }
        return true;
    }

    @Test
    void isPlainAgreesWithTheBytewiseDefinitionOnRandomKeysOfEveryLengthUpTo40() {
        SplittableRandom random = new SplittableRandom(41);
        byte[] odd = {0, 1, 2, '?', '>', '@', 0x7f, (byte) 0x80, (byte) 0xff, 'a'};
        for (int round = 0; round < 200_000; round++) {
            byte[] key = new byte[random.nextInt(41)];
            for (int i = 0; i < key.length; i++) {
                key[i] = (byte) ('0' + random.nextInt(40));
            }
            // Mostly plain keys, with one or two odd bytes placed anywhere (the terminator too).
            for (int k = random.nextInt(3); k > 0 && key.length > 0; k--) {
                key[random.nextInt(key.length)] = odd[random.nextInt(odd.length)];
            }
            if (key.length > 0 && random.nextInt(4) > 0) {
                key[key.length - 1] = 0;
            }
            assertEquals(plainByDefinition(key), Leaf.isPlain(key), () -> java.util.Arrays.toString(key));
        }
    }

    @Test
    void aLeafKeepsItsKindWhenItsValueIsReplaced() {
        Leaf plain = Leaf.of("t1", new byte[] {'a', 'b', 0}, "v");
        Leaf escaped = Leaf.of("t1", new byte[] {'a', 1, 2, 0}, "v");
        assertInstanceOf(Leaf.PlainLeaf.class, plain);
        assertEquals(Leaf.class, escaped.getClass());
        assertInstanceOf(Leaf.PlainLeaf.class, plain.with("t2", "w"));
        assertEquals(Leaf.class, escaped.with("t2", "w").getClass());
        assertEquals("w", plain.with("t2", "w").value);
    }
}
