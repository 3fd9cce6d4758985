package io.pincluster.service.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The unmodified {@code kubo-rpc-client} npm package (7.1.0, installed by this test from the npm registry) drives
 * the IPFS proxy of a real two-peer cluster: {@code add} gives the CID the REST {@code /add} gives for the same bytes
 * and pins it in the cluster; {@code pin.ls}, {@code pin.rm}, {@code pin.add} and {@code cat} read and change the
 * cluster pinset, checked after each call through the REST API. Skipped, saying why, when Node.js or the npm
 * registry is not there.
 */
@Timeout(600)
class KuboRpcClientProxyTest {
    static final String CLIENT = "kubo-rpc-client@7.1.0";
    private static final List<String> OFFLINE_SIGNS = List.of("ENOTFOUND", "EAI_AGAIN", "ECONNREFUSED", "ETIMEDOUT",
            "ECONNRESET", "network", "timed out", "E403", "E503", "E502");

    @TempDir
    Path dir;
    private TestCluster cluster;

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void kuboRpcClientAddsPinsListsUnpinsAndCatsThroughTheCluster() throws Exception {
        Path npm = Files.createDirectories(dir.resolve("npm"));
        installClient(npm);
        cluster = TestCluster.builder(dir.resolve("cluster")).peers(2).env(ProxyHttp.USERS).start();
        ClusterAssembly peer = cluster.peer(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> cluster.peers().stream()
                .allMatch(p -> p.consensus().leader().isPresent()));
        ProxyHttp http = new ProxyHttp(peer);

        // two chunks and a root: a real DAG, not a single block
        byte[] content = new byte[300_000];
        new Random(15).nextBytes(content);
        Path file = Files.write(dir.resolve("content.bin"), content);
        HttpResponse<String> restAdd = http.restUpload("/add?no-pin=true", "content.bin", content);
        assertThat(restAdd.statusCode()).as(restAdd.body()).isEqualTo(200);
        String restCid = ProxyHttp.lastCid(restAdd.body());
        assertThat(http.rest("GET", "/allocations/" + restCid).statusCode()).as("no-pin REST add").isEqualTo(404);

        JsonNode added = client(npm, http, "add", file.toString());
        assertThat(added.get("cid").asText()).as("kubo-rpc-client add vs REST /add").isEqualTo(restCid);
        assertThat(added.get("size").asLong()).isGreaterThan(content.length);
        assertPinned(http, restCid, true);

        JsonNode all = client(npm, http, "pin.ls");
        assertThat(cids(all)).isEqualTo(clusterPinset(http)).contains(restCid);
        assertThat(all.get(0).get("type").asText()).isEqualTo("recursive");

        JsonNode cat = client(npm, http, "cat", restCid);
        assertThat(Base64.getDecoder().decode(cat.get("base64").asText())).isEqualTo(content);

        JsonNode removed = client(npm, http, "pin.rm", restCid);
        assertThat(removed.get("cid").asText()).isEqualTo(restCid);
        assertPinned(http, restCid, false);
        assertThat(cids(client(npm, http, "pin.ls"))).doesNotContain(restCid).isEqualTo(clusterPinset(http));

        JsonNode pinned = client(npm, http, "pin.add", restCid);
        assertThat(pinned.get("cid").asText()).isEqualTo(restCid);
        assertPinned(http, restCid, true);
        JsonNode one = client(npm, http, "pin.ls", restCid);
        assertThat(cids(one)).containsExactly(restCid);
        assertThat(one.get(0).get("type").asText()).isEqualTo("recursive");
        // the other peer sees the same pinset: the calls changed the cluster's, not one node's
        ProxyHttp other = new ProxyHttp(cluster.peer(1));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(other.rest("GET", "/allocations/" + restCid).statusCode()).isEqualTo(200));
    }

    private static void assertPinned(ProxyHttp http, String cid, boolean pinned) throws Exception {
        HttpResponse<String> r = http.rest("GET", "/allocations/" + cid);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(pinned ? 200 : 404);
    }

    private static Set<String> clusterPinset(ProxyHttp http) throws Exception {
        HttpResponse<String> r = http.rest("GET", "/allocations");
        assertThat(r.statusCode()).as(r.body()).isIn(200, 204); // 204: the pinset is empty
        Set<String> out = new HashSet<>();
        String body = r.body().strip();
        if (body.isEmpty()) {
            return out;
        }
        JsonNode node = ProxyHttp.JSON.readTree(body.startsWith("[") ? body : "[" + body.replace("\n", ",") + "]");
        node.forEach(p -> out.add(p.get("cid").asText()));
        return out;
    }

    private static Set<String> cids(JsonNode pins) {
        Set<String> out = new HashSet<>();
        pins.forEach(p -> out.add(p.get("cid").asText()));
        return out;
    }

    private JsonNode client(Path npm, ProxyHttp http, String op, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", "kubo-client.mjs", http.proxyUrl(),
                ProxyHttp.basic("pat", "pat-pw"), op));
        command.addAll(List.of(args));
        NodeProcess.Result r = NodeProcess.run(npm, command, 120);
        assertThat(r.exit()).as("kubo-rpc-client %s: %s %s", op, r.out(), r.err()).isZero();
        String[] lines = r.out().strip().split("\n");
        return ProxyHttp.JSON.readTree(lines[lines.length - 1]);
    }

    /** npm-installs the client next to the driver script; skips when Node.js or the registry is missing. */
    private static void installClient(Path npm) throws Exception {
        Assumptions.assumeTrue(NodeProcess.available(npm, "node") && NodeProcess.available(npm, "npm"),
                "Node.js and npm are needed to run kubo-rpc-client; skipping");
        try (InputStream script = KuboRpcClientProxyTest.class.getResourceAsStream("/proxy/kubo-client.mjs")) {
            Files.copy(script, npm.resolve("kubo-client.mjs"));
        }
        Files.writeString(npm.resolve("package.json"), "{\"name\":\"proxy-test\",\"private\":true,\"type\":\"module\"}");
        // --prefer-offline: package metadata already in npm's cache is used without asking the registry again;
        // whatever the cache lacks still comes from the registry
        NodeProcess.Result r = NodeProcess.run(npm, List.of("npm", "install", "--prefer-offline", "--no-audit",
                "--no-fund", "--ignore-scripts", "--loglevel=error", CLIENT), 420);
        if (r.exit() != 0) {
            String why = r.out() + r.err();
            boolean offline = OFFLINE_SIGNS.stream().anyMatch(why::contains);
            Assumptions.assumeFalse(offline, "the npm registry cannot be reached to install " + CLIENT
                    + "; skipping: " + why.strip().lines().findFirst().orElse(""));
            throw new AssertionError("npm install " + CLIENT + " failed: " + why);
        }
    }
}
