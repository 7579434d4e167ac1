package io.hearth.memdb;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Extracts an object's keys for one index. Emitting no key leaves the object out of the index;
 * emitting several makes a multi-valued index (the object is found under each).
 *
 * <p>Keys of a non-unique index should be prefix-free (no key a proper prefix of another), as
 * the {@link Keys} encodings are: lookups by key are prefix scans over the stored keys, which
 * are the indexer key followed by the object's id. An indexer must be a pure function of the
 * object and must not keep the emitted arrays: they become the index's own.
 *
 * @param <T> the object type
 */
@FunctionalInterface
public interface Indexer<T> {
    /** Passes each key of {@code object} for this index to {@code sink}. */
    void keys(T object, Consumer<byte[]> sink);

    /** One key, {@link Keys#string} of {@code f(o)}; no key if it is null or empty. */
    static <T> Indexer<T> string(Function<T, String> f) {
        Objects.requireNonNull(f);
        return (o, sink) -> {
            String s = f.apply(o);
            if (s != null && !s.isEmpty()) {
                sink.accept(Keys.string(s));
            }
        };
    }

    /** One key, {@link Keys#lowerCase} of {@code f(o)}; no key if it is null or empty. */
    static <T> Indexer<T> lowerCase(Function<T, String> f) {
        Objects.requireNonNull(f);
        return (o, sink) -> {
            String s = f.apply(o);
            if (s != null && !s.isEmpty()) {
                sink.accept(Keys.lowerCase(s));
            }
        };
    }

    /** {@link Keys#string} of every non-null, non-empty element of {@code f(o)} (null: no key). */
    static <T> Indexer<T> strings(Function<T, ? extends Collection<String>> f) {
        Objects.requireNonNull(f);
        return (o, sink) -> {
            Collection<String> all = f.apply(o);
            if (all != null) {
                for (String s : all) {
                    if (s != null && !s.isEmpty()) {
                        sink.accept(Keys.string(s));
                    }
                }
            }
        };
    }

    /**
     * Every combination of the parts' keys, concatenated in part order (the cartesian product);
     * no key if any part emits none.
     *
     * @throws IllegalArgumentException if there are no parts
     */
    @SafeVarargs
    static <T> Indexer<T> compound(Indexer<T>... parts) {
        if (parts.length == 0) {
            throw new IllegalArgumentException("a compound indexer needs at least one part");
        }
        Indexer<T>[] copy = parts.clone();
        for (Indexer<T> p : copy) {
            Objects.requireNonNull(p, "part");
        }
        return (o, sink) -> {
            List<byte[]> acc = new ArrayList<>();
            acc.add(new byte[0]);
            for (Indexer<T> part : copy) {
                List<byte[]> keys = new ArrayList<>(1);
                part.keys(o, keys::add);
                if (keys.isEmpty()) {
                    return;
                }
                List<byte[]> next = new ArrayList<>(acc.size() * keys.size());
                for (byte[] a : acc) {
                    for (byte[] k : keys) {
                        next.add(Keys.concat(a, k));
                    }
                }
                acc = next;
            }
            acc.forEach(sink);
        };
    }
}
