package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.service.security.LegacyRevocations;
import io.pincluster.service.testing.TestCluster;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code DELETE /token/{jti}} revokes a token on every peer (decision 0007): a token issued by peer A and revoked
 * through peer B is refused by B when the call returns and by A and C as soon as they apply the entry; a peer that
 * was down meanwhile refuses it after its restart (from the leader's log), and so does a peer restarted from its
 * snapshot. A peer folder holding the per-peer file of earlier builds has it imported into the cluster's record.
 */
@Timeout(240)
class TokenRevocationClusterTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, String> USERS = Map.of(
            "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS", "{\"root\":\"root-pw\",\"bob\":\"bob-pw\"}",
            "PINCLUSTER_RESTAPI_USER_ROLES", "{\"bob\":\"pinner\"}");

    @TempDir
    Path dir;
    private TestCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stopAll() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private int send(ClusterAssembly peer, String method, String path, String authorization) throws Exception {
        return call(peer, method, path, authorization).statusCode();
    }

    private HttpResponse<String> call(ClusterAssembly peer, String method, String path, String authorization)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(peer.restUrl() + path))
                .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password)
                .getBytes(StandardCharsets.UTF_8));
    }

    private static String jtiOf(String token) throws Exception {
        return JSON.readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("jti").asText();
    }

    private String tokenFrom(ClusterAssembly peer, String user, String password) throws Exception {
        HttpResponse<String> r = call(peer, "POST", "/token", basic(user, password));
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("token").asText();
    }

    @Test
    void aTokenRevokedThroughOnePeerIsRefusedByEveryPeerAndAfterRestarts() throws Exception {
        cluster = TestCluster.builder(dir).peers(3).secret("7e".repeat(32)).env(USERS).start();
        List<ClusterAssembly> peers = cluster.peers();
        await().atMost(Duration.ofSeconds(60)).until(() -> peers.stream()
                .allMatch(p -> p.consensus().leader().isPresent()));
        ClusterAssembly a = peers.get(0);
        ClusterAssembly b = peers.get(1);
        ClusterAssembly c = peers.get(2);

        String bobs = "Bearer " + tokenFrom(a, "bob", "bob-pw");
        for (ClusterAssembly p : peers) {
            assertThat(send(p, "GET", "/id", bobs)).as("every peer accepts every peer's tokens").isEqualTo(200);
        }
        HttpResponse<String> revoked = call(b, "DELETE", "/token/" + jtiOf(bobs.substring(7)), bobs);
        assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(204);
        assertThat(send(b, "GET", "/id", bobs)).as("refused where revoked once the call returned").isEqualTo(401);
        await().atMost(Duration.ofSeconds(10)).until(() -> send(a, "GET", "/id", bobs) == 401
                && send(c, "GET", "/id", bobs) == 401);

        // C is down while root revokes another of bob's tokens through A; restarted, C has it from the log
        String second = "Bearer " + tokenFrom(c, "bob", "bob-pw");
        c.close();
        cluster.forget(c);
        assertThat(send(a, "DELETE", "/token/" + jtiOf(second.substring(7)), basic("root", "root-pw")))
                .isEqualTo(204);
        ClusterAssembly c2 = cluster.start(cluster.dir(2), Map.of(), null);
        await().atMost(Duration.ofSeconds(30)).until(() -> send(c2, "GET", "/id", second) == 401);
        assertThat(send(c2, "GET", "/id", bobs)).isEqualTo(401);
        assertThat(send(c2, "GET", "/id", "Bearer " + tokenFrom(c2, "bob", "bob-pw"))).as("a fresh token works")
                .isEqualTo(200);

        // A stops (writing its final snapshot) and starts again from it
        a.close();
        cluster.forget(a);
        ClusterAssembly a2 = cluster.start(cluster.dir(0), Map.of(), null);
        assertThat(send(a2, "GET", "/id", bobs)).isEqualTo(401);
        assertThat(send(a2, "GET", "/id", second)).isEqualTo(401);
    }

    /** The file earlier builds kept per peer is read once, submitted to the cluster, and retired. */
    @Test
    void theFileOfAnEarlierBuildIsImportedAndRetired() throws Exception {
        cluster = TestCluster.builder(dir).peers(1).secret("7f".repeat(32)).env(USERS).start();
        ClusterAssembly peer = cluster.peer(0);
        String bobs = "Bearer " + tokenFrom(peer, "bob", "bob-pw");
        String roots = "Bearer " + tokenFrom(peer, "root", "root-pw");
        peer.close();
        cluster.forget(peer);
        long now = Instant.now().getEpochSecond();
        Path file = cluster.dir(0).resolve(LegacyRevocations.FILE);
        Files.writeString(file, "[{\"jti\":\"" + jtiOf(bobs.substring(7)) + "\",\"owner\":\"*\",\"revoked_at\":" + now
                + "},{\"jti\":\"" + jtiOf(roots.substring(7)) + "\",\"owner\":\"bob\",\"revoked_at\":" + now + "}]");

        ClusterAssembly again = cluster.start(cluster.dir(0), Map.of(), null);
        assertThat(send(again, "GET", "/id", bobs)).as("an admin's revocation from the old file").isEqualTo(401);
        assertThat(send(again, "GET", "/id", roots)).as("bob's revocation does not void root's token")
                .isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(file));
        assertThat(cluster.dir(0).resolve(LegacyRevocations.FILE + LegacyRevocations.IMPORTED_SUFFIX)).exists();
        assertThat(again.consensus().isRevoked(jtiOf(bobs.substring(7)), "bob")).as("in the cluster's record")
                .isTrue();
    }
}
