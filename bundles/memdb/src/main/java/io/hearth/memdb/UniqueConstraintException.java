package io.hearth.memdb;

/**
 * An insert would give a unique index key to a second object. Thrown before anything changed.
 */
public final class UniqueConstraintException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient Index<?> index;
    private final byte[] key;
    private final transient Object existing;

    UniqueConstraintException(Index<?> index, byte[] key, Object existing, String existingId) {
        super("unique index " + index + ": key " + render(key) + " is held by " + existingId);
        this.index = index;
        this.key = key;
        this.existing = existing;
    }

    /** The unique index whose key is taken. */
    public Index<?> index() {
        return index;
    }

    /** The indexer key in conflict (a copy). */
    public byte[] key() {
        return key.clone();
    }

    /** The object that holds the key. */
    public Object existing() {
        return existing;
    }

    /** Printable ASCII as text, other bytes as \xNN; the string terminator is left out. */
    private static String render(byte[] key) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < key.length; i++) {
            int b = key[i] & 0xff;
            if (b == 0 && i == key.length - 1) {
                break;
            }
            if (b >= 0x20 && b < 0x7f && b != '"' && b != '\\') {
                sb.append((char) b);
            } else {
                sb.append(String.format("\\x%02x", b));
            }
        }
        return sb.append('"').toString();
    }
}
