package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayFilesTest {
    private static final int MIB = 1024 * 1024;
    private static final int CHUNK = 262_144;

    static GatewayHarness gw;

    @BeforeAll
    static void start() throws IOException {
        gw = new GatewayHarness();
    }

    @AfterAll
    static void stop() throws IOException {
        gw.close();
    }

    @Test
    void smallFileIsServedWithImmutableCachingHeaders() throws Exception {
        byte[] data = "hello gateway\n".getBytes(StandardCharsets.UTF_8);
        Cid cid = gw.addFile(data, ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(data);
        assertThat(r.headers().firstValue("etag")).hasValue("\"" + cid + "\"");
        assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=29030400, immutable");
        assertThat(r.headers().firstValue("x-ipfs-path")).hasValue("/ipfs/" + cid);
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(data.length));
        assertThat(r.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");
    }

    @ParameterizedTest(name = "cidVersion={0}")
    @ValueSource(ints = {0, 1})
    void multiChunkFileComesBackByteForByte(int cidVersion) throws Exception {
        byte[] data = GatewayHarness.randomBytes(cidVersion, MIB + 12_345);
        ImportOptions options = cidVersion == 0 ? ImportOptions.kuboDefaults() : ImportOptions.kuboV1();
        Cid cid = gw.addFile(data, options.withChunkSize(CHUNK));
        assertThat(cid.version()).isEqualTo(cidVersion);

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-length")).hasValue(Integer.toString(data.length));
        assertThat(r.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(Arrays.equals(r.body(), data)).as("body equals the imported bytes").isTrue();
    }

    @ParameterizedTest(name = "cidVersion={0}")
    @ValueSource(ints = {0, 1})
    void rangesAcrossChunkBoundariesAreExact(int cidVersion) throws Exception {
        byte[] data = GatewayHarness.randomBytes(7, MIB);
        ImportOptions options = cidVersion == 0 ? ImportOptions.kuboDefaults() : ImportOptions.kuboV1();
        Cid cid = gw.addFile(data, options.withChunkSize(CHUNK));
        long[][] ranges = {{CHUNK - 10, CHUNK + 9}, {CHUNK - 1, 3L * CHUNK}, {0, 0}, {MIB - 1, MIB - 1}};
        for (long[] range : ranges) {
            HttpResponse<byte[]> r = gw.get("/ipfs/" + cid, "Range", "bytes=" + range[0] + "-" + range[1]);

            assertThat(r.statusCode()).isEqualTo(206);
            assertThat(r.headers().firstValue("content-range"))
                    .hasValue("bytes " + range[0] + "-" + range[1] + "/" + MIB);
            assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, (int) range[0], (int) range[1] + 1));
        }
    }

    @Test
    void openAndSuffixRangesAndAnEndPastTheFileAreClamped() throws Exception {
        byte[] data = GatewayHarness.randomBytes(3, 600_000);
        Cid cid = gw.addFile(data, ImportOptions.kuboDefaults());
        String path = "/ipfs/" + cid;

        HttpResponse<byte[]> open = gw.get(path, "Range", "bytes=500000-");
        assertThat(open.statusCode()).isEqualTo(206);
        assertThat(open.body()).isEqualTo(Arrays.copyOfRange(data, 500_000, data.length));
        assertThat(open.headers().firstValue("content-range")).hasValue("bytes 500000-599999/600000");

        HttpResponse<byte[]> suffix = gw.get(path, "Range", "bytes=-300000");
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(data, 300_000, data.length));

        HttpResponse<byte[]> pastEnd = gw.get(path, "Range", "bytes=599990-99999999");
        assertThat(pastEnd.headers().firstValue("content-range")).hasValue("bytes 599990-599999/600000");
        assertThat(pastEnd.body()).hasSize(10);
    }

    @Test
    void multiRangeRequestsGetTheirFirstRangeOnly() throws Exception {
        byte[] data = GatewayHarness.randomBytes(4, 1000);
        Cid cid = gw.addFile(data, ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid, "Range", "bytes=10-19, 100-199");

        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes 10-19/1000");
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(data, 10, 20));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bytes=1000-", "bytes=5000-6000", "bytes=20-10", "bytes=abc", "bytes=-0", "items=0-1",
            "bytes=99999999999999999999999-", "bytes=0-99999999999999999999999", "bytes=--5", "bytes=1-2-3"})
    void unsatisfiableOrMalformedRangesAre416WithTheSize(String range) throws Exception {
        Cid cid = gw.addFile(GatewayHarness.randomBytes(5, 1000), ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid, "Range", range);

        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes */1000");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"code\":416");
    }

    @Test
    void headHasTheGetHeadersAndNoBody() throws Exception {
        byte[] data = GatewayHarness.randomBytes(6, 300_000);
        Cid cid = gw.addFile(data, ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.send("HEAD", "/ipfs/" + cid);
        HttpResponse<byte[]> ranged = gw.send("HEAD", "/ipfs/" + cid, "Range", "bytes=0-99");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("content-length")).hasValue("300000");
        assertThat(r.headers().firstValue("etag")).hasValue("\"" + cid + "\"");
        assertThat(ranged.statusCode()).isEqualTo(206);
        assertThat(ranged.headers().firstValue("content-length")).hasValue("100");
    }

    @Test
    void matchingIfNoneMatchIs304AndOtherTagsAreNot() throws Exception {
        Cid cid = gw.addFile("x".getBytes(StandardCharsets.UTF_8), ImportOptions.kuboDefaults());
        String etag = "\"" + cid + "\"";

        HttpResponse<byte[]> hit = gw.get("/ipfs/" + cid, "If-None-Match", "\"other\", " + etag);
        HttpResponse<byte[]> weak = gw.get("/ipfs/" + cid, "If-None-Match", "W/" + etag);
        HttpResponse<byte[]> miss = gw.get("/ipfs/" + cid, "If-None-Match", "\"other\"");

        assertThat(hit.statusCode()).isEqualTo(304);
        assertThat(hit.body()).isEmpty();
        assertThat(hit.headers().firstValue("etag")).hasValue(etag);
        assertThat(weak.statusCode()).isEqualTo(304);
        assertThat(miss.statusCode()).isEqualTo(200);
    }

    @Test
    void emptyFileIsAnEmpty200() throws Exception {
        Cid cid = gw.addFile(new byte[0], ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("content-length")).hasValue("0");
    }

    @Test
    void aBlockMissingPartWayAbortsTheTransferInsteadOfEndingItShort() throws Exception {
        byte[] data = GatewayHarness.randomBytes(8, MIB);
        Cid cid = gw.addFile(data, ImportOptions.kuboV1().withChunkSize(CHUNK));
        List<Cid> leaves = new DagPbLinkReader().links(cid, gw.store().get(cid));
        gw.store().delete(leaves.get(leaves.size() - 1));

        // The headers (200, full Content-Length) are out before the last leaf is read, so the body must break.
        assertThatThrownBy(() -> gw.get("/ipfs/" + cid)).isInstanceOf(IOException.class);
        HttpResponse<byte[]> firstChunk = gw.get("/ipfs/" + cid, "Range", "bytes=0-99");
        assertThat(firstChunk.statusCode()).isEqualTo(206);
        assertThat(firstChunk.body()).isEqualTo(Arrays.copyOf(data, 100));
    }

    @Test
    void contentTypeIsSniffedWhenTheNameSaysNothing() throws Exception {
        byte[] png = new byte[100];
        System.arraycopy(new byte[] {(byte) 0x89, 'P', 'N', 'G', 0x0d, 0x0a, 0x1a, 0x0a}, 0, png, 0, 8);
        Cid cid = gw.addFile(png, ImportOptions.kuboDefaults());

        HttpResponse<byte[]> r = gw.get("/ipfs/" + cid);

        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
    }
}
