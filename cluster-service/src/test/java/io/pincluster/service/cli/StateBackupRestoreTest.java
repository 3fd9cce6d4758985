package io.pincluster.service.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.service.ClusterAssembly;
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
import java.util.Arrays;
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
 * Issue 16's backup must-show, through the CLI against real clusters: {@code pincluster state backup} from a follower
 * of a three-peer cluster while a writer keeps pinning through the leader, then {@code pincluster state restore} into
 * a fresh three-peer cluster (with another secret, as after losing the old one). Every pin acknowledged before the
 * backup started is restored with its options (the ledger); a corrupt or truncated copy of the file is refused with
 * a clear error and changes nothing; a cluster that already holds pins is refused unless forced. The CIDs are inline
 * (identity) ones, so no peer fetches content: the test is about the replicated state.
 */
class StateBackupRestoreTest {
    private static final int PINS = 3_000;
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aBackupUnderWriteLoadRestoresEveryAcknowledgedPinIntoAFreshClusterAndADamagedOneChangesNothing()
            throws Exception {
        Path backup = dir.resolve("state.backup");
        Set<String> acknowledgedBefore;
        Map<String, String> sourceOptions = new HashMap<>();
        try (TestCluster source = TestCluster.builder(dir.resolve("source")).peers(3).start()) {
            URI leader = restUrlOfLeader(source);
            URI follower = source.peers().stream().filter(p -> !p.restUrl().equals(leader)).findFirst()
                    .map(ClusterAssembly::restUrl).orElseThrow();
            List<Cid> cids = IntStream.range(0, PINS).mapToObj(i -> inline("pin " + i)).toList();
            HttpResponse<String> r = post(leader, "/pins?name=before&replication-min=2&replication-max=3"
                    + "&meta-app=backup", cids.stream().map(Cid::toString).collect(Collectors.joining("\n")));
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            cids.forEach(c -> acknowledged.add(c.toString()));
            AtomicBoolean writing = new AtomicBoolean(true);
            Thread writer = new Thread(() -> {
                for (int i = 0; writing.get(); i++) {
                    Cid cid = inline("during the backup " + i);
                    try {
                        if (post(leader, "/pins/" + cid + "?name=late&replication-min=1&replication-max=2", "")
                                .statusCode() == 200) {
                            acknowledged.add(cid.toString());
                        }
                    } catch (IOException e) {
                        return;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }, "backup-load");
            writer.start();
            try {
                await("the writer's first pins").atMost(PATIENCE).until(() -> acknowledged.size() >= PINS + 20);
                acknowledgedBefore = Set.copyOf(acknowledged);
                Cli taken = cli("--host", follower.toString(), "state", "backup", "-f", backup.toString());
                assertThat(taken.code()).as(taken.err()).isZero();
                assertThat(taken.err()).contains("written to " + backup);
            } finally {
                writing.set(false);
                writer.join(PATIENCE.toMillis());
            }
            assertThat(acknowledged.size()).as("the writer kept pinning while the backup was taken")
                    .isGreaterThan(acknowledgedBefore.size());
            sourceOptions.putAll(pinsOf(get(leader, "/allocations")));
        }

        byte[] bytes = Files.readAllBytes(backup);
        Path corrupt = dir.resolve("corrupt.backup");
        byte[] flipped = bytes.clone();
        flipped[bytes.length / 2] ^= 0x20;
        Files.write(corrupt, flipped);
        Path truncated = dir.resolve("truncated.backup");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length * 2 / 3));

        try (TestCluster restored = TestCluster.builder(dir.resolve("restored")).secret("c3".repeat(32)).peers(3)
                .start()) {
            URI rest = restUrlOfLeader(restored);

            Cli refusedCorrupt = cli("--host", rest.toString(), "state", "restore", "-f", corrupt.toString());
            assertThat(refusedCorrupt.code()).isEqualTo(2);
            assertThat(refusedCorrupt.err()).contains("Code: 400").contains("backup refused, nothing was restored")
                    .contains("corrupt");
            Cli refusedTruncated = cli("--host", rest.toString(), "state", "restore", "-f", truncated.toString());
            assertThat(refusedTruncated.code()).isEqualTo(2);
            assertThat(refusedTruncated.err()).contains("Code: 400").contains("truncated");
            assertThat(pinsOf(get(rest, "/allocations"))).as("a refused backup changes nothing").isEmpty();

            Cli restore = cli("--host", rest.toString(), "--enc", "json", "state", "restore", "-f",
                    backup.toString());
            assertThat(restore.code()).as(restore.err()).isZero();
            JsonNode report = JSON.readTree(restore.out());
            assertThat(report.path("same_cluster_secret").asBoolean()).isFalse();

            Map<String, String> restoredPins = pinsOf(get(rest, "/allocations"));
            assertThat(restoredPins.keySet()).as("every pin acknowledged before the backup started")
                    .containsAll(acknowledgedBefore);
            assertThat(report.path("pins_restored").asLong()).isEqualTo(restoredPins.size())
                    .isEqualTo(report.path("backup").path("pins").asLong());
            assertThat(sourceOptions).as("the source cluster's options of each restored pin")
                    .containsAllEntriesOf(restoredPins);

            Cli again = cli("--host", rest.toString(), "state", "restore", "-f", backup.toString());
            assertThat(again.code()).isEqualTo(2);
            assertThat(again.err()).contains("Code: 409").contains("already holds " + restoredPins.size() + " pins");
            Cli forced = cli("--host", rest.toString(), "state", "restore", "--force", "-f", backup.toString());
            assertThat(forced.code()).as(forced.err()).isZero();
            assertThat(pinsOf(get(rest, "/allocations"))).isEqualTo(restoredPins);
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
                .until(() -> JSON.readTree(get(rest, "/monitor/metrics/freespace")).size() == 3);
        return rest;
    }

    /** CID → its options (name, replication, mode, metadata, expiry): what a restore keeps of each pin. */
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

    /** The answer's body; "" for 204 (an empty pinset). */
    private String get(URI rest, String path) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(rest.resolve(path)).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isIn(200, 204);
        return r.statusCode() == 204 ? "" : r.body();
    }

    private HttpResponse<String> post(URI rest, String pathAndQuery, String body)
            throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(rest.resolve(pathAndQuery)).timeout(PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static Cid inline(String text) {
        return Cid.v1(Codec.RAW, Multihash.identity(text.getBytes(StandardCharsets.UTF_8)));
    }

    private record Cli(int code, String out, String err) {
    }

    private static Cli cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Cli(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
