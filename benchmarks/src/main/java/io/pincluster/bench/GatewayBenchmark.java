package io.pincluster.bench;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.gateway.GatewayConfig;
import io.pincluster.gateway.GatewayServer;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How many {@code GET /ipfs/{cid}} of a small file can the gateway answer per second over loopback? A real
 * {@link GatewayServer} serves a file imported as {@code ipfs add} would (so one dag-pb leaf at 64 KiB) from an
 * embedded block store in a temp folder; a JDK HTTP/1.1 client with keep-alive fetches it whole each operation.
 * Each request resolves the CID, reads and verifies the block (page cache after warm-up), sniffs the type and
 * streams the body. Client and server share the machine, so the number is a floor for the server alone.
 *
 * <pre>{@code
 * mvn -B -q -Dpc.buildSuffix=-h7 -pl benchmarks -am compile dependency:build-classpath -Dmdep.outputFile=/tmp/h7-cp.txt
 * java -cp benchmarks/target-h7/classes:$(cat /tmp/h7-cp.txt) org.openjdk.jmh.Main GatewayBenchmark
 * }</pre>
 * (or {@code java -jar} on the shaded benchmarks jar). Add {@code -t 4} for concurrent clients.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Fork(1)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 5)
public class GatewayBenchmark {

    @Param("65536")
    int fileSize;

    private Path dir;
    private EmbeddedBlockStore store;
    private GatewayServer server;
    private HttpClient client;
    private HttpRequest request;

    @Setup
    public void start() throws IOException {
        dir = Files.createTempDirectory("gateway-bench");
        store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir), new DagPbLinkReader());
        byte[] data = new byte[fileSize];
        new Random(42).nextBytes(data);
        var root = new FileImporter(ImportOptions.kuboDefaults())
                .importFile(new ByteArrayInputStream(data), store, null).cid();
        server = new GatewayServer(GatewayConfig.ephemeral(), BlockStoreContentSource.over(store)).start();
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + "/ipfs/" + root)).build();
    }

    @Benchmark
    public int getFile() throws IOException, InterruptedException {
        HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200 || response.body().length != fileSize) {
            throw new IllegalStateException("unexpected response " + response.statusCode());
        }
        return response.body().length;
    }

    @TearDown
    public void stop() throws IOException {
        server.stop();
        store.close();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
