package io.pincluster.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

/**
 * {@link CidSortedMap} against {@link TreeMap} as the model: random inserts, replacements and removals over a key
 * set small enough that leaves split, empty and merge, with keys whose 8-byte heads are equal (identity CIDs sharing
 * a prefix) beside random ones; then the fill of leaves, and readers racing the writer.
 */
class CidSortedMapTest {

    /** Random sha-256 CIDs (distinct heads), identity CIDs with one common head, and CIDv0s, mixed. */
    static Cid key(int n) {
        byte[] label = ("key-" + n).getBytes(StandardCharsets.UTF_8);
        return switch (n % 3) {
            case 0 -> Cid.v1(Codec.RAW, Multihash.sha256(label));
            case 1 -> Cid.v1(Codec.RAW, Multihash.identity(("same-prefix " + n).getBytes(StandardCharsets.UTF_8)));
            default -> Cid.v0(Multihash.sha256(label));
        };
    }

    @Property(tries = 40)
    void behavesAsASortedMap(@ForAll long seed) {
        Random rnd = new Random(seed);
        int universe = 50 + rnd.nextInt(1500);
        List<Cid> keys = new ArrayList<>();
        for (int i = 0; i < universe; i++) {
            keys.add(key(i));
        }
        CidSortedMap<String> map = CidSortedMap.withValues();
        TreeMap<Cid, String> model = new TreeMap<>();
        int ops = 4 * universe;
        for (int op = 0; op < ops; op++) {
            Cid k = keys.get(rnd.nextInt(universe));
            // phases: mostly inserts, then mostly removals, so leaves both split and merge
            boolean insert = op < ops / 2 ? rnd.nextInt(10) < 8 : rnd.nextInt(10) < 2;
            if (insert) {
                String v = "v" + op;
                assertThat(map.put(k, v)).isEqualTo(model.put(k, v));
            } else {
                assertThat(map.remove(k)).isEqualTo(model.remove(k));
            }
            if (op % 97 == 0) {
                assertSame(map, model, keys, rnd);
            }
        }
        assertSame(map, model, keys, rnd);
    }

    private static void assertSame(CidSortedMap<String> map, TreeMap<Cid, String> model, List<Cid> keys, Random rnd) {
        assertThat(map.size()).isEqualTo(model.size());
        assertThat(map.isEmpty()).isEqualTo(model.isEmpty());
        assertThat(map.values()).containsExactlyElementsOf(model.values());
        assertThat(drain(map.keysAfter(null))).containsExactlyElementsOf(model.keySet());
        for (Cid k : keys) {
            assertThat(map.get(k)).isEqualTo(model.get(k));
            assertThat(map.containsKey(k)).isEqualTo(model.containsKey(k));
        }
        for (int i = 0; i < 5; i++) {
            Cid after = keys.get(rnd.nextInt(keys.size()));
            assertThat(drain(map.keysAfter(after))).containsExactlyElementsOf(model.tailMap(after, false).keySet());
            assertThat(drain(map.valuesAfter(after))).containsExactlyElementsOf(model.tailMap(after, false).values());
        }
    }

    private static <T> List<T> drain(Iterator<T> it) {
        List<T> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    @Test
    void aKeyOnlyMapIsASortedSet() {
        CidSortedMap<Void> set = CidSortedMap.keysOnly();
        assertThat(set.addKey(key(1))).isTrue();
        assertThat(set.addKey(key(1))).isFalse();
        assertThat(set.addKey(key(0))).isTrue();
        assertThat(set.containsKey(key(0))).isTrue();
        assertThat(set.containsKey(key(2))).isFalse();
        assertThat(drain(set.keysAfter(null))).isSorted().containsExactlyInAnyOrder(key(0), key(1));
        assertThat(set.removeKey(key(1))).isTrue();
        assertThat(set.removeKey(key(1))).isFalse();
        assertThat(set.size()).isEqualTo(1);
        assertThat(set.removeKey(key(0))).isTrue();
        assertThat(set.isEmpty()).isTrue();
        assertThat(drain(set.keysAfter(null))).isEmpty();
    }

    @Test
    void keysLoadedInOrderFillTheirLeaves() {
        List<Cid> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(key(3 * i));
        }
        Collections.sort(keys);
        CidSortedMap<Void> set = CidSortedMap.keysOnly();
        keys.forEach(set::addKey);
        // a split in halves would leave 1,563 half-full leaves; a snapshot load is in CID order
        assertThat(set.leafCount()).isEqualTo((100_000 + CidSortedMap.LEAF_CAPACITY - 1) / CidSortedMap.LEAF_CAPACITY);
        assertThat(drain(set.keysAfter(null))).containsExactlyElementsOf(keys);
    }

    @Test
    void keysInRandomOrderFillMostOfTheirLeaves() {
        List<Cid> keys = new ArrayList<>();
        for (int i = 0; i < 100_000; i++) {
            keys.add(key(3 * i));
        }
        Collections.shuffle(keys, new Random(3));
        CidSortedMap<Void> set = CidSortedMap.keysOnly();
        keys.forEach(set::addKey);
        double fill = 100_000.0 / (set.leafCount() * CidSortedMap.LEAF_CAPACITY);
        System.out.printf("random order: %d leaves, %.2f full%n", set.leafCount(), fill);
        // splitting in halves alone fills ~0.69 (the B-tree average); passing entries to a neighbour first, more
        assertThat(fill).isGreaterThan(0.78);
    }

    @Test
    void aMapThatShrankMergesItsLeaves() {
        Random rnd = new Random(7);
        List<Cid> keys = new ArrayList<>();
        CidSortedMap<Void> set = CidSortedMap.keysOnly();
        for (int i = 0; i < 50_000; i++) {
            keys.add(key(3 * i));
            set.addKey(keys.get(i));
        }
        int grown = set.leafCount();
        Collections.shuffle(keys, rnd);
        for (Cid k : keys.subList(0, 48_000)) {
            set.removeKey(k);
        }
        assertThat(set.size()).isEqualTo(2_000);
        // without merging the 2,000 keys would stay spread over every leaf of the 50,000
        assertThat(set.leafCount()).isLessThanOrEqualTo(2_000 / 16 + 2).isLessThan(grown / 5);
    }

    @Test
    void readersRacingTheWriterSeeEveryStableKeyInOrder() throws Exception {
        Random rnd = new Random(11);
        CidSortedMap<String> map = CidSortedMap.withValues();
        List<Cid> stable = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            Cid k = key(2 * i);
            stable.add(k);
            map.put(k, "stable " + k);
        }
        List<Cid> churn = new ArrayList<>();
        for (int i = 0; i < 5_000; i++) {
            churn.add(key(2 * i + 1));
        }
        AtomicBoolean writing = new AtomicBoolean(true);
        CountDownLatch started = new CountDownLatch(2);
        ExecutorService readers = Executors.newFixedThreadPool(2);
        try {
            Future<Integer> getter = readers.submit(() -> {
                int rounds = 0;
                Random r = new Random(1);
                started.countDown();
                do {
                    Cid k = stable.get(r.nextInt(stable.size()));
                    assertThat(map.get(k)).isEqualTo("stable " + k);
                    rounds++;
                } while (writing.get());
                return rounds;
            });
            Future<Integer> walker = readers.submit(() -> {
                int walks = 0;
                started.countDown();
                do {
                    Cid previous = null;
                    int seenStable = 0;
                    for (Iterator<String> it = map.valuesAfter(null); it.hasNext(); ) {
                        String v = it.next();
                        Cid k = v.startsWith("stable ") ? Cid.parse(v.substring(7)) : Cid.parse(v.substring(6));
                        if (previous != null) {
                            assertThat(k).isGreaterThan(previous);
                        }
                        previous = k;
                        if (v.startsWith("stable ")) {
                            seenStable++;
                        }
                    }
                    assertThat(seenStable).isEqualTo(stable.size());
                    walks++;
                } while (writing.get());
                return walks;
            });
            assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();
            for (int op = 0; op < 300_000; op++) {
                Cid k = churn.get(rnd.nextInt(churn.size()));
                if (rnd.nextBoolean()) {
                    map.put(k, "churn " + k);
                } else {
                    map.remove(k);
                }
            }
            writing.set(false);
            assertThat(getter.get(60, TimeUnit.SECONDS)).isPositive();
            assertThat(walker.get(60, TimeUnit.SECONDS)).isPositive();
        } finally {
            writing.set(false);
            readers.shutdownNow();
            assertThat(readers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        for (Cid k : stable) {
            assertThat(map.get(k)).isEqualTo("stable " + k);
        }
    }
}
