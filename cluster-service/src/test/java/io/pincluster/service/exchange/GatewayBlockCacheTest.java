package io.pincluster.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway's cache on its own, over real block files in a temporary folder. */
class GatewayBlockCacheTest {
    private static final int KIB = 1024;

    @TempDir
    Path dir;

    private GatewayBlockCache open(long maxBytes) throws IOException {
        return GatewayBlockCache.open(dir.resolve(GatewayBlockCache.FOLDER), maxBytes,
                BlockStoreConfig.DEFAULT_MAX_BLOCK_SIZE, new DagPbLinkReader());
    }

    @Test
    void staysWithinItsBoundOnDiskUnderAStreamOfBlocksFourTimesLarger() throws Exception {
        long bound = 1024 * KIB;
        Map<Cid, byte[]> written = new LinkedHashMap<>();
        try (GatewayBlockCache cache = open(bound)) {
            for (int i = 0; i < 64; i++) {
                byte[] block = random(i, 40 * KIB + i * 1000); // 4.5 MiB in all, sizes differing
                Cid cid = cidOf(block);
                cache.put(cid, block);
                written.put(cid, block);
                assertThat(cache.bytes()).isLessThanOrEqualTo(bound);
                assertThat(bytesOnDisk()).as("after block %d", i).isLessThanOrEqualTo(bound);
            }

            assertThat(cache.stats().evictionCount()).isGreaterThan(32);
            assertThat(cache.bytes()).isEqualTo(bytesOnDisk()).isGreaterThan(bound / 2);
            long kept = 0;
            for (Map.Entry<Cid, byte[]> e : written.entrySet()) {
                byte[] read = cache.get(e.getKey());
                if (read != null) {
                    assertThat(read).isEqualTo(e.getValue());
                    kept++;
                }
            }
            assertThat(kept).isEqualTo(cache.blocks()).isBetween(10L, 25L);
        }
    }

    @Test
    void countsHitsAndMissesOfReadsButNotOfPeeks() throws Exception {
        byte[] block = random(1, 10 * KIB);
        Cid cid = cidOf(block);
        try (GatewayBlockCache cache = open(1024 * KIB)) {
            assertThat(cache.get(cid)).isNull();
            cache.put(cid, block);
            assertThat(cache.get(cid)).isEqualTo(block);
            assertThat(cache.peek(cid)).isEqualTo(block);
            assertThat(cache.peek(cidOf(random(2, 10)))).isNull();

            assertThat(cache.stats().hitCount()).isEqualTo(1);
            assertThat(cache.stats().missCount()).isEqualTo(1);
            assertThat(cache.holds(cid)).isTrue();
        }
    }

    @Test
    void keepsItsBlocksAcrossARestartWithinTheBoundItReopensWith() throws Exception {
        List<Cid> cids = new ArrayList<>();
        try (GatewayBlockCache cache = open(2048 * KIB)) {
            for (int i = 0; i < 10; i++) {
                byte[] block = random(100 + i, 100 * KIB);
                cids.add(cidOf(block));
                cache.put(cidOf(block), block);
            }
            assertThat(cache.blocks()).isEqualTo(10);
        }

        try (GatewayBlockCache same = open(2048 * KIB)) {
            assertThat(same.blocks()).isEqualTo(10);
            assertThat(cids).allMatch(c -> same.get(c) != null);
        }
        try (GatewayBlockCache smaller = open(300 * KIB)) {
            assertThat(smaller.blocks()).isEqualTo(3);
            assertThat(bytesOnDisk()).isLessThanOrEqualTo(300 * KIB);
        }
        try (GatewayBlockCache off = open(0)) {
            assertThat(off.blocks()).isZero();
            assertThat(bytesOnDisk()).isZero();
        }
    }

    @Test
    void sizeZeroKeepsNothing() throws Exception {
        byte[] block = random(3, 10 * KIB);
        try (GatewayBlockCache cache = open(0)) {
            cache.put(cidOf(block), block);

            assertThat(cache.get(cidOf(block))).isNull();
            assertThat(cache.blocks()).isZero();
            assertThat(bytesOnDisk()).isZero();
        }
    }

    @Test
    void aBlockWhoseFileVanishedIsAMissAndLeavesTheCache() throws Exception {
        byte[] block = random(4, 10 * KIB);
        Cid cid = cidOf(block);
        try (GatewayBlockCache cache = open(1024 * KIB)) {
            cache.put(cid, block);
            for (Path f : blockFiles()) {
                Files.delete(f);
            }

            assertThat(cache.get(cid)).isNull();
            assertThat(cache.holds(cid)).isFalse();
            assertThat(cache.bytes()).isZero();
        }
    }

    private long bytesOnDisk() throws IOException {
        return blockFiles().stream().mapToLong(f -> {
            try {
                return Files.size(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).sum();
    }

    private List<Path> blockFiles() throws IOException {
        Path blocks = dir.resolve(GatewayBlockCache.FOLDER).resolve("blocks");
        if (!Files.exists(blocks)) {
            return List.of();
        }
        try (Stream<Path> files = Files.walk(blocks)) {
            return files.filter(f -> f.toString().endsWith(".data")).toList();
        }
    }

    private static Cid cidOf(byte[] block) {
        return Cid.v1(Codec.RAW, Multihash.sha256(block));
    }

    private static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < size; i++) {
            data[i] = (byte) r.nextInt(256);
        }
        return data;
    }
}
