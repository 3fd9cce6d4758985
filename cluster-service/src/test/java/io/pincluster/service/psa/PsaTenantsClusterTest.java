package io.pincluster.service.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.Tenant;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.ClusterContent;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tenants of the Pinning Service API on a real three-peer cluster (decision 0017): an admin makes tenant records and
 * tenant tokens through the REST API of any peer; two tenants pin one CID and each sees only its own; pin and byte
 * quotas refuse, then accept after a delete; a tenant's replication reaches the cluster pin; the records survive a
 * leader change and a restart from a snapshot.
 */
@Timeout(300)
class PsaTenantsClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ADMIN = "admin:pw-admin";

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void tenantsWithTheirTokensQuotasAndReplicationAcrossALeaderChangeAndARestart() throws IOException {
        Map<String, String> env = new HashMap<>(PsaClusterTest.USERS);
        env.put("PINCLUSTER_CONSENSUS_SNAPSHOT_THRESHOLD", "8"); // snapshots while the test runs
        cluster = TestCluster.builder(dir).peers(3).env(env).start();
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> p.psaUrl().isPresent()
                && p.consensus().leader().isPresent()));
        // Content every peer holds (replication -1), so every peer knows its size (the byte quota).
        List<Cid> files = ClusterContent.addFiles(cluster.peer(0), "tenants", 2, -1, -1);
        await().atMost(PATIENCE).until(() -> files.stream().allMatch(c -> cluster.peers().stream()
                .allMatch(p -> p.connector().status(c).isPinned())));
        // Pins of replication 2..3 need the others' free space at the leader (the first metrics come one monitor
        // interval after start; a loaded machine got here before them and was refused "not enough peers").
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));

        assertThat(rest(cluster.peer(0), "POST", "/tenants", ADMIN, "{\"name\":\"acme\",\"max_pins\":2,"
                + "\"replication_factor_min\":2,\"replication_factor_max\":3}").statusCode()).isEqualTo(201);
        assertThat(rest(cluster.peer(1), "POST", "/tenants", ADMIN, "{\"name\":\"beta\",\"max_bytes\":1}")
                .statusCode()).isEqualTo(201);
        assertThat(rest(cluster.peer(2), "GET", "/tenants", "alice:pw-alice", null).statusCode()).isEqualTo(403);
        String acme = tenantToken(cluster.peer(1), "acme");
        String beta = tenantToken(cluster.peer(2), "beta");

        // Two tenants, one CID: each sees only its own request, through any peer.
        Cid shared = Cid.parse("bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy");
        HttpResponse<String> a = psa(cluster.peer(0), "POST", "/pins", acme, "{\"cid\":\"" + shared
                + "\",\"name\":\"acme's\"}");
        assertThat(a.statusCode()).as(a.body()).isEqualTo(202);
        HttpResponse<String> b = psa(cluster.peer(1), "POST", "/pins", beta, "{\"cid\":\"" + shared
                + "\",\"name\":\"beta's\"}");
        assertThat(b.statusCode()).as(b.body()).isEqualTo(202);
        await().atMost(PATIENCE).untilAsserted(() -> {
            for (ClusterAssembly peer : cluster.peers()) {
                JsonNode acmeList = json(psa(peer, "GET", "/pins", acme, null));
                assertThat(acmeList.get("count").asInt()).isEqualTo(1);
                assertThat(acmeList.at("/results/0/pin/name").asText()).isEqualTo("acme's");
                JsonNode betaList = json(psa(peer, "GET", "/pins", beta, null));
                assertThat(betaList.get("count").asInt()).isEqualTo(1);
                assertThat(betaList.at("/results/0/pin/name").asText()).isEqualTo("beta's");
            }
        });
        assertThat(psa(cluster.peer(2), "GET", "/pins/" + json(a).get("requestid").asText(), beta, null)
                .statusCode()).isEqualTo(404);
        assertThat(restRaw(cluster.peer(0), "GET", "/pins", null, "Bearer " + acme).statusCode())
                .as("a tenant token is not a REST token").isEqualTo(401);

        // acme's replication (2..3) is the highest any request of the CID asks (beta's: the cluster default).
        await().atMost(PATIENCE).untilAsserted(() -> {
            Pin pin = cluster.peer(2).api().pins().allocation(shared);
            assertThat(pin.options().replicationMin()).isEqualTo(2);
            assertThat(pin.options().replicationMax()).isEqualTo(3);
        });

        // Pin quota 2: the third is refused, and accepted after a delete.
        String second = json(psa(cluster.peer(0), "POST", "/pins", acme, "{\"cid\":\"" + files.get(0) + "\"}"))
                .get("requestid").asText();
        HttpResponse<String> third = psa(cluster.peer(2), "POST", "/pins", acme, "{\"cid\":\"" + files.get(1)
                + "\"}");
        assertThat(third.statusCode()).as(third.body()).isEqualTo(409);
        assertThat(json(third).at("/error/reason").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(psa(cluster.peer(1), "DELETE", "/pins/" + second, acme, null).statusCode()).isEqualTo(202);
        assertThat(psa(cluster.peer(2), "POST", "/pins", acme, "{\"cid\":\"" + files.get(1) + "\"}").statusCode())
                .isEqualTo(202);

        // Byte quota 1: beta holds a CID of unknown size (0 bytes counted), then one of known size: refused.
        String betaFile = json(psa(cluster.peer(0), "POST", "/pins", beta, "{\"cid\":\"" + files.get(0) + "\"}"))
                .get("requestid").asText();
        HttpResponse<String> overBytes = psa(cluster.peer(1), "POST", "/pins", beta, "{\"cid\":\"" + files.get(1)
                + "\"}");
        assertThat(overBytes.statusCode()).as(overBytes.body()).isEqualTo(409);
        assertThat(json(overBytes).at("/error/reason").asText()).isEqualTo("BYTE_QUOTA_EXCEEDED");
        JsonNode usage = json(rest(cluster.peer(1), "GET", "/tenants/beta", ADMIN, null)).get("usage");
        assertThat(usage.get("pins").asInt()).isEqualTo(2);
        assertThat(usage.get("bytes").asLong()).isPositive();
        assertThat(psa(cluster.peer(1), "DELETE", "/pins/" + betaFile, beta, null).statusCode()).isEqualTo(202);
        assertThat(psa(cluster.peer(1), "POST", "/pins", beta, "{\"cid\":\"" + files.get(1) + "\"}").statusCode())
                .as("after the delete only the CID of unknown size is held").isEqualTo(202);

        // The leader goes: the records stay, tokens still work, and a new record is written through the new leader.
        ClusterAssembly oldLeader = cluster.leader();
        int oldIndex = cluster.peers().indexOf(oldLeader);
        oldLeader.close();
        cluster.forget(oldLeader);
        List<ClusterAssembly> left = cluster.peers();
        await().atMost(PATIENCE).until(() -> left.get(0).consensus().leader()
                .filter(l -> !l.equals(oldLeader.peerId())).isPresent());
        assertThat(rest(left.get(0), "POST", "/tenants", ADMIN, "{\"name\":\"gamma\"}").statusCode()).isEqualTo(201);
        assertThat(json(psa(left.get(1), "GET", "/pins", acme, null)).get("count").asInt()).isEqualTo(2);

        // The old leader restarts from its folder (its snapshot and log) and holds every record.
        ClusterAssembly restarted = cluster.start(cluster.dir(oldIndex), Map.of(), null);
        TestCluster.introduce(cluster.peers());
        await().atMost(PATIENCE).untilAsserted(() -> {
            List<String> names = restarted.consensus().psaRecords().table().tenants().stream().map(Tenant::name)
                    .toList();
            assertThat(names).containsExactly("acme", "beta", "gamma");
            assertThat(restarted.psaUrl()).isPresent();
            assertThat(json(psa(restarted, "GET", "/pins", acme, null)).get("count").asInt()).isEqualTo(2);
        });
        assertThat(restarted.consensus().psaRecords().table().tenant("acme").orElseThrow().replicationMax())
                .isEqualTo(3);
    }

    private String tenantToken(ClusterAssembly peer, String tenant) {
        HttpResponse<String> r = rest(peer, "POST", "/tenants/" + tenant + "/tokens", ADMIN, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        return json(r).get("token").asText();
    }

    private HttpResponse<String> rest(ClusterAssembly peer, String method, String path, String basic, String body) {
        return restRaw(peer, method, path, body, basic == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }

    private HttpResponse<String> restRaw(ClusterAssembly peer, String method, String path, String body,
                                         String authorization) {
        return send(peer.restUrl(), method, path, authorization, body);
    }

    private HttpResponse<String> psa(ClusterAssembly peer, String method, String path, String token, String body) {
        return send(peer.psaUrl().orElseThrow(), method, path, "Bearer " + token, body);
    }

    private HttpResponse<String> send(URI base, String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
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
