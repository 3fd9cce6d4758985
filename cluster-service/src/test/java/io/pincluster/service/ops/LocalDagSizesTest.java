package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector.ImportSession;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Root sizes from the embedded store, looked up one by one or ahead of a batch's decisions. */
class LocalDagSizesTest {
    @TempDir
    Path dir;
    private EmbeddedConnector connector;
    private LocalDagSizes sizes;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("store")),
                PeerIdentity.generate().peerId());
        // a wait no machine runs out of: these tests are about what is read, the one below about running out
        sizes = new LocalDagSizes(connector, Duration.ofMinutes(1));
    }

    @AfterEach
    void tearDown() {
        sizes.close();
        connector.close();
    }

    private List<Cid> storeRawBlocks(int count) {
        List<Cid> cids = new ArrayList<>();
        try (ImportSession session = connector.openImport()) {
            for (int i = 0; i < count; i++) {
                byte[] block = ("block " + i + " " + "x".repeat(i)).getBytes(StandardCharsets.UTF_8);
                Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(block));
                session.put(cid, block);
                cids.add(cid);
            }
        }
        return cids;
    }

    @Test
    void aPrefetchedBatchIsKnownWithoutReadingTheStoreAgain() throws Exception {
        List<Cid> stored = storeRawBlocks(300);
        Cid absent = Cid.v1(Codec.RAW, Multihash.sha256("not stored".getBytes(StandardCharsets.UTF_8)));
        List<Cid> batch = new ArrayList<>(stored);
        batch.add(absent);

        sizes.prefetch(batch);
        // every block file gone: what sizeOf answers now was read by the prefetch
        try (var files = Files.walk(dir.resolve("store"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".data")).toList()) {
                Files.delete(f);
            }
        }

        for (int i = 0; i < stored.size(); i++) {
            assertThat(sizes.sizeOf(stored.get(i))).as("block %d", i)
                    .isEqualTo(("block " + i + " " + "x".repeat(i)).getBytes(StandardCharsets.UTF_8).length);
        }
        assertThat(sizes.sizeOf(absent)).as("not stored: unknown, and not remembered").isEqualTo(DagSizes.UNKNOWN);
    }

    @Test
    void afterCloseAPrefetchLeavesTheReadsToTheDecisions() {
        List<Cid> stored = storeRawBlocks(100);
        sizes.close();

        sizes.prefetch(stored);

        assertThat(sizes.sizeOf(stored.get(99))).isEqualTo(("block 99 " + "x".repeat(99)).length());
    }

    @Test
    void aBatchWhoseReadsRanOutOfTimeIsDecidedWithUnknownSizesWithoutReadingThem() {
        List<Cid> stored = storeRawBlocks(100);
        LocalDagSizes noTime = new LocalDagSizes(connector, Duration.ZERO);
        try {
            noTime.prefetch(stored);

            for (Cid cid : stored) {
                assertThat(noTime.sizeOf(cid)).as("not read within the batch's wait").isEqualTo(DagSizes.UNKNOWN);
            }
            // a lookup outside any batch still reads
            Cid single = storeRawBlocks(101).get(100);
            assertThat(noTime.sizeOf(single)).isEqualTo(("block 100 " + "x".repeat(100)).length());
        } finally {
            noTime.close();
        }
    }

    @Test
    void aSmallBatchIsLeftToTheDecisionsAndStillAnswered() {
        List<Cid> stored = storeRawBlocks(3);
        sizes.prefetch(stored);
        assertThat(sizes.sizeOf(stored.get(2))).isEqualTo("block 2 xx".length());
    }
}
