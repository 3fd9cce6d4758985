package io.pincluster.service.external;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.PeerStores;
import io.pincluster.service.testing.TestCluster;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's must-show for external providers, with real parts on loopback: cluster A (three peers) uses cluster B's
 * Pinning Service API (another Pincluster, one peer) as its external service. A pin asking for one external copy ends
 * {@code pinned} on B and shows so in A's status through any peer; while B is down the status says {@code error}
 * with the reason and an alert is raised; once B is back the entry recovers and a pin made meanwhile reaches B too;
 * after A's leader stops, the next leader finds A's requests on B by their tag, and unpinning on A removes the
 * request from B.
 *
 * <p>B's peers cannot fetch from {@code origins} yet (decision 0011), so the test gives B the blocks, as a provider
 * that fetched them would have them.
 */
@Timeout(300)
class ExternalServicesClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestCluster a;
    private TestCluster b;

    @AfterEach
    void stop() {
        if (a != null) {
            a.close();
        }
        if (b != null) {
            b.close();
        }
    }

    @Test
    void aPinWithOneExternalCopyIsPinnedOnTheOtherClusterShowsItsOutagesAndLeavesItOnUnpin() throws IOException {
        int psaPort = FreePorts.one();
        b = TestCluster.builder(dir.resolve("b")).peers(1).env(Map.of(
                "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS", "{\"admin\":\"pw-admin\",\"partner\":\"pw-partner\"}",
                "PINCLUSTER_RESTAPI_USER_ROLES", "{\"partner\":\"pinner\"}",
                "PINCLUSTER_PSA_LISTEN", "127.0.0.1:" + psaPort)).start();
        await().atMost(PATIENCE).until(() -> b.peer(0).psaUrl().isPresent() && b.peer(0).consensus().leader()
                .isPresent());
        URI psa = b.peer(0).psaUrl().orElseThrow();
        String token = token(b.peer(0), "partner", "pw-partner");

        a = TestCluster.builder(dir.resolve("a")).peers(3).env(Map.of(
                "PINCLUSTER_EXTERNAL_SERVICES", "[{\"name\":\"partner-b\",\"url\":\"" + psa + "/\",\"token\":\""
                        + token + "\"}]",
                "PINCLUSTER_EXTERNAL_INTERVAL", "200ms",
                "PINCLUSTER_EXTERNAL_MAX_BACKOFF", "1s",
                "PINCLUSTER_EXTERNAL_REQUEST_TIMEOUT", "3s",
                "PINCLUSTER_EXTERNAL_ALERT_AFTER", "500ms")).start();
        await().atMost(PATIENCE).until(() -> a.peer(0).consensus().leader().isPresent());
        ClusterAssembly follower = a.peers().stream().filter(p -> !p.peerId().equals(a.leader().peerId()))
                .findFirst().orElseThrow();

        Cid first = content("first external copy\n");
        assertThat(rest(a.peer(0), "POST", "/pins/" + first + "?name=first&meta-external-copies=1").statusCode())
                .isBetween(200, 202);
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode remote = psaList(psa, token, first);
            assertThat(remote.path("count").asInt()).isEqualTo(1);
            assertThat(remote.at("/results/0/status").asText()).isEqualTo("pinned");
            assertThat(remote.at("/results/0/pin/name").asText()).isEqualTo("first");
            assertThat(remote.at("/results/0/pin/meta/" + ExternalServices.TAG_KEY).asText()).isNotEmpty();
            JsonNode entry = status(follower, first).path("external").path("partner-b");
            assertThat(entry.path("status").asText()).isEqualTo("pinned");
            assertThat(entry.path("request_id").asText()).isEqualTo(remote.at("/results/0/requestid").asText());
        });
        assertThat(status(follower, first).path("peer_map").size()).as("peer_map holds cluster peers only")
                .isEqualTo(3);

        // B goes down: the entry says error with the reason, and a lasting failure raises an alert.
        b.peer(0).close();
        await().atMost(PATIENCE).untilAsserted(() -> {
            JsonNode entry = status(follower, first).path("external").path("partner-b");
            assertThat(entry.path("status").asText()).isEqualTo("error");
            assertThat(entry.path("error").asText()).contains("partner-b").doesNotContain(token);
        });
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(body(rest(a.leader(), "GET", "/health/alerts")))
                .contains("external_service_failing").contains("partner-b"));
        Cid second = content("second external copy\n");
        assertThat(rest(a.peer(1), "POST", "/pins/" + second + "?meta-external-copies=1").statusCode())
                .isBetween(200, 202);

        // B is back on the same port: the entry recovers, and the pin made meanwhile reaches B.
        b.start(b.dir(0), Map.of(), null);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(status(follower, first).at("/external/partner-b/status").asText()).isEqualTo("pinned");
            assertThat(psaList(psa, token, second).at("/results/0/status").asText()).isEqualTo("pinned");
            assertThat(status(follower, second).at("/external/partner-b/status").asText()).isEqualTo("pinned");
        });

        // A's leader stops: the next one learns the request IDs from B itself (nothing of them is replicated), so
        // an unpin through it removes the request from B, and it asks B for no second copy of the other pin.
        ClusterAssembly oldLeader = a.leader();
        oldLeader.close();
        a.forget(oldLeader);
        ClusterAssembly survivor = a.peers().get(0);
        await().atMost(PATIENCE).until(() -> survivor.consensus().leader().filter(l -> !l.equals(oldLeader.peerId()))
                .isPresent());
        assertThat(rest(survivor, "DELETE", "/pins/" + first).statusCode()).isBetween(200, 202);
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(psaList(psa, token, first).path("count").asInt())
                .isZero());
        assertThat(psaList(psa, token, second).path("count").asInt()).isEqualTo(1);
        assertThat(status(survivor, second).at("/external/partner-b/status").asText()).isEqualTo("pinned");
    }

    /** A one-block file put in the stores of A's first peer and of B's peer, unpinned: content both can pin. */
    private Cid content(String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(bytes));
        PeerStores.store(a.peer(0)).put(cid, bytes);
        PeerStores.store(b.peers().get(b.peers().size() - 1)).put(cid, bytes);
        return cid;
    }

    private JsonNode status(ClusterAssembly peer, Cid cid) {
        HttpResponse<String> r = rest(peer, "GET", "/pins/" + cid);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private JsonNode psaList(URI psa, String token, Cid cid) {
        HttpResponse<String> r = call(HttpRequest.newBuilder(psa.resolve("/pins?cid=" + cid + "&status="
                        + URLEncoder.encode("queued,pinning,pinned,failed", StandardCharsets.UTF_8)))
                .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(10)).GET().build());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return json(r.body());
    }

    private HttpResponse<String> rest(ClusterAssembly peer, String method, String path) {
        return call(HttpRequest.newBuilder(peer.restUrl().resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody()).build());
    }

    private String token(ClusterAssembly peer, String user, String password) {
        HttpResponse<String> r = call(HttpRequest.newBuilder(peer.restUrl().resolve("/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build());
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json(r.body()).get("token").asText();
    }

    private static String body(HttpResponse<String> r) {
        return r.body();
    }

    private HttpResponse<String> call(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode json(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(body, e);
        }
    }
}
