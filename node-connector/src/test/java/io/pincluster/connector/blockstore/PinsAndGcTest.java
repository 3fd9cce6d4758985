package io.pincluster.connector.blockstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.block.PinnedBlockException;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.testing.BlockUniverse;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PinsAndGcTest {
    @TempDir
    Path dir;

    private EmbeddedBlockStore open() throws IOException {
        return EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir), new DagPbLinkReader());
    }

    /** leaf1, leaf2 <- mid <- root, plus an unrelated block. */
    private static final class SmallDag {
        final BlockUniverse u = new BlockUniverse();
        final Cid leaf1 = u.addRaw(new byte[] {1});
        final Cid leaf2 = u.addRaw(new byte[] {2});
        final Cid mid = u.addNode(List.of(leaf1, leaf2), new byte[] {3}, false);
        final Cid root = u.addNode(List.of(mid), new byte[] {4}, true);
        final Cid stray = u.addRaw(new byte[] {5});
    }

    @Test
    void recursivePinRequiresTheWholeDagAndRecordsNothingOtherwise() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            store.put(d.root, d.u.data(d.root));
            store.put(d.mid, d.u.data(d.mid));
            store.put(d.leaf1, d.u.data(d.leaf1));
            assertThatThrownBy(() -> store.pin(d.root, PinMode.RECURSIVE))
                    .isInstanceOfSatisfying(IncompleteDagException.class, e -> {
                        assertThat(e.root()).isEqualTo(d.root);
                        assertThat(e.firstMissing()).isEqualTo(d.leaf2);
                    });
            assertThat(store.isPinned(d.root)).isFalse();
            assertThat(store.missingBlocks(d.root)).containsExactly(d.leaf2);
            store.put(d.leaf2, d.u.data(d.leaf2));
            store.pin(d.root, PinMode.RECURSIVE);
            assertThat(store.pinMode(d.root)).hasValue(PinMode.RECURSIVE);
            assertThat(store.missingBlocks(d.root)).isEmpty();
        }
    }

    @Test
    void directPinNeedsOnlyTheRootAndRecursiveWins() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            assertThatThrownBy(() -> store.pin(d.root, PinMode.DIRECT)).isInstanceOf(BlockNotFoundException.class);
            store.put(d.root, d.u.data(d.root));
            store.pin(d.root, PinMode.DIRECT);
            assertThat(store.pinMode(d.root)).hasValue(PinMode.DIRECT);
            d.u.putAll(store);
            store.pin(d.root, PinMode.RECURSIVE);
            store.pin(d.root, PinMode.DIRECT);
            assertThat(store.pinMode(d.root)).hasValue(PinMode.RECURSIVE);
        }
    }

    @Test
    void pinsSurviveReopenAndUnpinIsDurable() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            d.u.putAll(store);
            store.pin(d.root, PinMode.RECURSIVE);
            store.pin(d.stray, PinMode.DIRECT);
            store.pin(d.leaf1, PinMode.DIRECT);
            assertThat(store.unpin(d.leaf1)).isTrue();
            assertThat(store.unpin(d.leaf1)).isFalse();
        }
        try (EmbeddedBlockStore store = open()) {
            assertThat(store.listPins()).isEqualTo(Map.of(d.root, PinMode.RECURSIVE, d.stray, PinMode.DIRECT));
        }
    }

    @Test
    void gcKeepsRecursiveDagsWholeAndDirectRootsOnly() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            d.u.putAll(store);
            store.pin(d.mid, PinMode.DIRECT);
            GcResult first = store.collectGarbage();
            assertThat(first.removed()).containsExactlyInAnyOrder(d.leaf1.multihash(), d.leaf2.multihash(),
                    d.root.multihash(), d.stray.multihash());
            assertThat(first.bytesFreed()).isEqualTo(d.u.data(d.leaf1).length + d.u.data(d.leaf2).length
                    + d.u.data(d.root).length + d.u.data(d.stray).length);
            assertThat(store.has(d.mid)).isTrue();
            assertThat(store.stats().repoSize()).isEqualTo(d.u.data(d.mid).length);

            d.u.putAll(store);
            store.pin(d.root, PinMode.RECURSIVE);
            GcResult second = store.collectGarbage();
            assertThat(second.removed()).containsExactly(d.stray.multihash());
            assertThat(store.missingBlocks(d.root)).isEmpty();

            store.unpin(d.root);
            store.unpin(d.mid);
            store.collectGarbage();
            assertThat(store.stats()).isEqualTo(new StoreStats(0, BlockStoreConfig.DEFAULT_STORAGE_MAX, 0));
        }
    }

    @Test
    void gcKeepsTheDagsOfRootsTheCallerIsAboutToPin() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            d.u.putAll(store);
            // root is allocated here but not pinned yet (an /add's blocks before the tracker pins them)
            GcResult kept = store.collectGarbage(() -> java.util.stream.Stream.of(d.root));
            assertThat(kept.removed()).containsExactly(d.stray.multihash());
            assertThat(store.missingBlocks(d.root)).isEmpty();

            GcResult unkept = store.collectGarbage();
            assertThat(unkept.removed()).containsExactlyInAnyOrder(d.root.multihash(), d.mid.multihash(),
                    d.leaf1.multihash(), d.leaf2.multihash());
        }
    }

    @Test
    void deletingAPinnedRootIsRefusedButAnInnerBlockShowsUpAsMissing() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            d.u.putAll(store);
            store.pin(d.root, PinMode.RECURSIVE);
            assertThatThrownBy(() -> store.delete(d.root.toV1())).isInstanceOf(PinnedBlockException.class);
            store.delete(d.mid);
            assertThat(store.missingBlocks(d.root)).containsExactly(d.mid);
        }
    }

    @Test
    void withoutASessionAGcBetweenPutAndPinMakesThePinFailCleanly() throws IOException {
        SmallDag d = new SmallDag();
        try (EmbeddedBlockStore store = open()) {
            d.u.putAll(store);
            store.collectGarbage();
            assertThatThrownBy(() -> store.pin(d.root, PinMode.RECURSIVE)).isInstanceOf(IncompleteDagException.class);
            assertThat(store.listPins()).isEmpty();
            try (WriteSession session = store.writeSession()) {
                for (Cid cid : d.u.blocks()) {
                    session.put(cid, d.u.data(cid));
                }
                assertThat(store.collectGarbage().removed()).isEmpty();
                store.pin(d.root, PinMode.RECURSIVE);
            }
            assertThat(store.collectGarbage().removed()).containsExactly(d.stray.multihash());
        }
    }

    @Test
    void randomDagsGcKeepsExactlyWhatPinsReach() throws IOException {
        for (long seed = 0; seed < 10; seed++) {
            Random r = new Random(seed);
            Path sub = dir.resolve("s" + seed);
            try (EmbeddedBlockStore store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(sub),
                    new DagPbLinkReader())) {
                BlockUniverse u = BlockUniverse.random(r, 3 + r.nextInt(12), 3 + r.nextInt(20), 300);
                u.putAll(store);
                Set<Multihash> expected = new HashSet<>();
                for (Cid node : u.innerNodes()) {
                    int choice = r.nextInt(4);
                    if (choice == 0) {
                        store.pin(node, PinMode.RECURSIVE);
                        expected.addAll(u.reachable(node));
                    } else if (choice == 1) {
                        store.pin(node, PinMode.DIRECT);
                        expected.add(node.multihash());
                    }
                }
                Set<Multihash> all = new HashSet<>();
                u.blocks().forEach(c -> all.add(c.multihash()));
                GcResult result = store.collectGarbage();
                Set<Multihash> kept = new HashSet<>();
                store.keys().forEachRemaining(kept::add);
                assertThat(kept).as("seed %d", seed).isEqualTo(expected);
                Set<Multihash> removed = new HashSet<>(all);
                removed.removeAll(expected);
                assertThat(result.removed()).as("seed %d", seed).containsExactlyInAnyOrderElementsOf(removed);
                for (Map.Entry<Cid, PinMode> pin : store.listPins().entrySet()) {
                    if (pin.getValue() == PinMode.RECURSIVE) {
                        assertThat(store.missingBlocks(pin.getKey())).isEmpty();
                    }
                }
            }
        }
    }

    @Test
    void blocksPutAndPinnedWhileGcRunsAreNeverCollected() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (EmbeddedBlockStore store = open()) {
            Random r = new Random(42);
            List<Cid> pinnedRoots = new ArrayList<>();
            List<BlockUniverse> dags = new ArrayList<>();
            for (int round = 0; round < 8; round++) {
                for (int i = 0; i < 5; i++) {
                    byte[] junk = BlockUniverse.randomBytes(r, 200);
                    store.put(new BlockUniverse().addRaw(junk), junk);
                }
                BlockUniverse u = BlockUniverse.random(r, 15, 12, 500);
                Cid root = u.innerNodes().get(u.innerNodes().size() - 1);
                dags.add(u);
                Future<?> writer = pool.submit(() -> {
                    try (WriteSession session = store.writeSession()) {
                        for (Cid cid : u.blocks()) {
                            session.put(cid, u.data(cid));
                        }
                        store.pin(root, PinMode.RECURSIVE);
                    }
                    return null;
                });
                Future<GcResult> gc = pool.submit(() -> store.collectGarbage());
                writer.get(30, TimeUnit.SECONDS);
                gc.get(30, TimeUnit.SECONDS);
                pinnedRoots.add(root);
                for (Cid pinned : pinnedRoots) {
                    assertThat(store.missingBlocks(pinned)).as("round %d", round).isEmpty();
                }
            }
            store.collectGarbage();
            long expectedBlocks = pinnedRoots.stream().flatMap(root -> dags.stream()
                    .filter(u -> u.blocks().contains(root)).map(u -> u.reachable(root)))
                    .flatMap(Set::stream).distinct().count();
            assertThat(store.stats().blockCount()).isEqualTo(expectedBlocks);
        } finally {
            pool.shutdownNow();
            assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        }
    }
}
