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
     * {@code POST /add?format=car} over real HTTP: the multipart parser hands parts over one at a time, and looking for
     * a second part used to skip the CAR's own bytes, so every CAR upload failed with a 500 ("Stream closed"). A valid
     * one-root CAR adds and pins its root; a broken CAR, two files and an empty upload are 400s that say why.
     */
    @Test
    void carUploadAddsItsRootAndBrokenUploadsAreBadRequests() throws Exception {
        byte[] block = "a block carried in a CAR\n".getBytes(StandardCharsets.UTF_8);
        Cid root = Cid.v1(Codec.RAW, Multihash.sha256(block));
        byte[] car = car(root, block);
        try (ClusterAssembly peer = ClusterAssembly.start(dir, TestPeers.config("car"), PeerIdentity.generate())) {
            URI add = peer.restUrl().resolve("/add?format=car");

            HttpResponse<String> added = send(multipart(add, part("one.car", car)));
            assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
            assertThat(added.body()).contains(root.toString());
            await().until(() -> send(HttpRequest.newBuilder(peer.restUrl().resolve("/pins/" + root))).body()
                    .contains("\"status\":\"pinned\""));

            byte[] cut = java.util.Arrays.copyOf(car, car.length - 5);
            HttpResponse<String> broken = send(multipart(add, part("cut.car", cut)));
            assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
            assertThat(broken.body()).contains("CAR");

            HttpResponse<String> two = send(multipart(add, part("a.car", car), part("b.car", car)));
            assertThat(two.statusCode()).as(two.body()).isEqualTo(400);
            assertThat(two.body()).contains("exactly one file");

            HttpResponse<String> none = send(multipart(add));
            assertThat(none.statusCode()).as(none.body()).isEqualTo(400);
        }
    }

    /** A CARv1 of one block: the header naming {@code root}, then the block's section. */
    private static byte[] car(Cid root, byte[] block) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] header = io.pincluster.ipld.car.CarHeaderCodec.encode(java.util.List.of(root));
        byte[] cid = root.bytes();
        varint(out, header.length);
        out.writeBytes(header);
        varint(out, cid.length + block.length);
        out.writeBytes(cid);
        out.writeBytes(block);
        return out.toByteArray();
    }

    private static void varint(java.io.ByteArrayOutputStream out, long value) {
        byte[] buf = new byte[10];
        out.write(buf, 0, io.pincluster.ipld.dagpb.ProtoWire.writeVarint(value, buf, 0));
    }

    private static byte[] part(String filename, byte[] content) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.writeBytes(("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static HttpRequest.Builder multipart(URI url, byte[]... parts) {
        java.io.ByteArrayOutputStream body = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            body.writeBytes(p);
        }
        body.writeBytes(("--" + BOUNDARY + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(url).header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray()));
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
