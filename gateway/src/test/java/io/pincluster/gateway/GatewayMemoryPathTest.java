package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.DirectoryEntry;
import io.pincluster.gateway.content.NotInMemoryException;
import io.pincluster.gateway.content.ResolvedNode;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.PathImporter;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A source with a memory-only view ({@link ContentSource#inMemory()}): requests its hot blocks answer are served
 * from it (on the event loop) without touching the full source; anything else (a block not hot, a file of several
 * pieces, a listing, a CAR) is answered by the full source, with the same bytes and statuses.
 */
class GatewayMemoryPathTest {
    private final InMemoryBlockStore store = new InMemoryBlockStore();
    private final Set<Cid> hot = ConcurrentHashMap.newKeySet();
    private final AtomicInteger fullSourceCalls = new AtomicInteger();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private GatewayServer server;

    /** The store's source, counting its calls, with a view of the blocks in {@code hot}. */
    private final class HotSource implements ContentSource {
        private final ContentSource inner = BlockStoreContentSource.over(store);
        private final ContentSource memory = BlockStoreContentSource.memoryOnly(cid -> {
            if (!hot.contains(cid)) {
                throw NotInMemoryException.INSTANCE;
            }
            return store.get(cid);
        });

        @Override
        public ContentSource inMemory() {
            return memory;
        }

        @Override
        public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
            fullSourceCalls.incrementAndGet();
            return inner.resolve(root, path);
        }

        @Override
        public InputStream openFile(Cid file, long offset, long length) throws IOException {
            fullSourceCalls.incrementAndGet();
            return inner.openFile(file, offset, length);
        }

        @Override
        public List<DirectoryEntry> list(Cid directory) throws IOException {
            fullSourceCalls.incrementAndGet();
            return inner.list(directory);
        }

        @Override
        public byte[] rawBlock(Cid cid) throws IOException {
            fullSourceCalls.incrementAndGet();
            return inner.rawBlock(cid);
        }

        @Override
        public void checkComplete(Cid root) throws IOException {
            fullSourceCalls.incrementAndGet();
            inner.checkComplete(root);
        }

        @Override
        public void exportCar(Cid root, OutputStream out) throws IOException {
            fullSourceCalls.incrementAndGet();
            inner.exportCar(root, out);
        }
    }

    @BeforeEach
    void start() {
        server = new GatewayServer(GatewayConfig.ephemeral(), new HotSource()).start();
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

    private void makeAllHot() {
        store.keys().forEachRemaining(mh -> hot.add(Cid.v0(mh)));
    }

    @Test
    void aHotFileOfOnePieceIsAnsweredFromMemoryAlone() throws Exception {
        byte[] data = new byte[64 * 1024];
        new Random(1).nextBytes(data);
        Cid cid = add(data);

        HttpResponse<byte[]> cold = get("/ipfs/" + cid);
        assertThat(cold.body()).isEqualTo(data);
        assertThat(fullSourceCalls.get()).as("not hot: the full source answers").isPositive();

        hot.add(cid);
        fullSourceCalls.set(0);
        HttpResponse<byte[]> warm = get("/ipfs/" + cid);
        HttpResponse<byte[]> range = get("/ipfs/" + cid, "Range", "bytes=10-19");
        HttpResponse<byte[]> raw = get("/ipfs/" + cid + "?format=raw");
        HttpResponse<byte[]> missing = get("/ipfs/" + cid + "/no-such-name");

        assertThat(warm.statusCode()).isEqualTo(200);
        assertThat(warm.body()).isEqualTo(data);
        assertThat(warm.headers().firstValue("etag")).isEqualTo(cold.headers().firstValue("etag"));
        assertThat(warm.headers().firstValue("content-type")).isEqualTo(cold.headers().firstValue("content-type"));
        assertThat(warm.headers().firstValue("x-ipfs-path")).isEqualTo(cold.headers().firstValue("x-ipfs-path"));
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(java.util.Arrays.copyOfRange(data, 10, 20));
        assertThat(raw.statusCode()).isEqualTo(200);
        assertThat(raw.body()).isEqualTo(store.get(cid));
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(fullSourceCalls.get()).as("hot: answered from memory alone").isZero();
    }

    @Test
    void filesOfManyPiecesPartlyHotFilesListingsAndCarsGoToTheFullSource() throws Exception {
        byte[] big = new byte[1024 * 1024 + 3];
        new Random(2).nextBytes(big);
        Cid bigCid = add(big);
        hot.add(bigCid); // the root only: its leaves are not hot
        assertThat(get("/ipfs/" + bigCid).body()).isEqualTo(big);
        makeAllHot(); // every block hot, but four pieces: streamed from the blocking executor
        fullSourceCalls.set(0);
        assertThat(get("/ipfs/" + bigCid).body()).isEqualTo(big);
        assertThat(fullSourceCalls.get()).isPositive();
    }

    @Test
    void listingsAndCarsAreAnsweredByTheFullSourceEvenWhenHot(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("site"));
        Files.writeString(dir.resolve("site/a.txt"), "a\n");
        Cid root = new PathImporter(ImportOptions.kuboDefaults())
                .importPaths(List.of(dir.resolve("site")), store, e -> { }, null).cid();
        makeAllHot();
        fullSourceCalls.set(0);
        HttpResponse<byte[]> listing = get("/ipfs/" + root + "/");
        assertThat(listing.statusCode()).isEqualTo(200);
        assertThat(new String(listing.body(), StandardCharsets.UTF_8)).contains("a.txt");
        assertThat(fullSourceCalls.get()).isPositive();
        fullSourceCalls.set(0);
        HttpResponse<byte[]> car = get("/ipfs/" + root + "?format=car");
        assertThat(car.statusCode()).isEqualTo(200);
        assertThat(fullSourceCalls.get()).isPositive();
        assertThat(get("/ipfs/" + root + "/a.txt").body()).isEqualTo("a\n".getBytes(StandardCharsets.UTF_8));
    }
}
