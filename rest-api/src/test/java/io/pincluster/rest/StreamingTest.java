package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.linecorp.armeria.client.WebClient;
import com.linecorp.armeria.common.AggregatedHttpResponse;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The streamed routes: 204 when empty, NDJSON lines, the always-present X-Stream-Error trailer, backpressure. */
class StreamingTest extends RestTestSupport {
    WebClient client;

    @BeforeEach
    void newClient() {
        client = WebClient.builder(base()).maxResponseLength(0).responseTimeout(Duration.ZERO).build();
    }

    static GlobalPinInfo item(long n) {
        return GlobalPinInfo.of(FakeClusterApi.cid("item-" + n), null, Map.of(FakeClusterApi.PEER_A,
                PinInfo.of(FakeClusterApi.PEER_A, "cluster0", TrackerStatus.PINNED, FakeClusterApi.NOW)));
    }

    @Test
    void emptyStreamsAre204WithoutBody() {
        for (String path : new String[] {"/pins", "/allocations", "/pins?filter=error"}) {
            AggregatedHttpResponse r = client.get(path).aggregate().join();
            assertThat(r.status().code()).as(path).isEqualTo(204);
            assertThat(r.contentUtf8()).isEmpty();
        }
        assertThat(client.post("/pins/recover", "").aggregate().join().status().code()).isEqualTo(204);
        api.peerStream = Stream::empty;
        assertThat(client.get("/peers").aggregate().join().status().code()).isEqualTo(204);
    }

    @Test
    void itemsAreLinesAndTheTrailerIsEmpty() {
        api.statusStream = () -> Stream.of(item(1), item(2), item(3));
        AggregatedHttpResponse r = client.get("/pins").aggregate().join();
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(r.headers().get("content-type")).isEqualTo("application/json");
        assertThat(r.headers().get("trailer")).isEqualTo("X-Stream-Error");
        assertThat(r.contentUtf8().split("\n")).hasSize(3);
        assertThat(lines(r.contentUtf8()).get(2).get("cid").asText()).isEqualTo(item(3).cid().toString());
        assertThat(r.trailers().get("x-stream-error")).isEqualTo("");
    }

    @Test
    void anErrorAfterTheFirstItemGoesIntoTheTrailer() {
        api.statusStream = () -> Stream.concat(Stream.of(item(1), item(2)), Stream.generate(() -> {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "peer cluster1 went away");
        }));
        AggregatedHttpResponse r = client.get("/pins").aggregate().join();
        assertThat(r.status().code()).isEqualTo(200);
        assertThat(lines(r.contentUtf8())).hasSize(2);
        assertThat(r.trailers().get("x-stream-error")).isEqualTo("peer cluster1 went away");
    }

    @Test
    void anErrorBeforeTheFirstItemIsTheStatus() {
        api.statusStream = () -> {
            throw new ClusterException(ErrorCode.NO_QUORUM, "no Raft leader");
        };
        AggregatedHttpResponse r = client.get("/pins").aggregate().join();
        assertThat(r.status().code()).isEqualTo(503);
        assertThat(json(r.contentUtf8()).get("message").asText()).isEqualTo("no Raft leader");

        api.statusStream = () -> Stream.generate(() -> {
            throw new IllegalStateException("secret internal detail");
        });
        r = client.get("/pins").aggregate().join();
        assertThat(r.status().code()).isEqualTo(500);
        assertThat(r.contentUtf8()).doesNotContain("secret internal detail").doesNotContain("Exception");
        assertThat(json(r.contentUtf8()).get("code").asInt()).isEqualTo(500);
    }

    @Test
    void aSlowProducersLinesArriveAsTheyAreProduced() throws Exception {
        CountDownLatch firstLineSeen = new CountDownLatch(1);
        api.statusStream = () -> Stream.of(1L, 2L).map(n -> {
            if (n == 2) {
                try {
                    // The second item is only produced once the client has the first line.
                    assertThat(firstLineSeen.await(20, TimeUnit.SECONDS)).isTrue();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return item(n);
        });
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/pins")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).contains(item(1).cid().toString());
            firstLineSeen.countDown();
            assertThat(reader.readLine()).contains(item(2).cid().toString());
            assertThat(reader.readLine()).isNull();
        }
    }

    @Test
    void aLargeStreamIsProducedOnlyAsFastAsTheClientReads() throws Exception {
        int total = 200_000;
        AtomicLong produced = new AtomicLong();
        api.statusStream = () -> Stream.iterate(0L, n -> n + 1).limit(total)
                .peek(n -> produced.incrementAndGet()).map(StreamingTest::item);
        HttpResponse<java.io.InputStream> r = http.send(HttpRequest.newBuilder(URI.create(base() + "/pins")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
            assertThat(reader.readLine()).contains("\"cid\"");
            // While the client does not read, the producer stalls once the socket buffers and the window are full.
            await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                    .until(() -> produced.get() < total / 2);
            long lines = 1;
            while (reader.readLine() != null) {
                lines++;
            }
            assertThat(lines).isEqualTo(total);
        }
        assertThat(produced.get()).isEqualTo(total);
    }
}
