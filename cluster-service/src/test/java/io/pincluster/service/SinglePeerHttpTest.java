package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.identity.PeerIdentity;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A full peer driven only over HTTP, as ipfs-cluster-ctl would drive it. */
@Timeout(120)
class SinglePeerHttpTest {
    private static final String HELLO = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o"; // "hello world\n"
    private static final String BOUNDARY = "pincluster-test-boundary";

    @TempDir
    Path dir;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private HttpResponse<String> send(HttpRequest.Builder b) throws IOException, InterruptedException {
        return http.send(b.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String multipartFile(String filename, String content) {
        return "--" + BOUNDARY + "\r\n"
                + "Content-Disposition: form-data; name=\"file\"; filename=\"" + filename + "\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"
                + content + "\r\n--" + BOUNDARY + "--\r\n";
    }

    @Test
    void addStatusUnpinAndBadInputOverHttp() throws Exception {
        PeerIdentity identity = PeerIdentity.generate();
        try (ClusterAssembly peer = ClusterAssembly.start(dir, TestPeers.config("http"), identity)) {
            URI base = peer.restUrl();

            HttpResponse<String> added = send(HttpRequest.newBuilder(base.resolve("/add?name=greeting"))
                    .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                    .POST(HttpRequest.BodyPublishers.ofString(multipartFile("hello.txt", "hello world\n"),
                            StandardCharsets.UTF_8)));
            assertThat(added.statusCode()).isEqualTo(200);
            assertThat(added.body()).contains("\"name\":\"hello.txt\"").contains(HELLO);

            await().until(() -> send(HttpRequest.newBuilder(base.resolve("/pins/" + HELLO))).body()
                    .contains("\"status\":\"pinned\""));
            HttpResponse<String> allocation = send(HttpRequest.newBuilder(base.resolve("/allocations/" + HELLO)));
            assertThat(allocation.body()).contains("\"name\":\"greeting\"");

            HttpResponse<String> ipns = send(HttpRequest.newBuilder(base.resolve("/pins/ipns/example.com"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(ipns.statusCode()).isEqualTo(400);
            assertThat(ipns.body()).contains("IPNS paths are not supported");

            HttpResponse<String> unpinned = send(HttpRequest.newBuilder(base.resolve("/pins/ipfs/" + HELLO))
                    .DELETE());
            assertThat(unpinned.statusCode()).isEqualTo(200);
            await().until(() -> send(HttpRequest.newBuilder(base.resolve("/pins/" + HELLO))).body()
                    .contains("\"status\":\"unpinned\""));
            assertThat(send(HttpRequest.newBuilder(base.resolve("/allocations/" + HELLO))).statusCode())
                    .isEqualTo(404);
        }
    }

    /**
     * {@code POST /pins/{cid}?pin-update=<from>} reaches the leader's decision: mode and name from the request,
     * replication and metadata (not given) and the allocations from the old pin, which stays pinned; an update
     * from a CID that is not pinned is a 404, as ipfs-cluster answers.
     */
    @Test
    void pinUpdateOverHttpIsDecidedByTheLeader() throws Exception {
        PeerIdentity identity = PeerIdentity.generate();
        ObjectMapper json = new ObjectMapper();
        Cid from = raw("update-from");
        Cid to = raw("update-to");
        try (ClusterAssembly peer = ClusterAssembly.start(dir, TestPeers.config("update"), identity)) {
            URI base = peer.restUrl();
            HttpResponse<String> old = send(HttpRequest.newBuilder(base.resolve("/pins/" + from
                    + "?name=v1&replication-min=1&replication-max=1&meta-k=v"))
                    .POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(old.statusCode()).isEqualTo(200);

            HttpResponse<String> updated = send(HttpRequest.newBuilder(base.resolve("/pins/" + to
                    + "?pin-update=" + from + "&mode=direct&name=v2")).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(updated.statusCode()).isEqualTo(200);
            JsonNode pin = json.readTree(updated.body());
            assertThat(pin.get("cid").asText()).isEqualTo(to.toString());
            assertThat(pin.get("mode").asText()).isEqualTo("direct");
            assertThat(pin.get("name").asText()).isEqualTo("v2");
            assertThat(pin.get("replication_factor_min").asInt()).isEqualTo(1);
            assertThat(pin.get("metadata").get("k").asText()).isEqualTo("v");
            assertThat(pin.get("allocations")).isEqualTo(json.readTree(old.body()).get("allocations"));
            assertThat(send(HttpRequest.newBuilder(base.resolve("/allocations/" + from))).statusCode())
                    .as("the old pin stays").isEqualTo(200);

            HttpResponse<String> missing = send(HttpRequest.newBuilder(base.resolve("/pins/" + raw("other")
                    + "?pin-update=" + raw("never-pinned"))).POST(HttpRequest.BodyPublishers.noBody()));
            assertThat(missing.statusCode()).isEqualTo(404);
        }
    }

    private static Cid raw(String content) {
        return Cid.v1(Codec.RAW, Multihash.sha256(content.getBytes(StandardCharsets.UTF_8)));
    }
}
