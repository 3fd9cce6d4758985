package io.pincluster.it.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector.PinState;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.ImportedNode;
import io.pincluster.testkit.JsIpfsDaemon;
import io.pincluster.testkit.JsIpfsInstall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.opentest4j.TestAbortedException;

/** {@link KuboConnector} against a real IPFS daemon (js-ipfs 0.66.1 from npm, on loopback). */
class KuboConnectorJsIpfsIT {
    @TempDir
    static Path dir;
    private static JsIpfsDaemon daemon;
    private static KuboConnector kubo;
    private static String skipped;

    @BeforeAll
    static void startDaemon() throws IOException {
        JsIpfsInstall install;
        try {
            install = JsIpfsInstall.get();
        } catch (TestAbortedException e) { // reported on each test below: a class-level abort shows as 0 tests
            skipped = e.getMessage();
            return;
        }
        daemon = JsIpfsDaemon.start(install, dir);
        System.out.println("[js-ipfs] install " + install.installMillis() + " ms (0 = cached), daemon ready in "
                + daemon.startMillis() + " ms");
        kubo = new KuboConnector(KuboConfig.of("127.0.0.1", daemon.apiPort()).withFetchTimeout(Duration.ofSeconds(3)));
    }

    @BeforeEach
    void requireDaemon() {
        Assumptions.assumeTrue(skipped == null, skipped);
    }

    @AfterAll
    static void stopDaemon() {
        if (kubo != null) {
            kubo.close();
        }
        if (daemon != null) {
            daemon.close();
        }
    }

    @Test
    void idNamesTheDaemonAndItsLoopbackAddress() {
        PeerInfo.IpfsInfo id = kubo.id();
        assertTrue(id.id().startsWith("12D3Koo") || id.id().startsWith("Qm"), id.id());
        assertTrue(id.addresses().stream().anyMatch(a -> a.startsWith("/ip4/127.0.0.1/tcp/")
                && a.endsWith("/p2p/" + id.id())), id.addresses().toString());
    }

    @Test
    void importedFileIsPinnedListedReadAndUnpinned() throws IOException {
        byte[] content = new byte[700_000]; // three 256 KiB chunks under a dag-pb root
        new Random(7).nextBytes(content);
        ImportedNode root;
        try (NodeConnector.ImportSession session = kubo.openImport()) {
            root = new FileImporter(ImportOptions.kuboDefaults()).importFile(new ByteArrayInputStream(content),
                    session, n -> { });
        }
        Cid cid = root.cid();
        NodeConnector.RepoStat before = kubo.repoStat();
        assertTrue(before.numObjects() >= 4, "blocks stored: " + before);
        assertTrue(before.repoSize() > content.length, before.toString());
        assertTrue(before.storageMax() > 0, before.toString());

        assertEquals(PinState.UNPINNED, kubo.status(cid));
        kubo.pin(cid, PinMode.RECURSIVE);
        assertEquals(PinState.RECURSIVE, kubo.status(cid));
        assertEquals(PinState.RECURSIVE, kubo.status(cid.toV1()), "the same multihash as CIDv1");
        try (Stream<Cid> pins = kubo.pins()) {
            assertTrue(pins.anyMatch(cid::equals));
        }

        kubo.unpin(cid);
        assertEquals(PinState.UNPINNED, kubo.status(cid));
        assertDoesNotThrow(() -> kubo.unpin(cid), "unpinning what is not pinned is fine");
    }

    @Test
    void rawBlockPutGetAndDirectPin() {
        byte[] data = ("raw block " + System.nanoTime()).getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
        kubo.putBlock(cid, data);
        assertArrayEquals(data, kubo.block(cid));

        kubo.pin(cid, PinMode.DIRECT);
        assertEquals(PinState.DIRECT, kubo.status(cid));
        try (Stream<Cid> pins = kubo.pins()) {
            assertTrue(pins.anyMatch(cid::equals), "direct pins are listed");
        }
        kubo.unpin(cid);
        assertFalse(kubo.status(cid).isPinned());
    }

    @Test
    void contentThatExistsNowhereTimesOut() {
        Cid nowhere = Cid.v1(Codec.RAW, Multihash.sha256(("nowhere " + System.nanoTime())
                .getBytes(StandardCharsets.UTF_8)));
        ClusterException get = assertThrows(ClusterException.class, () -> kubo.block(nowhere));
        assertEquals(ErrorCode.NOT_FOUND, get.code());
        ClusterException pin = assertThrows(ClusterException.class, () -> kubo.pin(nowhere, PinMode.RECURSIVE));
        assertEquals(ErrorCode.TIMEOUT, pin.code(), pin.getMessage());
        assertEquals(PinState.UNPINNED, kubo.status(nowhere));
    }

    @Test
    void carImportStoresEveryBlockWithoutPinning() {
        byte[] data = "block in a car".getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
        byte[] car = singleBlockCar(cid, data);
        assertEquals(List.of(cid), kubo.importCar(new ByteArrayInputStream(car)));
        assertArrayEquals(data, kubo.block(cid));
        assertEquals(PinState.UNPINNED, kubo.status(cid));
    }

    private static byte[] singleBlockCar(Cid cid, byte[] data) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] header = io.pincluster.ipld.car.CarHeaderCodec.encode(List.of(cid));
        io.pincluster.core.cid.Varint.write(header.length, out);
        out.writeBytes(header);
        io.pincluster.core.cid.Varint.write(cid.byteLength() + data.length, out);
        out.writeBytes(cid.bytes());
        out.writeBytes(data);
        return out.toByteArray();
    }
}
