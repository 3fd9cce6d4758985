package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.DirectoryEntry;
import io.pincluster.gateway.content.ResolvedNode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * File bodies as pieces ({@link ContentSource#openChunks}) through a source that only has the default,
 * copying adapter over {@link ContentSource#openFile}: whole files and ranges come back byte for byte, and every
 * opened file is closed, when its body is done and when the client goes away part-way.
 */
class GatewayStreamingTest {
    private final InMemoryBlockStore store = new InMemoryBlockStore();
    private final AtomicInteger opened = new AtomicInteger();
    private final AtomicInteger closed = new AtomicInteger();
    private GatewayServer server;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();

    /** Everything from the store's source, but files only through openFile, counted. */
    private final class StreamOnlySource implements ContentSource {
        private final ContentSource inner = BlockStoreContentSource.over(store);

        @Override
        public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
            return inner.resolve(root, path);
        }

        @Override
        public InputStream openFile(Cid file, long offset, long length) throws IOException {
            InputStream in = inner.openFile(file, offset, length);
            opened.incrementAndGet();
            return new java.io.FilterInputStream(in) {
                @Override
                public void close() throws IOException {
                    closed.incrementAndGet();
                    super.close();
                }
            };
        }

        @Override
        public List<DirectoryEntry> list(Cid directory) throws IOException {
            return inner.list(directory);
        }

        @Override
        public byte[] rawBlock(Cid cid) throws IOException {
            return inner.rawBlock(cid);
        }

        @Override
        public void checkComplete(Cid root) throws IOException {
            inner.checkComplete(root);
        }

        @Override
        public void exportCar(Cid root, OutputStream out) throws IOException {
            inner.exportCar(root, out);
        }
    }

    @BeforeEach
    void start() {
        server = new GatewayServer(GatewayConfig.ephemeral(), new StreamOnlySource()).start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Cid add(byte[] data) throws IOException {
        return new FileImporter(ImportOptions.kuboDefaults()).importFile(new ByteArrayInputStream(data), store, null)
                .cid();
    }

    private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void filesOfManyPiecesAndRangesComeBackWholeAndEveryOpenedFileIsClosed() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 + 777]; // 13 pieces of 256 KiB
        new Random(3).nextBytes(data);
        Cid cid = add(data);

        HttpResponse<byte[]> whole = get("/ipfs/" + cid);
        assertThat(whole.statusCode()).isEqualTo(200);
        assertThat(whole.body()).isEqualTo(data);
        assertThat(whole.headers().firstValue("content-type")).hasValue("application/octet-stream");

        HttpResponse<byte[]> range = get("/ipfs/" + cid, "Range", "bytes=100000-2000000");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 100_000, 2_000_001));

        byte[] small = "a small text file\n".getBytes(StandardCharsets.UTF_8);
        HttpResponse<byte[]> one = get("/ipfs/" + add(small));
        assertThat(one.body()).isEqualTo(small);
        assertThat(one.headers().firstValue("content-type")).hasValue("text/plain; charset=utf-8");

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(closed.get()).isEqualTo(opened.get()));
    }

    @Test
    void aClientThatGoesAwayPartWayReleasesTheFile() throws Exception {
        byte[] data = new byte[8 * 1024 * 1024];
        new Random(4).nextBytes(data);
        Cid cid = add(data);
        try (Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            socket.setReceiveBufferSize(4096);
            socket.getOutputStream().write(("GET /ipfs/" + cid + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            assertThat(socket.getInputStream().readNBytes(1000)).hasSize(1000);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(opened.get()).isPositive();
            assertThat(closed.get()).isEqualTo(opened.get());
        });
    }
}
