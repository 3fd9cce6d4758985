package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
    private final HttpClient http = HttpClient.newHttpClient();

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
}
