package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 16's backup must-shows, through the CLI against real clusters: {@code pincluster state export} of a
 * three-peer cluster holding 10,000 pins while a writer keeps pinning, then {@code pincluster state import} into a
 * fresh three-peer cluster. The new cluster ends with exactly the file's pins and options, and the file holds every
 * pin acknowledged before the export started. The CIDs are inline (identity) ones, so no peer fetches content: the
 * test is about the pinset. A file exported by ipfs-cluster imports into a running cluster the same way.
 */
class StateExportImportTest {
    private static final int PINS = 10_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void anExportUnderWriteLoadRestoresIntoAFreshClusterWithEveryPinAcknowledgedBeforeIt() throws Exception {
        Path file = dir.resolve("pinset.ndjson");
        Set<String> acknowledgedBefore;
        Map<String, String> exported;
        try (TestCluster source = TestCluster.builder(dir.resolve("source")).peers(3).start()) {
            URI rest = restUrlOfLeader(source);
            List<Cid> cids = IntStream.range(0, PINS).mapToObj(i -> inline("pin " + i)).toList();
            for (int half = 0; half < 2; half++) {
                List<Cid> part = cids.subList(half * PINS / 2, (half + 1) * PINS / 2);
                HttpResponse<String> r = post(rest, "/pins?name=half-" + half + "&replication-min=" + (half + 1)
                        + "&replication-max=2&meta-app=backup", part.stream().map(Cid::toString)
                        .collect(Collectors.joining("\n")));
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            }
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            cids.forEach(c -> acknowledged.add(c.toString()));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    Cid cid = inline("during the export " + i);
                    try {
                        if (post(rest, "/pins/" + cid + "?name=late", "").statusCode() == 200) {
                            acknowledged.add(cid.toString());
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "export-load");
            writer.start();
            try {
                awaitAcknowledgedLate(acknowledged);
                acknowledgedBefore = Set.copyOf(acknowledged);
                assertThat(cli("--host", rest.toString(), "state", "export", "-f", file.toString())).isZero();
            } finally {
                writing.set(false);
                writer.join(PATIENCE.toMillis());
            }
            exported = pinsOf(Files.readString(file));
        }
        assertThat(exported.keySet()).as("the export holds every pin acknowledged before it started")
                .containsAll(acknowledgedBefore);

        try (TestCluster restored = TestCluster.builder(dir.resolve("restored")).peers(3).start()) {
            URI rest = restUrlOfLeader(restored);
            assertThat(cli("--host", rest.toString(), "state", "import", "-f", file.toString())).isZero();

            HttpResponse<String> all = http.send(HttpRequest.newBuilder(rest.resolve("/allocations"))
                    .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pinsOf(all.body())).as("the restored cluster's pins and their options").isEqualTo(exported);
        }
    }

    @Test
    void anIpfsClusterStateExportImportsIntoARunningClusterWithEachPinsOptions() throws Exception {
        Path file = dir.resolve("ipfs-cluster-export.ndjson");
        try (var in = StateExportImportTest.class.getResourceAsStream("/state/ipfs-cluster-export.ndjson")) {
            Files.copy(in, file);
        }
        try (TestCluster cluster = TestCluster.builder(dir.resolve("cluster")).peers(3).start()) {
            URI rest = restUrlOfLeader(cluster);
            assertThat(cli("--host", rest.toString(), "state", "import", "-f", file.toString())).isZero();

            HttpResponse<String> all = http.send(HttpRequest.newBuilder(rest.resolve("/allocations"))
                    .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString());
            // A replication factor of 0 means "the cluster's default", as in ipfs-cluster (here -1: every peer);
            // no expiry reads back as Go's zero time.
            assertThat(pinsOf(all.body())).as("ipfs-cluster's pins with their options")
                    .containsExactlyInAnyOrderEntriesOf(Map.of(
                            "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                            "website rf 2-3 recursive {\"app\":\"x\"} expires 0001-01-01T00:00:00Z",
                            "QmPZ9gcCEpqKTo6aq61g2nXGUhM4iCL3ewB6LDXZCtioEB",
                            "everywhere rf -1--1 direct {} expires 2031-01-02T03:04:05Z",
                            "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                            " rf -1--1 recursive {} expires 0001-01-01T00:00:00Z"));
        }
    }

    /**
     * The leader's REST address once the leader knows the free space of all three peers (before that, a pin with
     * replication min 2 cannot be placed).
     */
    private URI restUrlOfLeader(TestCluster cluster) {
        URI rest = await("a leader").atMost(PATIENCE).ignoreExceptions().until(() -> cluster.leader().restUrl(),
                url -> url != null);
        await("the leader's free-space metrics of every peer").atMost(PATIENCE).ignoreExceptions()
                .until(() -> JSON.readTree(http.send(HttpRequest.newBuilder(rest.resolve("/monitor/metrics/freespace"))
                        .timeout(PATIENCE).build(), HttpResponse.BodyHandlers.ofString()).body()).size() == 3);
        return rest;
    }

    /** Waits until the writer has had a few pins acknowledged, so the export runs under load. */
    private static void awaitAcknowledgedLate(Set<String> acknowledged) {
        await("the writer's first pins").atMost(PATIENCE)
                .until(() -> acknowledged.size() >= PINS + 20);
    }

    /** CID → its options as the export writes them (allocations and timestamps left out: they are the cluster's). */
    private static Map<String, String> pinsOf(String ndjson) throws IOException {
        Map<String, String> pins = new HashMap<>();
        for (String line : ndjson.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            JsonNode pin = JSON.readTree(line);
            pins.put(pin.get("cid").asText(), pin.get("name").asText() + " rf " + pin.get("replication_factor_min")
                    + "-" + pin.get("replication_factor_max") + " " + pin.get("mode").asText() + " "
                    + pin.get("metadata") + " expires " + pin.get("expire_at").asText());
        }
        return pins;
    }

    private HttpResponse<String> post(URI rest, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(rest.resolve(pathAndQuery)).timeout(PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Cid inline(String text) {
        return Cid.v1(Codec.RAW, Multihash.identity(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static int cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).as("pincluster %s: %s", String.join(" ", args), err.toString(StandardCharsets.UTF_8))
                .isZero();
        return code;
    }
}
