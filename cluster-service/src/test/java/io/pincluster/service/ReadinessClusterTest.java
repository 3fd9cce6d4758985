package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.service.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /health/ready} on real peers: every peer of a healthy three-peer cluster is ready, with each check in
 * the JSON; a peer whose two partners are gone has no Raft leader and answers 503 saying so, while
 * {@code GET /health/live} still answers 200 (an orchestrator must not restart it for the cluster's state).
 */
@Timeout(180)
class ReadinessClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void readyWhileTheGroupHasALeaderNotReadyWithoutOneAndLiveThroughout() throws Exception {
        try (TestCluster cluster = TestCluster.builder(dir).peers(3).start()) {
            await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> status(p, "/health/ready")
                    == 200));
            JsonNode ready = json(cluster.peer(0), "/health/ready");
            assertThat(ready.path("ready").asBoolean()).isTrue();
            for (String check : List.of("raft", "leader", "lag", "store", "disk")) {
                assertThat(ready.path("checks").path(check).path("ok").asBoolean()).as(check).isTrue();
            }

            ClusterAssembly leader = cluster.leader();
            ClusterAssembly survivor = cluster.peers().stream().filter(p -> p != leader).findFirst().orElseThrow();
            for (ClusterAssembly p : cluster.peers()) {
                if (p != survivor) {
                    p.close();
                }
            }
            await().atMost(PATIENCE).untilAsserted(() -> {
                JsonNode notReady = json(survivor, "/health/ready");
                assertThat(notReady.path("ready").asBoolean()).isFalse();
                assertThat(notReady.path("reason").asText()).contains("no known Raft leader");
                assertThat(notReady.path("checks").path("leader").path("ok").asBoolean()).isFalse();
            });
            assertThat(status(survivor, "/health/ready")).isEqualTo(503);
            assertThat(status(survivor, "/health/live")).isEqualTo(200);
        }
    }

    /** The answer's status, or -1 when the peer does not answer. */
    private int status(ClusterAssembly peer, String path) {
        try {
            return send(peer, path).statusCode();
        } catch (java.io.IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    private JsonNode json(ClusterAssembly peer, String path) throws Exception {
        return new ObjectMapper().readTree(send(peer, path).body());
    }

    private HttpResponse<String> send(ClusterAssembly peer, String path)
            throws java.io.IOException, InterruptedException {
        URI uri = peer.restUrl().resolve(path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
