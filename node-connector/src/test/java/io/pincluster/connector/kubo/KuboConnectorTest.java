package io.pincluster.connector.kubo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector.PinState;
import io.pincluster.core.component.NodeConnector.RepoStat;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.PinMode;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The connector against a scripted fake daemon: the parsing quirks of Kubo and js-ipfs, errors and timeouts. */
class KuboConnectorTest {
    private static final byte[] DATA = "hello kubo".getBytes(StandardCharsets.UTF_8);
    private static final Cid RAW = Cid.v1(Codec.RAW, Multihash.sha256(DATA));
    private static final Cid V0 = Cid.v0(Multihash.sha256("a dag-pb node".getBytes(StandardCharsets.UTF_8)));

    private FakeKubo kubo;
    private KuboConnector connector;

    @BeforeEach
    void start() throws IOException {
        kubo = new FakeKubo();
        connector = new KuboConnector(kubo.config(Duration.ofMillis(500)));
    }

    @AfterEach
    void stop() {
        connector.close();
        kubo.close();
    }

    @Test
    void repoStatAcceptsNumbersAndNumbersAsStrings() {
        kubo.on("repo/stat", FakeKubo.json(200, "{\"NumObjects\":\"7\",\"RepoSize\":\"1050686\",\"RepoPath\":\"/r\","
                + "\"Version\":\"12\",\"StorageMax\":\"9007199254740991\"}"));
        assertEquals(new RepoStat(1050686, 9007199254740991L, 7), connector.repoStat());

        kubo.on("repo/stat", FakeKubo.json(200, "{\"NumObjects\":7,\"RepoSize\":1050686,\"StorageMax\":10000000000}"));
        assertEquals(new RepoStat(1050686, 10_000_000_000L, 7), connector.repoStat());
        assertTrue(kubo.requests().stream().allMatch(r -> r.method().equals("POST")), "every call is a POST");
    }

    @Test
    void repoStatWithGarbageNumberIsATypedError() {
        kubo.on("repo/stat", FakeKubo.json(200, "{\"NumObjects\":\"seven\",\"RepoSize\":1,\"StorageMax\":1}"));
        ClusterException e = assertThrows(ClusterException.class, () -> connector.repoStat());
        assertTrue(e.getMessage().contains("NumObjects"), e.getMessage());
    }

    @Test
    void statusMatchesCidsByMultihashWhateverTheDaemonPrints() {
        // js-ipfs prints CIDv1 in base58btc (zb2rh...) although we asked in base32
        String printed = RAW.toString(Multibase.BASE58BTC);
        assertTrue(printed.startsWith("zb2rh"), printed);
        kubo.on("pin/ls", FakeKubo.json(200, "{\"Keys\":{\"" + printed + "\":{\"Type\":\"recursive\"}}}"));
        assertEquals(PinState.RECURSIVE, connector.status(RAW));
        FakeKubo.Request r = kubo.requests("pin/ls").get(0);
        assertEquals(RAW.toString(), r.param("arg"));
        assertEquals("500ms", r.param("timeout"), "pin/ls carries timeout=");

        // asked by CIDv1, printed as CIDv0: the same multihash
        Cid v1 = V0.toV1();
        kubo.on("pin/ls", FakeKubo.json(200, "{\"Keys\":{\"" + V0 + "\":{\"Type\":\"direct\"}}}"));
        assertEquals(PinState.DIRECT, connector.status(v1));
    }

    @Test
    void notPinnedErrorAndIndirectPinsReadAsUnpinned() {
        kubo.on("pin/ls", FakeKubo.error(500, "path '" + V0 + "' is not pinned"));
        assertEquals(PinState.UNPINNED, connector.status(V0));
        kubo.on("pin/ls", FakeKubo.json(200, "{\"Keys\":{\"" + V0 + "\":{\"Type\":\"indirect through " + RAW
                + "\"}}}"));
        assertEquals(PinState.UNPINNED, connector.status(V0));
    }

    @Test
    void otherDaemonErrorsCarryTheDaemonsMessage() {
        kubo.on("pin/ls", FakeKubo.error(500, "datastore closed"));
        KuboRpcException e = assertThrows(KuboRpcException.class, () -> connector.status(V0));
        assertEquals("datastore closed", e.daemonMessage());
        assertTrue(e.getMessage().contains("datastore closed"), e.getMessage());
        assertEquals(ErrorCode.INTERNAL, e.code());

        kubo.on("pin/ls", (req, ex) -> FakeKubo.send(ex, 502, "bad gateway"));
        KuboRpcException plain = assertThrows(KuboRpcException.class, () -> connector.status(V0));
        assertEquals("bad gateway", plain.daemonMessage(), "a non-JSON error body is kept as text");
    }

    @Test
    void pinStreamsProgressAndConfirmsByMultihash() {
        List<Long> progress = new CopyOnWriteArrayList<>();
        kubo.on("pin/add", FakeKubo.lines("{\"Progress\":1}", "{\"Progress\":\"5\"}",
                "{\"Pins\":[\"" + RAW.toString(Multibase.BASE58BTC) + "\"],\"Progress\":5}", ""));
        connector.pin(RAW, PinMode.RECURSIVE, progress::add);
        assertEquals(List.of(1L, 5L, 5L), progress);
        FakeKubo.Request r = kubo.requests("pin/add").get(0);
        assertEquals("true", r.param("recursive"));
        assertEquals("true", r.param("progress"));
        assertEquals(KuboConfig.DEFAULT_PIN_TIMEOUT.toMillis() + "ms", r.param("timeout"));

        kubo.on("pin/add", FakeKubo.json(200, "{\"Pins\":[\"" + V0 + "\"]}")); // js-ipfs: no progress lines
        connector.pin(V0, PinMode.DIRECT);
        assertEquals("false", kubo.requests("pin/add").get(1).param("recursive"));
    }

    @Test
    void pinThatStallsIsGivenUpAfterTheFetchTimeout() {
        kubo.on("pin/add", kubo.stalls("{\"Progress\":1}"));
        long start = System.nanoTime();
        ClusterException e = assertThrows(ClusterException.class, () -> connector.pin(RAW, PinMode.RECURSIVE));
        long tookMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(ErrorCode.TIMEOUT, e.code());
        assertTrue(e.getMessage().contains("no progress"), e.getMessage());
        assertTrue(tookMs >= 450 && tookMs < 5_000, "gave up after " + tookMs + " ms");
    }

    @Test
    void steadyProgressKeepsALongPinAlive() {
        // 6 lines 200 ms apart: 1.2 s in all, longer than the 500 ms fetch timeout, but never 500 ms silent
        kubo.on("pin/add", kubo.paced(Duration.ofMillis(200), 6, "{\"Pins\":[\"" + RAW + "\"]}"));
        List<Long> progress = new CopyOnWriteArrayList<>();
        long start = System.nanoTime();
        connector.pin(RAW, PinMode.RECURSIVE, progress::add);
        assertTrue((System.nanoTime() - start) / 1_000_000 >= 1_000);
        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L), progress);
    }

    @Test
    void pinErrorsFromTheDaemonSurface() {
        kubo.on("pin/add", FakeKubo.error(500, "Failed to add pin: request timed out"));
        ClusterException e = assertThrows(ClusterException.class, () -> connector.pin(RAW, PinMode.RECURSIVE));
        assertEquals(ErrorCode.TIMEOUT, e.code());

        kubo.on("pin/add", FakeKubo.lines("{\"Progress\":3}",
                "{\"Message\":\"merkledag: not found\",\"Code\":0,\"Type\":\"error\"}"));
        KuboRpcException mid = assertThrows(KuboRpcException.class, () -> connector.pin(RAW, PinMode.RECURSIVE));
        assertEquals("merkledag: not found", mid.daemonMessage());

        kubo.on("pin/add", FakeKubo.json(200, "{\"Pins\":[\"" + V0 + "\"]}"));
        ClusterException other = assertThrows(ClusterException.class, () -> connector.pin(RAW, PinMode.RECURSIVE));
        assertTrue(other.getMessage().contains("without confirming"), other.getMessage());
    }

    @Test
    void unpinTreatsNotPinnedAsDone() {
        kubo.on("pin/rm", FakeKubo.error(500, "not pinned or pinned indirectly"));
        assertDoesNotThrow(() -> connector.unpin(V0));
        kubo.on("pin/rm", FakeKubo.json(200, "{\"Pins\":[\"" + V0 + "\"]}"));
        connector.unpin(V0);
        assertEquals(V0.toString(), kubo.requests("pin/rm").get(1).param("arg"));
        kubo.on("pin/rm", FakeKubo.error(500, "repo locked"));
        assertThrows(KuboRpcException.class, () -> connector.unpin(V0));
    }

    @Test
    void pinsStreamsRecursiveThenDirectSkippingBlankLines() {
        kubo.on("pin/ls", (req, ex) -> {
            if ("recursive".equals(req.param("type"))) {
                FakeKubo.lines("{\"Type\":\"recursive\",\"Cid\":\"" + RAW.toString(Multibase.BASE58BTC) + "\"}", "")
                        .handle(req, ex);
            } else {
                FakeKubo.lines("{\"Cid\":\"" + V0 + "\",\"Name\":\"\",\"Type\":\"direct\"}").handle(req, ex);
            }
        });
        try (Stream<Cid> pins = connector.pins()) {
            assertEquals(List.of(RAW, V0), pins.toList());
        }
        assertTrue(kubo.requests("pin/ls").stream().allMatch(r -> "true".equals(r.param("stream"))));
    }

    @Test
    void blockPutSendsTheCodecBothDaemonsUnderstandAndVerifiesTheMultihash() {
        kubo.on("block/put", FakeKubo.json(200, "{\"Key\":\"" + RAW + "\",\"Size\":10}"));
        connector.putBlock(RAW, DATA);
        FakeKubo.Request raw = kubo.requests("block/put").get(0);
        assertEquals("raw", raw.param("format"), "js-ipfs needs format=raw");
        assertEquals("raw", raw.param("cid-codec"));
        assertTrue(raw.contentType().startsWith("multipart/form-data; boundary="));
        assertTrue(new String(raw.body(), StandardCharsets.ISO_8859_1).contains("hello kubo"));

        byte[] node = "a dag-pb node".getBytes(StandardCharsets.UTF_8);
        // Kubo >= 0.19 answers a CIDv1 dag-pb for a CIDv0 block: same multihash, accepted
        kubo.on("block/put", FakeKubo.json(200, "{\"Key\":\"" + V0.toV1() + "\",\"Size\":13}"));
        connector.openImport().put(V0, node);
        FakeKubo.Request pb = kubo.requests("block/put").get(1);
        assertNull(pb.param("format"));
        assertEquals("dag-pb", pb.param("cid-codec"));

        kubo.on("block/put", FakeKubo.json(200, "{\"Key\":\"" + V0 + "\",\"Size\":10}"));
        ClusterException wrong = assertThrows(ClusterException.class, () -> connector.putBlock(RAW, DATA));
        assertEquals(ErrorCode.INTERNAL, wrong.code());

        int before = kubo.requests("block/put").size();
        ClusterException bad = assertThrows(ClusterException.class, () -> connector.putBlock(RAW, node));
        assertEquals(ErrorCode.BAD_REQUEST, bad.code());
        assertEquals(before, kubo.requests("block/put").size(), "bad data never reaches the daemon");
    }

    @Test
    void blockGetVerifiesDataAndMapsTimeoutsToNotFound() {
        kubo.on("block/get", (req, ex) -> {
            ex.sendResponseHeaders(200, DATA.length);
            ex.getResponseBody().write(DATA);
        });
        assertArrayEquals(DATA, connector.block(RAW));
        assertEquals("500ms", kubo.requests("block/get").get(0).param("timeout"));

        kubo.on("block/get", FakeKubo.error(500, "request timed out"));
        assertEquals(ErrorCode.NOT_FOUND, assertThrows(ClusterException.class, () -> connector.block(RAW)).code());

        kubo.on("block/get", (req, ex) -> {
            ex.sendResponseHeaders(200, 3);
            ex.getResponseBody().write(new byte[] {1, 2, 3});
        });
        assertEquals(ErrorCode.INTERNAL, assertThrows(ClusterException.class, () -> connector.block(RAW)).code());
    }

    @Test
    void idAndSwarmConnect() {
        kubo.on("id", FakeKubo.json(200, "{\"ID\":\"12D3KooWA\",\"PublicKey\":\"x\",\"Addresses\":"
                + "[\"/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWA\"],\"AgentVersion\":\"js-ipfs/0.18.1\"}"));
        assertEquals(List.of("/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWA"), connector.id().addresses());
        assertEquals("12D3KooWA", connector.id().id());

        kubo.on("swarm/connect", (req, ex) -> {
            if (req.param("arg").contains("/tcp/1/")) {
                FakeKubo.error(500, "All promises were rejected").handle(req, ex);
            } else {
                FakeKubo.json(200, "{\"Strings\":[\"connect " + req.param("arg") + " success\"]}").handle(req, ex);
            }
        });
        int n = connector.swarmConnect(List.of("/ip4/127.0.0.1/tcp/1/p2p/12D3KooWB",
                "/ip4/127.0.0.1/tcp/4002/p2p/12D3KooWC"));
        assertEquals(1, n, "one bad address does not stop the others");
        assertTrue(kubo.requests("swarm/connect").stream().allMatch(r -> "500ms".equals(r.param("timeout"))));
        assertThrows(KuboRpcException.class, () -> connector.swarmConnect(List.of("/ip4/127.0.0.1/tcp/1/p2p/B")));
    }

    @Test
    void swarmConnectorSkipsTheDaemonsOwnAddresses() {
        kubo.on("id", FakeKubo.json(200, "{\"ID\":\"12D3KooWA\",\"Addresses\":[]}"));
        kubo.on("swarm/connect", FakeKubo.json(200, "{\"Strings\":[\"ok\"]}"));
        try (SwarmConnector swarm = new SwarmConnector(connector, () -> List.of("/ip4/127.0.0.1/tcp/1/p2p/12D3KooWA",
                "/ip4/127.0.0.1/tcp/2/p2p/12D3KooWB", ""), Duration.ofMinutes(1))) {
            assertEquals(1, swarm.connectOnce());
        }
        assertEquals(List.of("/ip4/127.0.0.1/tcp/2/p2p/12D3KooWB"),
                kubo.requests("swarm/connect").stream().map(r -> r.param("arg")).toList());
    }

    @Test
    void unknownCommandAndUnreachableDaemonAreTypedErrors() {
        KuboRpcException missing = assertThrows(KuboRpcException.class, () -> connector.id());
        assertEquals(404, missing.status());

        int closedPort = FreePorts.one();
        KuboConnector nowhere = new KuboConnector(KuboConfig.of("127.0.0.1", closedPort));
        ClusterException e = assertThrows(ClusterException.class, nowhere::repoStat);
        assertEquals(ErrorCode.UNAVAILABLE, e.code());
        assertTrue(e.getMessage().contains("127.0.0.1:" + closedPort), e.getMessage());
    }
}
