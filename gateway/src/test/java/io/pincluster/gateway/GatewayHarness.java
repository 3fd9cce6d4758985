package io.pincluster.gateway;

import io.pincluster.core.cid.Cid;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.ipld.importer.AddedEntry;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.importer.PathImporter;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Random;

/**
 * A real gateway on 127.0.0.1 (port 0) over an in-memory block store, plus an HTTP client. Content goes in
 * through the real importer, as {@code ipfs add} would put it there.
 */
public final class GatewayHarness implements AutoCloseable {
    private final InMemoryBlockStore store = new InMemoryBlockStore();
    private final GatewayServer server;
    private final HttpClient client;

    public GatewayHarness() {
        this.server = new GatewayServer(GatewayConfig.ephemeral(), BlockStoreContentSource.over(store)).start();
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    }

    public InMemoryBlockStore store() {
        return store;
    }

    public int port() {
        return server.port();
    }

    public Cid addFile(byte[] data, ImportOptions options) throws IOException {
        return new FileImporter(options).importFile(new ByteArrayInputStream(data), store, null).cid();
    }

    public Cid addPath(Path path, ImportOptions options) throws IOException {
        AddedEntry root = new PathImporter(options).importPaths(List.of(path), store, e -> { }, null);
        return root.cid();
    }

    /** Sends {@code method} for a raw (already encoded) path, with header name/value pairs. */
    public HttpResponse<byte[]> send(String method, String rawPathAndQuery, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + rawPathAndQuery))
                .timeout(Duration.ofSeconds(30))
                .method(method, HttpRequest.BodyPublishers.noBody());
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    public HttpResponse<byte[]> get(String rawPathAndQuery, String... headers) throws IOException, InterruptedException {
        return send("GET", rawPathAndQuery, headers);
    }

    /**
     * Sends a GET with a request target the JDK client would refuse to build (e.g. a bad percent escape), over a
     * plain socket; returns the whole response as text.
     */
    public String rawGet(String requestTarget) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + requestTarget + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    public static byte[] randomBytes(long seed, int n) {
        byte[] out = new byte[n];
        new Random(seed).nextBytes(out);
        return out;
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
