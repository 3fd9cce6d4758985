package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayBadInputTest {
    @TempDir
    static Path dir;
    static GatewayHarness gw;
    static Cid root;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayHarness();
        Path tree = dir.resolve("tree");
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("sub/file.txt"), "content");
        root = gw.addPath(tree, ImportOptions.kuboDefaults());
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
    }

    private static String body(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/ipfs/notacid                                  | malformed CID",
            "/ipfs/Qm123                                    | malformed CID",
            "/ipfs/bafyINVALID%20cid                        | malformed CID",
            "/ipfs/                                         | missing CID"})
    void malformedCidsAre400NamingTheProblem(String path, String problem) throws Exception {
        HttpResponse<byte[]> r = gw.get(path);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(body(r)).contains("\"code\":400").contains(problem);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "/sub%2Ffile.txt               | encoded slash",
            "/sub%2ffile.txt               | encoded slash",
            "/sub/%ff%fe                   | not valid UTF-8",
            "/sub/./file.txt               | dot segment",
            "/sub/%2e/file.txt             | dot segment",
            "/./sub/file.txt               | dot segment",
            "/sub//file.txt                | empty path segment"})
    void unsafePathsAre400NamingTheRuleBroken(String suffix, String problem) throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + suffix);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(body(r)).contains("\"code\":400").contains(problem);
    }

    /** Armeria refuses these before the gateway sees them; the body then lists the path rules. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/sub/%2e%2e/sub/file.txt", "/sub/%2E%2E/sub/file.txt",
            "/sub/.%2e/file.txt", "/sub/%2e%2e%2fsub/file.txt", "/sub/file%00.txt", "/sub/../sub/file.txt"})
    void dotDotAndNulPathsAre400WithTheRules(String suffix) throws Exception {
        HttpResponse<byte[]> r = gw.get("/ipfs/" + root + suffix);

        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).contains("json"));
        assertThat(body(r)).contains("\"code\":400").contains("invalid request path").contains("dot segments");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/sub/%zz", "/sub/%e", "/sub/a\u00e9"})
    void escapesTheJdkClientWouldNotSendAre400(String suffix) throws Exception {
        String response = gw.rawGet("/ipfs/" + root + suffix);

        assertThat(response).startsWith("HTTP/1.1 400").contains("\"code\":400");
        assertThat(response).doesNotContain("Exception");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ipns/example.com", "/favicon.ico", "/ipfs"})
    void pathsOutsideIpfsAre404(String path) throws Exception {
        HttpResponse<byte[]> r = gw.get(path);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r)).contains("\"code\":404");
    }

    @Test
    void writesAre405() throws Exception {
        HttpResponse<byte[]> r = gw.send("POST", "/ipfs/" + root);

        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void contentNotHeldIs404SayingSo() throws Exception {
        Cid absent = Cid.v1(Codec.RAW, Multihash.sha256("never added".getBytes(StandardCharsets.UTF_8)));

        HttpResponse<byte[]> r = gw.get("/ipfs/" + absent);
        HttpResponse<byte[]> raw = gw.get("/ipfs/" + absent + "?format=raw");

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r)).contains("not held by this peer").contains(absent.toString());
        assertThat(raw.statusCode()).isEqualTo(404);
    }

    @Test
    void corruptBlockIs404AndGetsQuarantined() throws Exception {
        byte[] data = "to be corrupted".getBytes(StandardCharsets.UTF_8);
        Cid cid = gw.addFile(data, ImportOptions.kuboV1());
        gw.store().tamper(cid, "tampered bytes!".getBytes(StandardCharsets.UTF_8));

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(body(r)).contains("not held");
        assertThat(gw.store().has(cid)).isFalse();
    }

    @Test
    void nonUnixFsCodecIs406ButAvailableAsRaw() throws Exception {
        byte[] emptyCborMap = {(byte) 0xa0};
        Cid cbor = Cid.v1(Codec.DAG_CBOR, Multihash.sha256(emptyCborMap));
        gw.store().put(cbor, emptyCborMap);

        HttpResponse<byte[]> deserialized = gw.get("/ipfs/" + cbor);
        HttpResponse<byte[]> raw = gw.get("/ipfs/" + cbor + "?format=raw");

        assertThat(deserialized.statusCode()).isEqualTo(406);
        assertThat(body(deserialized)).contains("format=raw");
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(emptyCborMap);
    }

    @Test
    void dagPbNodeThatIsNotUnixFsIs422() throws Exception {
        byte[] block = DagPbCodec.encode(new PbNode(List.of(), null));
        Cid cid = Cid.v0(Multihash.sha256(block));
        gw.store().put(cid, block);

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(body(r)).contains("not UnixFS").doesNotContain("Exception").doesNotContain("at io.");
    }
}
