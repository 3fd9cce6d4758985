package io.pincluster.service.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Pinning Service API on a real three-peer cluster (Raft, REST, tokens): pin requests are replicated to every
 * peer, tenants share a CID without seeing each other, and the CID stays pinned while any request names it. The
 * public compliance suite runs against the same cluster ({@link PsaComplianceSuite}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(300)
class PsaClusterTest {
    static final Map<String, String> USERS = Map.of(
            "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS",
            "{\"admin\":\"pw-admin\",\"alice\":\"pw-alice\",\"bob\":\"pw-bob\",\"suite\":\"pw-suite\"}",
            "PINCLUSTER_RESTAPI_USER_ROLES", "{\"alice\":\"pinner\",\"bob\":\"pinner\",\"suite\":\"pinner\"}");
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestCluster cluster;

    @BeforeAll
    void startCluster() throws IOException {
        cluster = TestCluster.builder(dir).peers(3).env(USERS).start();
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> p.psaUrl().isPresent()
                && p.consensus().leader().isPresent()));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void twoTenantsPinOneCidEachSeesItsOwnAndTheCidLeavesWithTheLastRequest() {
        Cid cid = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        String alice = token(cluster.peer(0), "alice", "pw-alice");
        String bob = token(cluster.peer(1), "bob", "pw-bob");
        String admin = token(cluster.peer(2), "admin", "pw-admin");

        HttpResponse<String> a = send(cluster.peer(0), "POST", "/pins", alice,
                "{\"cid\":\"" + cid + "\",\"name\":\"alice's copy\",\"meta\":{\"team\":\"a\"}}");
        HttpResponse<String> b = send(cluster.peer(1), "POST", "/pins", bob,
                "{\"cid\":\"" + cid + "\",\"name\":\"bob's copy\"}");
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        String aliceId = json(a).get("requestid").asText();
        String bobId = json(b).get("requestid").asText();
        assertThat(aliceId).isNotEqualTo(bobId).isNotEqualTo(cid.toString());
        assertThat(json(a).get("status").asText()).isEqualTo("queued");
        assertThat(json(a).get("delegates")).isNotEmpty();

        // Every peer holds both requests (replicated through Raft): each tenant sees its own through any peer.
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (ClusterAssembly peer : cluster.peers()) {
                JsonNode aliceList = json(send(peer, "GET", "/pins", alice, null));
                assertThat(aliceList.get("count").asInt()).isEqualTo(1);
                assertThat(aliceList.at("/results/0/pin/name").asText()).isEqualTo("alice's copy");
                assertThat(aliceList.at("/results/0/requestid").asText()).isEqualTo(aliceId);
                JsonNode bobList = json(send(peer, "GET", "/pins", bob, null));
                assertThat(bobList.get("count").asInt()).isEqualTo(1);
                assertThat(bobList.at("/results/0/pin/name").asText()).isEqualTo("bob's copy");
                assertThat(json(send(peer, "GET", "/pins?cid=" + cid, admin, null)).get("count").asInt())
                        .isEqualTo(2);
            }
        });
        assertThat(send(cluster.peer(2), "GET", "/pins/" + bobId, alice, null).statusCode()).isEqualTo(404);
        assertThat(send(cluster.peer(2), "DELETE", "/pins/" + bobId, alice, null).statusCode()).isEqualTo(404);
        assertThat(pinned(cluster.peer(2), cid)).isTrue();

        assertThat(send(cluster.peer(2), "DELETE", "/pins/" + aliceId, alice, null).statusCode()).isEqualTo(202);
        assertThat(pinned(cluster.peer(2), cid)).as("bob's request still names it").isTrue();
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(
                json(send(cluster.peer(0), "GET", "/pins", alice, null)).get("count").asInt()).isZero());
        assertThat(pinned(cluster.peer(0), cid)).isTrue();

        assertThat(send(cluster.peer(0), "DELETE", "/pins/" + bobId, bob, null).statusCode()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (ClusterAssembly peer : cluster.peers()) {
                assertThat(pinned(peer, cid)).as("no request names it: out of the pinset on %s", peer.peerId())
                        .isFalse();
            }
        });
    }

    /**
     * The public compliance suite, unmodified, against peer 0 with a token of its own tenant: all 9 checks. Skipped
     * with the reason when npm or its registry is not there.
     */
    @Test
    @Timeout(900)
    void thePublicComplianceSuitePassesEveryCheck() throws IOException {
        PsaComplianceSuite suite = new PsaComplianceSuite(Path.of("target", "psa-compliance").toAbsolutePath());
        Optional<String> why = suite.whyUnavailable();
        assumeTrue(why.isEmpty(), () -> "compliance suite skipped: " + why.orElse(""));
        suite.install();

        PsaComplianceSuite.Result result = suite.run(cluster.peer(0).psaUrl().orElseThrow(),
                token(cluster.peer(0), "suite", "pw-suite"));

        assertThat(result.total()).as(result.output()).isEqualTo(9);
        assertThat(result.passed()).as(result.output()).isEqualTo(9);
    }

    /** Whether {@code cid} is in the cluster pinset as {@code peer}'s replica has it. */
    private static boolean pinned(ClusterAssembly peer, Cid cid) {
        try {
            peer.api().pins().allocation(cid);
            return true;
        } catch (ClusterException e) {
            return false;
        }
    }

    /** A REST token of {@code user}, asked from {@code peer}'s REST API with Basic credentials. */
    String token(ClusterAssembly peer, String user, String password) {
        HttpRequest request = HttpRequest.newBuilder(peer.restUrl().resolve("/token"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                        .getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.noBody()).build();
        HttpResponse<String> r = call(request);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 201);
        return json(r).get("token").asText();
    }

    TestCluster cluster() {
        return cluster;
    }

    private HttpResponse<String> send(ClusterAssembly peer, String method, String path, String token, String body) {
        URI base = peer.psaUrl().orElseThrow();
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body))
                .header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        return call(b.build());
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

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }
}
