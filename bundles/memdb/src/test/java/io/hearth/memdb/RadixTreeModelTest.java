package io.hearth.memdb;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Random;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Property tests: random operation sequences on a tree and a TreeMap must agree on every query,
 * frozen trees must never change afterwards, and the structure must depend on the key set only.
 * Each case runs from a fixed seed, named in the test's display name so a failure replays exactly.
 */
class RadixTreeModelTest {
    private static final int CASES = 60;

    /** Keys from a small alphabet and short lengths, so prefixes, shared paths and splits abound. */
    static byte[] randomKey(Random r) {
        int mode = r.nextInt(10);
        int len = r.nextInt(mode < 7 ? 5 : 12);
        byte[] k = new byte[len];
        for (int i = 0; i < len; i++) {
            // Mostly a narrow alphabet; sometimes any byte so that nodes grow to 48 and 256.
            k[i] = (byte) (mode < 5 ? r.nextInt(3) : mode < 8 ? r.nextInt(60) : r.nextInt(256));
        }
        return k;
    }

    @TestFactory
    Stream<DynamicTest> randomOperationsAgreeWithTreeMap() {
        return IntStream.range(0, CASES).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> runOps(seed)));
    }

    private void runOps(long seed) {
        Random r = new Random(seed);
        NavigableMap<byte[], Integer> model = TreeModel.newMap();
        RadixTree.Editor<Integer> editor = RadixTree.<Integer>empty().edit();
        List<RadixTree<Integer>> frozen = new ArrayList<>();
        List<NavigableMap<byte[], Integer>> frozenModels = new ArrayList<>();
        int ops = 300 + r.nextInt(700);
        for (int op = 0; op < ops; op++) {
            byte[] k = randomKey(r);
            int choice = r.nextInt(100);
            String ctx = "seed " + seed + " op " + op;
            if (choice < 50) {
                int v = r.nextInt(1000);
                assertEquals(model.put(k, v), editor.put(k, v), ctx + " put");
            } else if (choice < 80) {
                assertEquals(model.remove(k), editor.remove(k), ctx + " remove");
            } else if (choice < 97) {
                TreeModel.assertMatches(model, editor, randomKey(r));
            } else {
                frozen.add(editor.freeze());
                NavigableMap<byte[], Integer> copy = TreeModel.newMap();
                copy.putAll(model);
                frozenModels.add(copy);
            }
        }
        RadixTree<Integer> last = editor.freeze();
        last.checkInvariants();
        TreeModel.assertMatches(model, last, randomKey(r));
        for (int i = 0; i < frozen.size(); i++) {
            frozen.get(i).checkInvariants();
            TreeModel.assertMatches(frozenModels.get(i), frozen.get(i), randomKey(r));
        }
    }

    @TestFactory
    Stream<DynamicTest> structureDependsOnlyOnTheKeySet() {
        return IntStream.range(0, CASES).mapToObj(seed -> DynamicTest.dynamicTest("seed " + seed, () -> {
            Random r = new Random(1000 + seed);
            NavigableMap<byte[], Integer> keySet = TreeModel.newMap();
            int n = r.nextInt(400);
            for (int i = 0; i < n; i++) {
                keySet.put(randomKey(r), 1);
            }
            List<byte[]> keys = new ArrayList<>(keySet.keySet());
            // One tree built by straight inserts in one order...
            RadixTree.Editor<Integer> a = RadixTree.<Integer>empty().edit();
            for (byte[] k : keys) {
                a.put(k, 1);
            }
            // ...another in another order, with extra keys inserted and removed again, and
            // freezes in between so that both the copying and the in-place paths are exercised.
            Collections.shuffle(keys, r);
            RadixTree.Editor<Integer> b = RadixTree.<Integer>empty().edit();
            NavigableMap<byte[], Integer> extra = TreeModel.newMap();
            for (byte[] k : keys) {
                b.put(k, 1);
                if (r.nextInt(3) == 0) {
                    byte[] x = randomKey(r);
                    if (!keySet.containsKey(x) && !extra.containsKey(x)) {
                        extra.put(x, 1);
                        b.put(x, 2);
                    }
                }
                if (r.nextInt(20) == 0) {
                    b = b.freeze().edit();
                }
            }
            for (Map.Entry<byte[], Integer> e : extra.entrySet()) {
                b.remove(e.getKey());
            }
            RadixTree<Integer> ta = a.freeze();
            RadixTree<Integer> tb = b.freeze();
            ta.checkInvariants();
            tb.checkInvariants();
            assertEquals(ta.structure(), tb.structure());
        }));
    }
}
