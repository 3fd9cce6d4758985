package io.pincluster.service;

import static io.pincluster.service.testing.ClusterContent.addFiles;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two in-JVM peers, pins everywhere; the second peer's store limit holds four of the files. The fifth fails there
 * with an error that says the store is full and {@code GET /health/ready} answers 503 with the reason; once pins
 * are removed and the store collected, the failed pins are retried and pinned without a restart, and every pin
 * acknowledged before is still there.
 */
@Timeout(240)
class FullDiskClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    /** 4200 bytes per file (a single raw block): four fit in 18000 bytes, a fifth does not. */
    private static final int LINES = 350;

    @TempDir
    Path dir;

    @Test
    void aFullStoreFailsPinsClearlyIsNotReadyAndTakesPinsAgainOnceSpaceReturnsWithoutARestart() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(2).secret("6e".repeat(32))
                .env(Map.of("PINCLUSTER_PIN_TRACKER_RETRY_BACKOFF_MIN", "200ms",
                        "PINCLUSTER_PIN_TRACKER_RETRY_BACKOFF_MAX", "1s"))
                // Marks at 1: four files fill 93 % of the small store, which is above the default high-water mark
                // (and so not ready by itself); this test is about the store refusing a write, not about the marks.
                .envOfPeer(i -> i == 1 ? Map.of("PINCLUSTER_CONNECTOR_STORAGE_MAX", "18000",
                        "PINCLUSTER_REPAIR_DISK_HIGH_WATER", "1", "PINCLUSTER_REPAIR_DISK_SHED_WATER", "1") : Map.of())
                .start()) {
            ClusterAssembly big = cluster.peer(0);
            ClusterAssembly small = cluster.peer(1);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            // readiness also needs a known Raft leader, which a peer just started may not know yet
            await().atMost(PATIENCE).untilAsserted(() -> {
                HttpResponse<String> ready = ready(http, small);
                assertThat(ready.statusCode()).as(ready.body()).isEqualTo(200);
            });

            List<Cid> fits = addFiles(big, "fits", 4, -1, -1, LINES);
            await().atMost(PATIENCE).until(() -> fits.stream().allMatch(cid -> pinnedOn(small, cid)));
            List<Cid> over = addFiles(big, "over", 3, -1, -1, LINES);

            await().atMost(PATIENCE).untilAsserted(() -> {
                for (Cid cid : over) {
                    PinInfo info = small.api().status().status(cid, true).peerMap().get(small.peerId());
                    assertThat(info.status()).as("%s", cid).isEqualTo(TrackerStatus.PIN_ERROR);
                    assertThat(info.error()).contains("would exceed the storage maximum");
                }
                HttpResponse<String> notReady = ready(http, small);
                assertThat(notReady.statusCode()).isEqualTo(503);
                assertThat(notReady.body()).contains("\"ready\":false").contains("the block store is full");
            });
            assertThat(ready(http, big).statusCode()).isEqualTo(200);

            List<Cid> kept = new ArrayList<>(fits.subList(3, 4));
            for (Cid cid : fits.subList(0, 3)) {
                big.api().pins().unpin(cid).get();
            }
            await().atMost(PATIENCE).until(() -> fits.subList(0, 3).stream().noneMatch(cid -> pinnedOn(small, cid)));
            small.api().gc().collectGarbage(true);

            kept.addAll(over);
            await().atMost(PATIENCE).untilAsserted(() -> {
                assertThat(ready(http, small).statusCode()).isEqualTo(200);
                for (Cid cid : kept) {
                    assertThat(pinnedOn(small, cid)).as("%s on the peer that was full", cid).isTrue();
                    assertThat(pinnedOn(big, cid)).isTrue();
                }
            });
            for (Cid cid : kept) {
                assertThat(small.connector().block(cid)).isNotEmpty();
            }
        }
    }

    private static boolean pinnedOn(ClusterAssembly peer, Cid cid) {
        return peer.connector().status(cid).satisfies(PinMode.RECURSIVE);
    }

    private static HttpResponse<String> ready(HttpClient http, ClusterAssembly peer) throws Exception {
        URI uri = peer.restUrl().resolve("/health/ready");
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
