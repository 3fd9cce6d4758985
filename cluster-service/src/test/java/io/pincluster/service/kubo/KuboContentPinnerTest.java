package io.pincluster.service.kubo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.service.tracker.PinCancelledException;
import io.pincluster.service.tracker.PinProgress;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's cumulative {@code Progress} counts become the tracker's per-block progress. */
class KuboContentPinnerTest {
    private static final Cid CID = Cid.v1(Codec.RAW, Multihash.sha256("x".getBytes(StandardCharsets.UTF_8)));
    private static final String OUTSIDE_ID = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";
    private static final String MEMBER_ID = "12D3KooWRBy97UB99e3J6hiPesre1MZeuNQvfan4gBziswrRJsNK";
    private final AtomicInteger pinCalls = new AtomicInteger();
    private final List<String> calls = new CopyOnWriteArrayList<>();
    private HttpServer daemon;
    private KuboContentPinner pinner;

    @BeforeEach
    void start() throws IOException {
        // A daemon edge fake: pin/add streams Kubo's progress lines (repeats included) and then the pin.
        daemon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        daemon.createContext("/api/v0/swarm/connect", ex -> {
            calls.add("swarm/connect " + ex.getRequestURI().getQuery());
            byte[] ok = "{\"Strings\":[\"connect success\"]}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, ok.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(ok);
            }
        });
        daemon.createContext("/api/v0/pin/add", ex -> {
            calls.add("pin/add");
            pinCalls.incrementAndGet();
            ex.sendResponseHeaders(200, 0);
            try (OutputStream out = ex.getResponseBody()) {
                for (String l : List.of("{\"Progress\":2}", "{\"Progress\":2}", "{\"Progress\":5}",
                        "{\"Pins\":[\"" + CID + "\"],\"Progress\":5}")) {
                    out.write((l + "\n").getBytes(StandardCharsets.UTF_8));
                }
            }
        });
        daemon.start();
        pinner = new KuboContentPinner(new KuboConnector(KuboConfig.of("127.0.0.1", daemon.getAddress().getPort())),
                MEMBER_ID::equals);
    }

    @AfterEach
    void stop() {
        daemon.stop(0);
    }

    @Test
    void cumulativeProgressBecomesOneStepPerNewBlock() {
        PinProgress progress = new PinProgress(Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));
        pinner.pin(new Pin(CID, null, PinType.DATA, List.of(), null, Instant.EPOCH), progress);
        assertThat(progress.blocksStored()).isEqualTo(5);
        assertThat(pinner.missingBlocks(new Pin(CID, null, null, null, null, null))).isEmpty();
    }

    @Test
    void aCancelledPinNeverReachesTheDaemon() {
        PinProgress progress = new PinProgress(Clock.systemUTC());
        progress.cancel("stopping");
        assertThatThrownBy(() -> pinner.pin(new Pin(CID, null, null, null, null, null), progress))
                .isInstanceOf(PinCancelledException.class);
        assertThat(pinCalls).hasValue(0);
    }

    @Test
    void originsOutsideTheClusterAreConnectedBeforeThePin() {
        String outside = "/ip4/127.0.0.1/tcp/4002/p2p/" + OUTSIDE_ID;
        String member = "/ip4/127.0.0.1/tcp/9096/p2p/" + MEMBER_ID; // a cluster peer: not an IPFS node
        PinOptions options = new PinOptions(0, 0, "", null, 0, List.of(), null, Map.of(), null,
                List.of(member, outside));

        pinner.pin(new Pin(CID, options, PinType.DATA, List.of(), null, Instant.EPOCH),
                new PinProgress(Clock.systemUTC()));

        assertThat(calls).hasSize(2);
        assertThat(calls.get(0)).startsWith("swarm/connect").contains(OUTSIDE_ID).doesNotContain(MEMBER_ID);
        assertThat(calls.get(1)).isEqualTo("pin/add");
    }

    @Test
    void aPinWithoutOriginsConnectsNothing() {
        pinner.pin(new Pin(CID, null, PinType.DATA, List.of(), null, Instant.EPOCH),
                new PinProgress(Clock.systemUTC()));
        assertThat(calls).containsExactly("pin/add");
    }
}
