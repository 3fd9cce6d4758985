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
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The daemon's cumulative {@code Progress} counts become the tracker's per-block progress. */
class KuboContentPinnerTest {
    private static final Cid CID = Cid.v1(Codec.RAW, Multihash.sha256("x".getBytes(StandardCharsets.UTF_8)));
    private final AtomicInteger pinCalls = new AtomicInteger();
    private HttpServer daemon;
    private KuboContentPinner pinner;

    @BeforeEach
    void start() throws IOException {
        // A daemon edge fake: pin/add streams Kubo's progress lines (repeats included) and then the pin.
        daemon = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        daemon.createContext("/api/v0/pin/add", ex -> {
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
        pinner = new KuboContentPinner(new KuboConnector(KuboConfig.of("127.0.0.1", daemon.getAddress().getPort())));
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
}
