package io.pincluster.connector.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.MissingBlocksException;
import io.pincluster.core.component.NodeConnector.PinState;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedConnectorTest {
    // The libp2p spec's Ed25519 test key's peer ID.
    private static final PeerId SELF = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    private static final ImportOptions SMALL_CHUNKS = ImportOptions.kuboDefaults().withChunkSize(1024);

    @TempDir
    Path dir;
    private EmbeddedConnector connector;

    @BeforeEach
    void open() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
    }

    @AfterEach
    void close() {
        connector.close();
    }

    private static byte[] content(int size) {
        byte[] b = new byte[size];
        new Random(42).nextBytes(b);
        return b;
    }

    @Test
    void importedDagPinsRecursivelyAndIsListedAndCounted() throws Exception {
        ImportedNode root;
        try (NodeConnector.ImportSession session = connector.openImport()) {
            root = new FileImporter(SMALL_CHUNKS).importFile(new ByteArrayInputStream(content(5000)), session, null);
        }

        connector.pin(root.cid(), PinMode.RECURSIVE);

        assertThat(connector.status(root.cid())).isEqualTo(PinState.RECURSIVE);
        assertThat(connector.pins()).containsExactly(root.cid());
        assertThat(connector.repoStat().numObjects()).isEqualTo(6); // 5 leaves + root
        assertThat(connector.repoStat().repoSize()).isGreaterThan(5000);
        assertThat(connector.block(root.cid())).isNotEmpty();
        assertThat(connector.id().id()).isEqualTo(SELF.value());

        connector.unpin(root.cid());
        assertThat(connector.status(root.cid())).isEqualTo(PinState.UNPINNED);
        assertThat(connector.pins()).isEmpty();
    }

    @Test
    void incompleteDagIsRefusedNamingTheMissingBlocks() throws Exception {
        List<Cid> dropped = new ArrayList<>();
        ImportedNode root;
        try (NodeConnector.ImportSession session = connector.openImport()) {
            root = new FileImporter(SMALL_CHUNKS).importFile(new ByteArrayInputStream(content(3000)),
                    (cid, block) -> {
                        if (dropped.isEmpty()) {
                            dropped.add(cid); // lose the first leaf
                        } else {
                            session.put(cid, block);
                        }
                    }, null);
        }

        assertThatThrownBy(() -> connector.pin(root.cid(), PinMode.RECURSIVE))
                .isInstanceOfSatisfying(MissingBlocksException.class, e -> {
                    assertThat(e.missing()).containsExactlyElementsOf(dropped);
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).contains(dropped.get(0).toString());
                });
        assertThat(connector.status(root.cid())).isEqualTo(PinState.UNPINNED);
        // The root alone is present, so a direct pin works.
        connector.pin(root.cid(), PinMode.DIRECT);
        assertThat(connector.status(root.cid())).isEqualTo(PinState.DIRECT);
    }

    @Test
    void missingBlockReadIsNotFoundAndBadCarIsBadRequest() {
        Cid absent = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
        assertThatThrownBy(() -> connector.block(absent))
                .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> connector.importCar(new ByteArrayInputStream(new byte[] {1, 2, 3})))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void findBlockAnswersAMissWithEmptyAndAStoredBlockWithTheSameBytesAsBlock() throws Exception {
        ImportedNode root;
        try (NodeConnector.ImportSession session = connector.openImport()) {
            root = new FileImporter(SMALL_CHUNKS).importFile(new ByteArrayInputStream(content(500)), session, null);
        }
        Cid absent = Cid.parse("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");

        assertThat(connector.findBlock(root.cid())).hasValueSatisfying(b ->
                assertThat(b).isEqualTo(connector.block(root.cid())));
        assertThat(connector.findBlock(absent)).isEmpty();
        assertThatThrownBy(() -> connector.block(absent)).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }
}
