package io.pincluster.service.cold;

import static io.pincluster.service.testing.PeerStores.store;
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
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17's must-show for the cold tier, with real parts (decision 0019): a real S3-protocol server (S3Mock, started
 * by the test on loopback) and three real peers (Raft, cluster RPC, embedded stores, HTTP). 200 pins added with
 * {@code archive=true} under policy {@code option} are archived and indexed on every replica (5 pins without the
 * option are not); every peer is stopped and its block store wiped, Raft state kept; after a restart the gateway
 * serves every archived pin byte for byte from the archive (no peer holds a block); after a restart with
 * {@code restore_on_pin}, the pin tracker restores every hot copy from the archive.
 */
@Timeout(1200)
@ExtendWith(S3MockExtension.class)
class ColdTierClusterTest {
    private static final int ARCHIVED = 200;
    private static final int NOT_ARCHIVED = 5;
    private static final Duration PATIENCE = Duration.ofSeconds(300);
    private static final String BOUNDARY = "pincluster-cold-boundary";
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
    void twoHundredArchivedPinsAreServedFromTheArchiveAndRestoredAfterEveryHotCopyIsGone(S3MockServer s3)
            throws Exception {
        String bucket = s3.createBucket();
        S3StoreConfig store = s3.config(bucket);
        Map<String, String> env = new HashMap<>(Map.of(
                "PINCLUSTER_MONITOR_INTERVAL", "500ms",
                "PINCLUSTER_MONITOR_TTL", "5s",
                "PINCLUSTER_CONNECTOR_STORAGE_MAX", "1GB",
                "PINCLUSTER_COLD_POLICY", "option",
                "PINCLUSTER_COLD_ENDPOINT", s3.endpoint().toString(),
                "PINCLUSTER_COLD_BUCKET", bucket,
                "PINCLUSTER_COLD_ACCESS_KEY_ID", store.accessKeyId(),
                "PINCLUSTER_COLD_SECRET_ACCESS_KEY", store.secretAccessKey().reveal(),
                "PINCLUSTER_COLD_SCAN_INTERVAL", "500ms",
                "PINCLUSTER_COLD_CONCURRENT_JOBS", "3"));
        env.put("PINCLUSTER_PIN_TRACKER_RECONCILE_INTERVAL", "2s");
        // The allocator places by free space, so the peers given the 600 kB pins get fewer small ones and the repair
        // planner's count rebalance starts moving pins; a move that takes the first allocation from a peer while it
        // archives lets the new first peer archive the same pin too (harmless, decision 0019). This test counts
        // jobs exactly, so nothing moves here.
        env.put("PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0");
        env.put("PINCLUSTER_METRICS_ENABLED", "true");
        env.put("PINCLUSTER_METRICS_LISTEN", "127.0.0.1:0");
        cluster = TestCluster.builder(dir).peers(3).secret("3d".repeat(32)).env(env).start();
        List<ClusterAssembly> peers = cluster.peers();
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));

        // 200 pins asking for an archive (every 20th spans three blocks), 5 that do not
        Map<Cid, Long> archived = new LinkedHashMap<>();
        for (int i = 0; i < ARCHIVED; i++) {
            long size = i % 20 == 0 ? 600_000 : 1_000 + 37L * i;
            archived.put(add(peers.get(i % 3), "archive=true&replication=2", i, size), (long) i);
        }
        List<Cid> hotOnly = new ArrayList<>();
        for (int i = 0; i < NOT_ARCHIVED; i++) {
            hotOnly.add(add(peers.get(0), "replication=2", 10_000 + i, 5_000));
        }

        for (ClusterAssembly p : peers) {
            await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1))
                    .until(() -> index(p).archiveIndex().size() >= ARCHIVED);
            assertThat(index(p).archiveIndex().all()).extracting(ArchiveEntry::cid)
                    .containsExactlyInAnyOrderElementsOf(archived.keySet());
        }
        for (Cid cid : hotOnly) {
            assertThat(index(peers.get(0)).archiveIndex().contains(cid)).as("no archive=true, not archived")
                    .isFalse();
        }
        long jobs = peers.stream().mapToLong(p -> p.archiveScheduler().orElseThrow().archived()).sum();
        assertThat(jobs).as("each pin archived once, by one peer").isEqualTo(ARCHIVED);
        double scraped = 0;
        for (ClusterAssembly p : peers) {
            String metrics = http.send(HttpRequest.newBuilder(p.metricsUrl().orElseThrow()).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            scraped += metric(metrics, "pincluster_cold_archived_total");
            assertThat(metric(metrics, "pincluster_cold_archived_pins")).isEqualTo(ARCHIVED);
        }
        assertThat(scraped).as("pincluster_cold_archived_total over the peers").isEqualTo(ARCHIVED);
        ArchiveEntry sample = index(peers.get(1)).archiveIndex().all().get(0);
        assertThat(sample.pieceCid()).startsWith("baga6ea4seaq");
        assertThat(s3.admin().headObject(b -> b.bucket(bucket).key(sample.objectKey())).contentLength())
                .isEqualTo(sample.size());

        HttpResponse<String> pinStatus = http.send(HttpRequest.newBuilder(peers.get(2).restUrl()
                .resolve("/pins/" + sample.cid())).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode coldEntry = JSON.readTree(pinStatus.body()).get("cold");
        assertThat(coldEntry).as("status shows the archive next to the peer map: %s", pinStatus.body()).isNotNull();
        assertThat(coldEntry.get("object_key").asText()).isEqualTo(sample.objectKey());
        assertThat(coldEntry.get("piece_cid").asText()).isEqualTo(sample.pieceCid());
        assertThat(JSON.readTree(http.send(HttpRequest.newBuilder(peers.get(2).restUrl()
                .resolve("/pins/" + hotOnly.get(0))).build(), HttpResponse.BodyHandlers.ofString()).body())
                .has("cold")).isFalse();

        // every hot copy gone: stop the peers, wipe their block stores, keep their Raft state
        restartWiped(false);
        List<ClusterAssembly> cold = cluster.peers();
        for (ClusterAssembly p : cold) {
            assertThat(index(p).archiveIndex().size()).as("the index came back from the Raft state")
                    .isEqualTo(ARCHIVED);
        }
        int n = 0;
        for (Map.Entry<Cid, Long> e : archived.entrySet()) {
            ClusterAssembly reader = cold.get(n++ % 3);
            URI file = reader.gatewayUrl().orElseThrow().resolve("/ipfs/" + e.getKey());
            HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(file).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofByteArray());
            assertThat(served.statusCode()).as("%s: %s", e.getKey(), new String(served.body(),
                    StandardCharsets.UTF_8)).isEqualTo(200);
            long seed = e.getValue();
            assertThat(served.body()).as("%s byte for byte", e.getKey())
                    .isEqualTo(bytes(seed, seed % 20 == 0 ? 600_000 : 1_000 + 37L * seed));
        }
        for (ClusterAssembly p : cold) {
            for (Cid cid : archived.keySet()) {
                assertThat(store(p).has(cid)).as("no hot copy while the gateway read").isFalse();
            }
        }
        long fromArchive = cold.stream().mapToLong(p -> p.coldTier().orElseThrow().blocksServed()).sum();
        assertThat(fromArchive).as("blocks the gateways read from the archive").isGreaterThanOrEqualTo(ARCHIVED);

        // repair: with restore_on_pin the trackers restore every allocated copy from the archive
        restartWiped(true);
        List<ClusterAssembly> hot = cluster.peers();
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(2)).until(() ->
                archived.keySet().stream().allMatch(cid -> allAllocationsPinned(hot.get(0), cid)));
        for (Cid cid : archived.keySet()) {
            GlobalPinInfo status = hot.get(0).api().status().status(cid, false);
            for (PeerId holder : status.allocations()) {
                ClusterAssembly p = hot.stream().filter(x -> x.peerId().equals(holder)).findFirst().orElseThrow();
                assertThat(store(p).missingBlocks(cid)).as("%s on %s", cid, holder).isEmpty();
            }
        }
        long restored = hot.stream().mapToLong(p -> p.coldTier().orElseThrow().pinsRestored()).sum();
        assertThat(restored).as("pins put back from the archive").isGreaterThan(0);
        System.out.printf("cold tier: %d archive jobs, %d blocks served from the archive, %d pins restored%n", jobs,
                fromArchive, restored);
    }

    /** The value of an unlabelled sample {@code name} in a Prometheus text page. */
    private static double metric(String page, String name) {
        return page.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(name
                + " not in the metrics page"));
    }

    private static ArchiveRecords index(ClusterAssembly p) {
        return p.consensus().archiveRecords();
    }

    private boolean allAllocationsPinned(ClusterAssembly p, Cid cid) {
        GlobalPinInfo status = p.api().status().status(cid, false);
        return status.allocations().stream().allMatch(a -> status.peerMap().get(a) != null
                && status.peerMap().get(a).status() == TrackerStatus.PINNED);
    }

    /** Stops every peer, deletes its block store (Raft state stays), starts them again at once. */
    private void restartWiped(boolean restoreOnPin) throws Exception {
        List<ClusterAssembly> old = cluster.peers();
        for (ClusterAssembly p : old) {
            p.close();
            cluster.forget(p);
        }
        for (int i = 0; i < old.size(); i++) {
            Path blocks = cluster.dir(i).resolve(old.get(i).config().connector().dataDir());
            assertThat(blocks).isDirectory();
            deleteTree(blocks);
        }
        // together: alone, a peer waits for a quorum to catch up with
        ExecutorService starter = Executors.newFixedThreadPool(old.size());
        try {
            List<Future<ClusterAssembly>> started = new ArrayList<>();
            for (int i = 0; i < old.size(); i++) {
                Path peerDir = cluster.dir(i);
                started.add(starter.submit(() -> cluster.start(peerDir,
                        Map.of("PINCLUSTER_COLD_RESTORE_ON_PIN", String.valueOf(restoreOnPin)), null)));
            }
            for (Future<ClusterAssembly> f : started) {
                f.get();
            }
        } finally {
            starter.shutdownNow();
        }
        TestCluster.introduce(cluster.peers());
        await().atMost(PATIENCE).ignoreExceptions().until(() -> cluster.leader() != null);
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** {@code POST /add?<options>} of a generated file; returns the root CID. */
    private Cid add(ClusterAssembly peer, String options, long seed, long size) throws Exception {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"f" + seed
                + ".bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(peer.restUrl().resolve("/add?" + options))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        Collections.enumeration(List.of(ascii(head), new ByteArrayInputStream(bytes(seed, size)),
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

    private static byte[] bytes(long seed, long size) {
        byte[] b = new byte[(int) size];
        new SplittableRandom(seed).nextBytes(b);
        return b;
    }
}
