package io.pincluster.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.FreePorts;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code GET /pins} over a large pinset from a peer running as its own process at {@code -Xmx512m}: every pin comes
 * back once, in CID order, and the process is still alive afterwards (no OutOfMemoryError). Pins are made over REST
 * by many concurrent clients, as users would. Size: {@code -Dpc.statusAll.pins=N}, default 20000 to keep CI short;
 * the 1M run is the same test with {@code -Dpc.statusAll.pins=1000000}.
 */
@Timeout(value = 60, unit = TimeUnit.MINUTES)
class StatusAllMemoryIT {
    private static final int PINS = Integer.getInteger("pc.statusAll.pins", 20_000);
    private static final int CLIENTS = 32;

    @TempDir
    Path peerDir;
    private Process peer;

    @AfterEach
    void stop() throws InterruptedException {
        if (peer != null) {
            peer.destroyForcibly();
            peer.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void streamsEveryPinInCidOrderWithinHalfAGigabyte() throws Exception {
        PeerAvailability.assumeDaemonExists();
        int restPort = FreePorts.one();
        ServiceConfig d = ServiceConfig.defaults("mem-peer");
        ServiceConfigFile.write(peerDir.resolve(ServiceConfigFile.FILE_NAME), d
                .withCluster(d.cluster().withRpc(ListenAddress.loopback(FreePorts.one()), java.util.Map.of()))
                .withRestapi(d.restapi().withHttpListen(ListenAddress.loopback(restPort)))
                .withConsensus(d.consensus().withListen(ListenAddress.loopback(FreePorts.one())))
                .withGateway(d.gateway().withListen(ListenAddress.loopback(FreePorts.one())))
                .withMetrics(d.metrics().withListen(ListenAddress.loopback(FreePorts.one()))), false);
        IdentityFile.write(peerDir.resolve(IdentityFile.FILE_NAME), PeerIdentity.generate(), false);
        Path log = peerDir.resolve("daemon.log");
        peer = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"), "-Xmx512m",
                "-XX:+ExitOnOutOfMemoryError", "-cp", System.getProperty("java.class.path"), ChildJvm.MAIN, "daemon",
                peerDir.toString()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        String base = "http://127.0.0.1:" + restPort;
        HttpClient http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        await("peer up").atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(250))
                .failFast(() -> assertThat(peer.isAlive()).as(() -> tail(log)).isTrue())
                .until(() -> get(http, base + "/id").contains("\"leader\":\"12D3"));

        long start = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> done = new ArrayList<>();
        for (int c = 0; c < CLIENTS; c++) {
            done.add(clients.submit(() -> {
                for (int i = next.getAndIncrement(); i < PINS; i = next.getAndIncrement()) {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/pins/"
                            + cidOf(i))).POST(HttpRequest.BodyPublishers.noBody()).build(),
                            HttpResponse.BodyHandlers.ofString());
                    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                }
                return null;
            }));
        }
        for (Future<?> f : done) {
            f.get();
        }
        clients.shutdown();
        double loadSeconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("loaded %d pins over REST in %.1f s (%.0f pins/s)%n", PINS, loadSeconds,
                PINS / loadSeconds);

        start = System.nanoTime();
        HttpResponse<InputStream> all = http.send(HttpRequest.newBuilder(URI.create(base + "/pins")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(all.statusCode()).isEqualTo(200);
        long lines = 0;
        String previous = null;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(all.body(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                String cid = line.substring(line.indexOf("\"cid\":\"") + 7, line.indexOf('"', line.indexOf("\"cid\":\"") + 7));
                Cid parsed = Cid.parse(cid);
                assertThat(previous == null || Cid.parse(previous).compareTo(parsed) < 0).as("order at %s", cid)
                        .isTrue();
                assertThat(line).contains("\"peer_map\"");
                previous = cid;
                lines++;
            }
        }
        System.out.printf("GET /pins streamed %d entries in %.1f s%n", lines, (System.nanoTime() - start) / 1e9);
        assertThat(lines).isEqualTo(PINS);
        assertThat(peer.isAlive()).as(() -> "peer died:\n" + tail(log)).isTrue();
        assertThat(get(http, base + "/id")).contains("mem-peer");
    }

    /** An identity CID: the data is inline, so the peer's tracker can pin it without fetching blocks. */
    private static String cidOf(int i) {
        return Cid.v1(Codec.RAW, Multihash.identity(("pin-" + i).getBytes(StandardCharsets.UTF_8))).toString();
    }

    private static String get(HttpClient http, String url) {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            return "";
        }
    }

    private static String tail(Path log) {
        try {
            String s = Files.readString(log);
            return s.substring(Math.max(0, s.length() - 4000));
        } catch (java.io.IOException e) {
            return "(cannot read " + log + ")";
        }
    }
}
