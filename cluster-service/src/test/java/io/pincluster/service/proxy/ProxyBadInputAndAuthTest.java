package io.pincluster.service.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The IPFS proxy of a real one-peer cluster refuses bad input with a 4xx in Kubo's error shape
 * ({@code {"Message","Code","Type":"error"}}), never a 500, and is authenticated like the REST API: no or wrong
 * credentials are 401, a role too small is 403, a REST bearer token works, and the commands that do work act on the
 * cluster pinset.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProxyBadInputAndAuthTest {
    private static final String PAT = ProxyHttp.basic("pat", "pat-pw");
    private static final String RITA = ProxyHttp.basic("rita", "rita-pw");
    private static final String ROOT = ProxyHttp.ROOT;
    /** The CID of "hello world\n" as Kubo adds it. */
    private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

    private TestCluster cluster;
    private ProxyHttp http;

    @BeforeAll
    void startCluster(@TempDir Path dir) throws Exception {
        cluster = TestCluster.builder(dir).peers(1).env(ProxyHttp.USERS).start();
        ClusterAssembly peer = cluster.peer(0);
        await().atMost(Duration.ofSeconds(60)).until(() -> peer.consensus().leader().isPresent());
        http = new ProxyHttp(peer);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    /** A Kubo-shaped error with {@code status} and {@code code}, whose message names {@code mentions}. */
    private static void kuboError(HttpResponse<String> r, int status, int code, String mentions) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        JsonNode body = ProxyHttp.json(r);
        assertThat(body.get("Type").asText()).as(r.body()).isEqualTo("error");
        assertThat(body.get("Code").asInt()).as(r.body()).isEqualTo(code);
        assertThat(body.get("Message").asText()).as(r.body()).containsIgnoringCase(mentions);
        assertThat(r.headers().firstValue("content-type").orElse("")).startsWith("application/json");
    }

    @Test
    void badInputIsAKuboShaped4xx() throws Exception {
        kuboError(http.proxy("POST", "pin/add", ROOT), 400, 1, "argument");
        kuboError(http.proxy("POST", "pin/add?arg=not-a-cid", ROOT), 400, 1, "not-a-cid");
        kuboError(http.proxy("POST", "pin/add?arg=/ipns/example.com", ROOT), 400, 1, "IPNS");
        kuboError(http.proxy("POST", "pin/add?arg=" + HELLO + "&recursive=maybe", ROOT), 400, 1, "recursive");
        kuboError(http.proxy("POST", "pin/add?arg=" + HELLO + "&replication-min=-7", ROOT), 400, 1, "replication");
        kuboError(http.proxy("POST", "pin/ls?type=sideways", ROOT), 400, 1, "sideways");
        kuboError(http.proxy("POST", "pin/ls?arg=" + HELLO, ROOT), 404, 3, "not pinned");
        kuboError(http.proxy("POST", "pin/rm?arg=" + HELLO, ROOT), 404, 3, "not pinned");
        kuboError(http.proxy("POST", "pin/update?arg=" + HELLO, ROOT), 400, 1, "argument");
        kuboError(http.proxy("POST", "pin/update?arg=" + HELLO + "&arg=bafkqaaa", ROOT), 404, 3, "'from'");
        kuboError(http.proxy("POST", "cat", ROOT), 400, 1, "argument");
        kuboError(http.proxy("POST", "cat?arg=" + HELLO + "&offset=-1", ROOT), 400, 1, "offset");
        kuboError(http.proxy("POST", "cat?arg=/ipns/x", ROOT), 400, 1, "/ipfs/");
        kuboError(http.proxy("POST", "add", ROOT), 400, 1, "multipart");
        kuboError(http.proxyUpload("add?only-hash=true", "a.txt", bytes("a"), ROOT), 400, 1, "only-hash");
        kuboError(http.proxyUpload("add?chunker=rabin", "a.txt", bytes("a"), ROOT), 400, 1, "chunker");
        kuboError(http.proxyUpload("block/put?cid-codec=dag-cbor", "b", bytes("{}"), ROOT), 400, 1, "dag-cbor");
        kuboError(http.proxyUpload("block/put?mhtype=sha3-256", "b", bytes("x"), ROOT), 400, 1, "sha2-256");
        kuboError(http.proxyUpload("block/put?cid-codec=dag-pb", "b", bytes("not protobuf"), ROOT), 400, 1,
                "dag-pb");
        kuboError(http.proxyUpload("dag/put", "d", bytes("{\"a\":1}"), ROOT), 400, 1, "dag-json");
        kuboError(http.proxy("POST", "id?arg=12D3KooWSomeoneElse", ROOT), 400, 1, "identity");
        kuboError(http.proxy("POST", "no/such/command", ROOT), 404, 3, "not found");
        kuboError(http.proxy("GET", "version", ROOT), 405, 1, "POST");
        kuboError(http.proxy("GET", "pin/add?arg=" + HELLO, ROOT), 405, 1, "POST");
        // refused before any route runs (a path Armeria does not accept): Kubo's shape too
        kuboError(http.proxy("POST", "pin/add?arg=%00", ROOT), 400, 1, "bad request");
        kuboError(http.proxy("POST", "pin/add?arg=" + "x".repeat(70_000), ROOT), 414, 1, "");
        // none of the refused pins reached the pinset
        assertThat(http.rest("GET", "/allocations/" + HELLO).statusCode()).isEqualTo(404);
    }

    @Test
    void credentialsAndRolesAreTheRestApis() throws Exception {
        kuboError(http.proxy("POST", "version", null), 401, 6, "unauthorized");
        kuboError(http.proxy("POST", "version", ProxyHttp.basic("root", "wrong")), 401, 6, "unauthorized");
        kuboError(http.proxy("POST", "version", "Bearer not.a.token"), 401, 6, "invalid token");
        assertThat(http.proxy("POST", "version", RITA).statusCode()).isEqualTo(200);
        assertThat(http.proxy("POST", "pin/ls", RITA).statusCode()).isEqualTo(200);
        kuboError(http.proxy("POST", "pin/add?arg=bafkqaaa", RITA), 403, 6, "pinner");
        kuboError(http.proxy("POST", "repo/gc", PAT), 403, 6, "admin");

        // a bearer token from the REST API's POST /token acts for its user on the proxy
        HttpResponse<String> issued = http.restAs("POST", "/token", PAT);
        assertThat(issued.statusCode()).as(issued.body()).isEqualTo(200);
        String token = "Bearer " + ProxyHttp.json(issued).get("token").asText();
        HttpResponse<String> pinned = http.proxy("POST", "pin/add?arg=bafkqaaa&name=by-token", token);
        assertThat(pinned.statusCode()).as(pinned.body()).isEqualTo(200);
        assertThat(ProxyHttp.json(pinned).get("Pins").get(0).asText()).isEqualTo("bafkqaaa");
        JsonNode pin = ProxyHttp.json(http.rest("GET", "/allocations/bafkqaaa"));
        assertThat(pin.get("name").asText()).isEqualTo("by-token");
        assertThat(http.proxy("POST", "pin/rm?arg=bafkqaaa", token).statusCode()).isEqualTo(200);
        assertThat(http.rest("GET", "/allocations/bafkqaaa").statusCode()).isEqualTo(404);
    }

    @Test
    void blockPutPinUpdateAndRepoCommandsActOnTheCluster() throws Exception {
        HttpResponse<String> put = http.proxyUpload("block/put?pin=true&name=blk", "b", bytes("hello world\n"), PAT);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        String key = ProxyHttp.json(put).get("Key").asText();
        // raw codec, CIDv1: the same as Kubo >= 0.19 answers for these bytes
        assertThat(key).isEqualTo("bafkreifjjcie6lypi6ny7amxnfftagclbuxndqonfipmb64f2km2devei4");
        assertThat(ProxyHttp.json(http.rest("GET", "/allocations/" + key)).get("name").asText()).isEqualTo("blk");

        HttpResponse<String> update = http.proxy("POST", "pin/update?arg=" + key + "&arg=bafkqaaa", PAT);
        assertThat(update.statusCode()).as(update.body()).isEqualTo(200);
        assertThat(ProxyHttp.json(update).get("Pins").toString()).isEqualTo("[\"" + key + "\",\"bafkqaaa\"]");
        assertThat(http.rest("GET", "/allocations/" + key).statusCode()).isEqualTo(404);
        assertThat(http.rest("GET", "/allocations/bafkqaaa").statusCode()).isEqualTo(200);

        HttpResponse<String> ls = http.proxy("POST", "pin/ls?type=recursive", RITA);
        assertThat(ls.statusCode()).as(ls.body()).isEqualTo(200);
        assertThat(ProxyHttp.json(ls).get("Keys").has("bafkqaaa")).as(ls.body()).isTrue();
        HttpResponse<String> direct = http.proxy("POST", "pin/ls?type=direct", RITA);
        assertThat(ProxyHttp.json(direct).get("Keys").size()).as(direct.body()).isZero();

        HttpResponse<String> stat = http.proxy("POST", "repo/stat", RITA);
        assertThat(stat.statusCode()).as(stat.body()).isEqualTo(200);
        assertThat(ProxyHttp.json(stat).get("NumObjects").isNumber()).isTrue();
        assertThat(ProxyHttp.json(stat).get("RepoSize").asLong()).isPositive();

        // the raw block is no longer pinned: the cluster-wide GC frees it, and says so in Kubo's lines
        // (the peer drops its local pin shortly after the unpin commits, so GC until the block goes)
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            HttpResponse<String> gc = http.proxy("POST", "repo/gc", ROOT);
            assertThat(gc.statusCode()).as(gc.body()).isEqualTo(200);
            assertThat(gc.body()).contains("{\"Key\":{\"/\":\"" + key + "\"}}");
        });
        assertThat(http.rest("DELETE", "/pins/bafkqaaa").statusCode()).isEqualTo(200);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
