package io.pincluster.service.cold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.cold.s3.S3MockExtension;
import io.pincluster.cold.s3.S3MockServer;
import io.pincluster.cold.s3.S3StoreConfig;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * Archive garbage collection in a cluster (decision 0021), real parts: S3Mock and three peers (Raft, RPC, HTTP,
 * embedded stores), {@code gc_grace} 2 s. Of six archived pins, two are unpinned and one is re-pinned without
 * {@code archive=true}: their archives leave every replica's index (the last through the collector's removal entry in
 * the log) and the bucket, CAR and sidecar, while the three still wanted keep theirs; the leader's meters count them.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
@ExtendWith(S3MockExtension.class)
class ArchiveGcClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final String BOUNDARY = "pincluster-gc-boundary";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    private TestCluster cluster;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @AfterEach
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void unpinnedAndUnwantedArchivesLeaveEveryIndexAndTheBucketWhileWantedOnesStay(S3MockServer s3)
            throws Exception {
        String bucket = s3.createBucket();
        S3StoreConfig store = s3.config(bucket);
        Map<String, String> env = new HashMap<>(Map.of(
                "PINCLUSTER_MONITOR_INTERVAL", "500ms",
                "PINCLUSTER_MONITOR_TTL", "5s",
                "PINCLUSTER_COLD_POLICY", "option",
                "PINCLUSTER_COLD_ENDPOINT", s3.endpoint().toString(),
                "PINCLUSTER_COLD_BUCKET", bucket,
                "PINCLUSTER_COLD_ACCESS_KEY_ID", store.accessKeyId(),
                "PINCLUSTER_COLD_SECRET_ACCESS_KEY", store.secretAccessKey().reveal(),
                "PINCLUSTER_COLD_SCAN_INTERVAL", "300ms",
                "PINCLUSTER_COLD_GC_INTERVAL", "500ms",
                "PINCLUSTER_COLD_GC_GRACE", "2s"));
        env.put("PINCLUSTER_METRICS_ENABLED", "true");
        env.put("PINCLUSTER_METRICS_LISTEN", "127.0.0.1:0");
        cluster = TestCluster.builder(dir).peers(3).secret("9c".repeat(32)).env(env).start();
        List<ClusterAssembly> peers = cluster.peers();
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));

        List<Cid> cids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            cids.add(add(peers.get(i % 3), "archive=true&replication=2", i, 2_000 + 100L * i));
        }
        for (ClusterAssembly p : peers) {
            await().atMost(PATIENCE).until(() -> index(p).archiveIndex().size() == 6);
        }
        Map<Cid, String> keys = new HashMap<>();
        index(peers.get(0)).archiveIndex().all().forEach(e -> keys.put(e.cid(), e.objectKey()));
        assertThat(carKeys(s3, bucket)).containsExactlyInAnyOrderElementsOf(keys.values());

        ClusterAssembly writer = peers.get(1);
        writer.api().pins().unpin(cids.get(0)).get(30, TimeUnit.SECONDS);
        writer.api().pins().unpin(cids.get(1)).get(30, TimeUnit.SECONDS);
        // still pinned, but no longer asking for an archive: only the collector's removal entry drops its record
        writer.api().pins().pin(cids.get(2), PinOptions.DEFAULTS.withReplication(2, 2)).get(30, TimeUnit.SECONDS);
        List<Cid> kept = cids.subList(3, 6);

        for (ClusterAssembly p : peers) {
            await().atMost(PATIENCE).untilAsserted(() -> assertThat(index(p).archiveIndex().all())
                    .extracting(ArchiveEntry::cid).containsExactlyInAnyOrderElementsOf(kept));
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(objectKeys(s3, bucket))
                .containsExactlyInAnyOrderElementsOf(kept.stream().flatMap(c -> List.of(keys.get(c),
                        keys.get(c).replace(".car", ".manifest")).stream()).toList()));
        assertThat(peers.get(0).consensus().state().get(cids.get(2))).as("the pin itself stays").isPresent();

        long collected = peers.stream().mapToLong(p -> p.archiveCollector().orElseThrow().collected()).sum();
        long freed = peers.stream().mapToLong(p -> p.archiveCollector().orElseThrow().bytesFreed()).sum();
        assertThat(collected).as("three archives collected, by whichever peer led").isEqualTo(3);
        assertThat(freed).isGreaterThan(3 * 2_000L);
        double scraped = 0;
        for (ClusterAssembly p : peers) {
            String page = http.send(HttpRequest.newBuilder(p.metricsUrl().orElseThrow()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            scraped += metric(page, "pincluster_cold_gc_archives_collected_total");
            assertThat(metric(page, "pincluster_cold_archive_backlog_pins")).as("nothing waits").isZero();
        }
        assertThat(scraped).isEqualTo(3);
    }

    private static List<String> objectKeys(S3MockServer s3, String bucket) {
        return s3.admin().listObjectsV2(b -> b.bucket(bucket).prefix("archives/")).contents().stream()
                .map(S3Object::key).toList();
    }

    private static List<String> carKeys(S3MockServer s3, String bucket) {
        return objectKeys(s3, bucket).stream().filter(k -> k.endsWith(".car")).toList();
    }

    private static ArchiveRecords index(ClusterAssembly p) {
        return p.consensus().archiveRecords();
    }

    /** The value of an unlabelled sample {@code name} in a Prometheus text page. */
    private static double metric(String page, String name) {
        return page.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(name
                + " not in the metrics page"));
    }

    /** {@code POST /add?<options>} of a generated file; returns the root CID. */
    private Cid add(ClusterAssembly peer, String options, long seed, long size) throws Exception {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"g" + seed
                + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        byte[] content = new byte[(int) size];
        new SplittableRandom(seed).nextBytes(content);
        HttpRequest request = HttpRequest.newBuilder(peer.restUrl().resolve("/add?" + options))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        Collections.enumeration(List.of(ascii(head), new ByteArrayInputStream(content),
                                ascii(tail))))))
                .build();
        HttpResponse<String> added = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertThat(added.statusCode()).as(added.body()).isEqualTo(200);
        String cid = null;
        for (String line : added.body().split("\n")) {
            JsonNode out = JSON.readTree(line);
            if (out.hasNonNull("cid")) {
                cid = out.get("cid").asText();
            }
        }
        assertThat(cid).as(added.body()).isNotNull();
        return Cid.parse(cid);
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }
}
