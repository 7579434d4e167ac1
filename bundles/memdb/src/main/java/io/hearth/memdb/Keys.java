package io.hearth.memdb;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Order-preserving encodings of values into index keys: comparing two encoded keys as unsigned
 * bytes gives the same order as comparing the values.
 *
 * <p>Strings are encoded as UTF-8 (so they order by Unicode code point; this differs from {@link
 * String#compareTo} only between supplementary characters and U+E000..U+FFFF) with byte 0x00
 * escaped as 0x01 0x01 and byte 0x01 as 0x01 0x02, so that 0x00 never occurs inside. {@link
 * #string} appends a 0x00 terminator: no such key is a prefix of another, which makes a prefix
 * scan over it an exact-match scan, and lets keys be concatenated ({@link #concat}) while
 * keeping their order part by part. {@link #stringPrefix} leaves the terminator out for "starts
 * with" scans. Unpaired surrogates encode as '?', as in {@link String#getBytes}.
 *
 * <p>All methods return a new array and are thread-safe.
 */
public final class Keys {
    private Keys() {
    }

    /**
     * The exact-match key of {@code s}: escaped UTF-8 plus a 0x00 terminator.
     *
     * @throws NullPointerException if s is null
     */
    public static byte[] string(String s) {
        return encode(s, true);
    }

    /**
     * The prefix-scan key of {@code s}: escaped UTF-8 without terminator. {@code stringPrefix(p)}
     * is a prefix of {@code string(s)} exactly when {@code s.startsWith(p)}.
     */
    public static byte[] stringPrefix(String s) {
        return encode(s, false);
    }

    /** {@link #string} of {@code s} lower-cased in {@link Locale#ROOT}: for case-insensitive indexes. */
    public static byte[] lowerCase(String s) {
        return string(s.toLowerCase(Locale.ROOT));
    }

    /** {@link #stringPrefix} of {@code s} lower-cased in {@link Locale#ROOT}. */
    public static byte[] lowerCasePrefix(String s) {
        return stringPrefix(s.toLowerCase(Locale.ROOT));
    }

    /** 8 bytes, big-endian: orders as unsigned 64-bit integers. */
    public static byte[] uint64(long v) {
        byte[] b = new byte[8];
        for (int i = 7; i >= 0; i--) {
            b[i] = (byte) v;
            v >>>= 8;
        }
        return b;
    }

    /** The parts one after another. */
    public static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    @SuppressWarnings("deprecation") // getBytes(int,int,byte[],int): a bulk copy of Latin-1 chars
    private static byte[] encode(String s, boolean terminate) {
        int n = s.length();
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (c < 2 || c >= 0x80) {
                break;
            }
            i++;
        }
        int extra = terminate ? 1 : 0;
        if (i == n) { // plain ASCII without 0x00/0x01 (ids, names): one allocation, no escaping
            byte[] out = new byte[n + extra];
            s.getBytes(0, n, out, 0);
            return out;
        }
        byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
        int escapes = 0;
        for (byte b : utf8) {
            if (b == 0 || b == 1) {
                escapes++;
            }
        }
        byte[] out = new byte[utf8.length + escapes + extra];
        int o = 0;
        for (byte b : utf8) {
            if (b == 0 || b == 1) {
                out[o++] = 1;
                out[o++] = (byte) (b + 1);
            } else {
                out[o++] = b;
            }
        }
        return out;
    }
}
