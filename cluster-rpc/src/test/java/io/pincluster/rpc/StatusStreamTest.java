package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.TrackerStatus;
import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class StatusStreamTest {
    private static final int ITEMS = 200_000;
    /** Entries allowed in flight: gRPC/HTTP2 windows and a few batches, far below the whole stream. */
    private static final long IN_FLIGHT_BOUND = 30_000;

    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private RpcFixture fixture;
    private RecordingHandler handlerB;
    private GrpcPeerRpc client;

    @BeforeEach
    void start() {
        fixture = new RpcFixture();
        handlerB = new RecordingHandler(b);
        handlerB.statusCount = ITEMS;
        fixture.serve(b, handlerB, RpcSettings.defaults());
        client = fixture.client(a);
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void streamsEveryEntryInOrderWithoutRunningAhead() {
        long seen = 0;
        long maxAhead = 0;
        Cid previousExpected = null;
        try (Stream<CidStatus> s = client.statusAll(b, Set.of(TrackerStatus.PIN_QUEUED))) {
            Iterator<CidStatus> it = s.iterator();
            while (it.hasNext()) {
                CidStatus entry = it.next();
                assertThat(entry.info().status()).isEqualTo(TrackerStatus.PIN_QUEUED);
                if (seen % 50_000 == 0) {
                    assertThat(entry.cid()).isEqualTo(RpcFixture.rawCid("item-" + seen));
                    previousExpected = entry.cid();
                }
                seen++;
                maxAhead = Math.max(maxAhead, handlerB.produced.get() - seen);
                if (seen == 1_000) {
                    // The consumer stalls: the producer must stop soon after, not read the whole stream.
                    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5))
                            .until(() -> handlerB.produced.get() < 1_000 + IN_FLIGHT_BOUND);
                }
            }
        }
        assertThat(previousExpected).isNotNull();
        assertThat(seen).isEqualTo(ITEMS);
        assertThat(maxAhead).isLessThan(IN_FLIGHT_BOUND);
        await().atMost(Duration.ofSeconds(5)).until(() -> handlerB.streamsClosed.get() == 1);
    }

    @Test
    void closingEarlyCancelsTheServerStream() {
        try (Stream<CidStatus> s = client.statusAll(b, Set.of())) {
            assertThat(s.limit(10).count()).isEqualTo(10);
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> handlerB.streamsClosed.get() == 1);
        assertThat(handlerB.produced.get()).isLessThan(IN_FLIGHT_BOUND);
    }

    @Test
    void emptyStreamEnds() {
        handlerB.statusCount = 0;
        try (Stream<CidStatus> s = client.statusAll(b, Set.of())) {
            assertThat(s.count()).isZero();
        }
    }
}
