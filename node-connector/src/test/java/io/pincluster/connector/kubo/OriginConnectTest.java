package io.pincluster.connector.kubo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Decision 0025: a pin's origins are {@code swarm/connect}ed before its {@code pin/add}, best effort. */
class OriginConnectTest {
    private static final String A_ID = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String B_ID = "QmYyQSo1c1Ym7orWxLYvCrM2EmxFTANf8wXmmE7DWjhx5N";
    private static final String A = "/ip4/127.0.0.1/tcp/4001/p2p/" + A_ID;
    private static final String B = "/dns4/ipfs.example.org/tcp/4001/ipfs/" + B_ID;
    private static final Cid V0 = Cid.v0(Multihash.sha256("origins".getBytes(StandardCharsets.UTF_8)));

    private FakeKubo kubo;
    private KuboConnector connector;

    @BeforeEach
    void start() throws IOException {
        kubo = new FakeKubo();
        connector = new KuboConnector(kubo.config(Duration.ofSeconds(2)));
    }

    @AfterEach
    void stop() {
        connector.close();
        kubo.close();
    }

    @Test
    void wellFormedOriginsAreConnectedBeforeThePinAndBadOnesSkipped() {
        kubo.on("swarm/connect", FakeKubo.json(200, "{\"Strings\":[\"connect success\"]}"));
        kubo.on("pin/add", FakeKubo.json(200, "{\"Pins\":[\"" + V0 + "\"]}"));

        int connected = connector.connectOrigins(List.of(A, "/ip4/127.0.0.1/tcp/4001", // no peer ID
                "/ip4/300.1.1.1/tcp/4001/p2p/" + A_ID, "/p2p-circuit/p2p/" + A_ID, "not a multiaddr",
                "/ip4/127.0.0.1/tcp/4001/p2p/" + A_ID + "&arg=/ip4/10.0.0.1", A, B));
        connector.pin(V0, PinMode.RECURSIVE);

        assertEquals(2, connected);
        List<String> order = kubo.requests().stream().map(FakeKubo.Request::command).toList();
        assertEquals(List.of("swarm/connect", "swarm/connect", "pin/add"), order);
        List<FakeKubo.Request> connects = kubo.requests("swarm/connect");
        assertEquals(List.of(A), connects.get(0).query().get("arg"), "one address per call");
        assertEquals(B, connects.get(1).param("arg"));
        assertEquals("2000ms", connects.get(0).param("timeout"), "a short daemon-side timeout on each connect");
        assertEquals(new KuboConnector.OriginStats(2, 0, 6), connector.originStats());
    }

    @Test
    void aFailedConnectIsCountedAndNeverFailsThePin() {
        kubo.on("swarm/connect", FakeKubo.error(500, "All promises were rejected"));
        kubo.on("pin/add", FakeKubo.json(200, "{\"Pins\":[\"" + V0 + "\"]}"));

        assertEquals(0, connector.connectOrigins(List.of(A, B)));
        connector.pin(V0, PinMode.RECURSIVE);

        assertEquals(new KuboConnector.OriginStats(0, 2, 0), connector.originStats());
        assertEquals(1, kubo.requests("pin/add").size());
    }

    @Test
    void atMostAFewOriginsOfOnePinAreDialled() {
        kubo.on("swarm/connect", FakeKubo.json(200, "{\"Strings\":[\"connect success\"]}"));
        List<String> many = java.util.stream.IntStream.range(1, 10)
                .mapToObj(i -> "/ip4/192.0.2." + i + "/tcp/4001/p2p/" + A_ID).toList();

        assertEquals(OriginAddresses.MAX_DIALLED, connector.connectOrigins(many));
        assertEquals(OriginAddresses.MAX_DIALLED, kubo.requests("swarm/connect").size());
    }

    @Test
    void noOriginsNoRequest() {
        assertEquals(0, connector.connectOrigins(List.of()));
        assertTrue(kubo.requests().isEmpty());
    }

    @Test
    void dialableShapes() {
        assertTrue(OriginAddresses.dialable("/ip6/::1/tcp/4001/p2p/" + A_ID));
        assertTrue(OriginAddresses.dialable("/dns/node-1.example.org/tcp/4001/p2p/" + A_ID));
        assertTrue(OriginAddresses.dialable("/ip4/10.1.2.3/tcp/65535/p2p/"
                + "k51qzi5uqu5dlvj2baxnqndepeb86cbk3ng7n3i46uzyxzyqj2xjonzllnv0v8"));
        assertFalse(OriginAddresses.dialable("/ip4/10.1.2.3/tcp/0/p2p/" + A_ID), "port 0");
        assertFalse(OriginAddresses.dialable("/ip4/10.1.2.3/udp/4001/quic/p2p/" + A_ID), "not tcp");
        assertFalse(OriginAddresses.dialable("/ip6/nothex/tcp/4001/p2p/" + A_ID));
        assertFalse(OriginAddresses.dialable("/ip4/10.1.2.3/tcp/4001/p2p/0OIl" + A_ID), "not base58");
        assertFalse(OriginAddresses.dialable("/dns/" + "a".repeat(300) + "/tcp/4001/p2p/" + A_ID));
        assertFalse(OriginAddresses.dialable(null));
        assertEquals(A_ID, OriginAddresses.peerId(A).orElseThrow());
    }
}
