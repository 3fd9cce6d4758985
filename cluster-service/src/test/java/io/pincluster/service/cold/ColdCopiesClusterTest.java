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
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
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

/**
 * Decision 0024 in a cluster, real parts: S3Mock (a child process on loopback) and three peers (Raft, RPC, HTTP,
 * embedded stores). (1) With {@code cold.archive_counts_as_copy} a pin with replication 2, one live hot copy (the
 * other holder stopped) and an archive is at its minimum: not re-allocated, and neither {@code /health/repair} nor
 * the metric count it under-replicated; without the setting it is repaired. (2) With {@code cold.drop_hot_after} an
 * archived pin nobody reads loses every hot copy and stays pinned; its former holders release and collect their
 * copies; a gateway read then serves it byte for byte from the archive, and the reported read gives it hot copies
 * again.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
@ExtendWith(S3MockExtension.class)
class ColdCopiesClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private static final String BOUNDARY = "pincluster-cold-copies-boundary";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SIZE = 300_000; // two blocks and a root

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

    private List<ClusterAssembly> start(S3MockServer s3, Map<String, String> extra) throws Exception {
        String bucket = s3.createBucket();
        S3StoreConfig store = s3.config(bucket);
        Map<String, String> env = new HashMap<>(TestCluster.FAST_REPAIR);
        env.putAll(Map.of(
                "PINCLUSTER_COLD_POLICY", "option",
                "PINCLUSTER_COLD_ENDPOINT", s3.endpoint().toString(),
                "PINCLUSTER_COLD_BUCKET", bucket,
                "PINCLUSTER_COLD_ACCESS_KEY_ID", store.accessKeyId(),
                "PINCLUSTER_COLD_SECRET_ACCESS_KEY", store.secretAccessKey().reveal(),
                "PINCLUSTER_COLD_SCAN_INTERVAL", "300ms",
                "PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0",
                "PINCLUSTER_METRICS_ENABLED", "true",
                "PINCLUSTER_METRICS_LISTEN", "127.0.0.1:0"));
        env.putAll(extra);
        cluster = TestCluster.builder(dir).peers(3).secret("5e".repeat(32)).env(env).start();
        List<ClusterAssembly> peers = cluster.peers();
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));
        return peers;
    }

    /** Adds an archived pin with replication 2 and waits until every replica indexes its archive and it is pinned. */
    private Cid archivedPin(List<ClusterAssembly> peers, long seed) throws Exception {
        Cid cid = add(peers.get(0), "archive=true&replication=2", seed, SIZE);
        for (ClusterAssembly p : peers) {
            await().atMost(PATIENCE).until(() -> p.consensus().archiveRecords().archiveIndex().contains(cid));
        }
        return cid;
    }

    @Test
    void withArchiveCountsAsCopyAPinAtItsMinimumWithTheArchiveIsNotRepaired(S3MockServer s3) throws Exception {
        List<ClusterAssembly> peers = start(s3, Map.of("PINCLUSTER_COLD_ARCHIVE_COUNTS_AS_COPY", "true"));
        Cid cid = archivedPin(peers, 1);
        ClusterAssembly victim = stopOneHolder(peers, cid);
        ClusterAssembly leader = cluster.leader();

        await().atMost(PATIENCE).until(() -> "down".equals(condition(leader, victim.peerId())));
        // several passes past the (zero) grace: the pin keeps its allocation on the down peer
        await().during(Duration.ofSeconds(4)).atMost(PATIENCE).until(() ->
                allocations(leader, cid).contains(victim.peerId()));
        RepairSummary summary = leader.repair().repairSummary();
        assertThat(summary.underReplicated()).as("one live copy and the archive: at its minimum of 2").isZero();
        assertThat(summary.queued() + summary.inFlight()).isZero();
        assertThat(underReplicated(leader)).isZero();
        assertThat(scrape(leader, "pincluster_repair_under_replicated")).isZero();
    }

    @Test
    void withoutTheSettingTheSamePinIsRepaired(S3MockServer s3) throws Exception {
        List<ClusterAssembly> peers = start(s3, Map.of());
        Cid cid = archivedPin(peers, 2);
        ClusterAssembly victim = stopOneHolder(peers, cid);
        ClusterAssembly leader = cluster.leader();

        await().atMost(PATIENCE).untilAsserted(() -> assertThat(allocations(leader, cid))
                .hasSize(2).doesNotContain(victim.peerId()));
        await().atMost(PATIENCE).until(() -> allAllocationsPinned(leader, cid));
        // the summary is the last pass's (one a second): it follows the committed move
        await().atMost(PATIENCE).until(() -> underReplicated(leader) == 0);
    }

    @Test
    void anArchivedPinUnreadPastDropHotAfterLosesItsHotCopiesAndIsServedFromTheArchive(S3MockServer s3)
            throws Exception {
        List<ClusterAssembly> peers = start(s3, Map.of(
                "PINCLUSTER_COLD_DROP_HOT_AFTER", "4s",
                "PINCLUSTER_COLD_READ_REPORT_INTERVAL", "1s"));
        Cid cid = archivedPin(peers, 3);

        for (ClusterAssembly p : peers) {
            await().atMost(PATIENCE).until(() -> p.consensus().state().get(cid)
                    .map(pin -> pin.allocations().isEmpty()).orElse(false));
        }
        long dropped = peers.stream().mapToLong(p -> p.hotCopyPolicy().orElseThrow().dropped()).sum();
        assertThat(dropped).as("dropped once, by the leader").isEqualTo(1);
        double scraped = 0;
        for (ClusterAssembly p : peers) {
            scraped += scrape(p, "pincluster_cold_hot_copies_dropped_total");
        }
        assertThat(scraped).as("pincluster_cold_hot_copies_dropped_total over the peers").isEqualTo(1);
        // still pinned, with its archive in the status and no hot copy: every former holder released its copy
        JsonNode status = JSON.readTree(http.send(HttpRequest.newBuilder(peers.get(1).restUrl()
                .resolve("/pins/" + cid)).build(), HttpResponse.BodyHandlers.ofString()).body());
        assertThat(status.get("cid").asText()).isEqualTo(cid.toString());
        assertThat(status.get("cold")).as("the archive in the status: %s", status).isNotNull();
        await().atMost(PATIENCE).until(() -> peers.stream().noneMatch(p -> p.api().status().status(cid, false)
                .peerMap().values().stream().anyMatch(s -> s.status() == TrackerStatus.PINNED)));
        for (ClusterAssembly p : peers) {
            p.api().gc().collectGarbage(true);
            await().atMost(PATIENCE).untilAsserted(() -> {
                p.api().gc().collectGarbage(true);
                assertThat(store(p).has(cid)).as("no hot copy on %s", p.peerId()).isFalse();
            });
        }

        long servedBefore = peers.stream().mapToLong(p -> p.coldTier().orElseThrow().blocksServed()).sum();
        ClusterAssembly reader = peers.get(2);
        URI file = reader.gatewayUrl().orElseThrow().resolve("/ipfs/" + cid);
        HttpResponse<byte[]> served = http.send(HttpRequest.newBuilder(file).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(served.statusCode()).as(new String(served.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(served.body()).as("byte for byte").isEqualTo(bytes(3, SIZE));
        long servedAfter = peers.stream().mapToLong(p -> p.coldTier().orElseThrow().blocksServed()).sum();
        // no peer holds a block of it (checked above), so what was served came from the archive; the count is of
        // blocks the archive handed out (the gateway may keep one it already read, such as the root, for the rest)
        assertThat(servedAfter - servedBefore).as("blocks read from the archive").isPositive();

        // the read is reported, replicated, and gives the pin hot copies again (restored from the archive)
        await().atMost(PATIENCE).until(() -> peers.get(0).consensus().archiveRecords().archiveIndex().get(cid)
                .map(e -> e.lastReadAt() != null).orElse(false));
        await().atMost(PATIENCE).until(() -> peers.stream()
                .mapToLong(p -> p.hotCopyPolicy().orElseThrow().rewarmed()).sum() >= 1);
        assertThat(peers.get(0).consensus().state().get(cid)).as("pinned throughout").isPresent();
    }

    /** Waits until both allocated copies are pinned, then stops one holder that does not lead. */
    private ClusterAssembly stopOneHolder(List<ClusterAssembly> peers, Cid cid) {
        ClusterAssembly leader = cluster.leader();
        await().atMost(PATIENCE).until(() -> allAllocationsPinned(leader, cid));
        List<PeerId> holders = allocations(leader, cid);
        assertThat(holders).hasSize(2);
        ClusterAssembly victim = peers.stream().filter(p -> holders.contains(p.peerId()) && p != leader)
                .findFirst().orElseThrow();
        victim.close();
        cluster.forget(victim);
        return victim;
    }

    private static List<PeerId> allocations(ClusterAssembly p, Cid cid) {
        return p.consensus().state().get(cid).map(Pin::allocations).orElseThrow();
    }

    private static String condition(ClusterAssembly leader, PeerId peer) {
        RepairSummary.PeerCondition c = leader.repair().repairSummary().peers().get(peer);
        return c == null ? null : c.state();
    }

    private boolean allAllocationsPinned(ClusterAssembly p, Cid cid) {
        var status = p.api().status().status(cid, false);
        return !status.allocations().isEmpty() && status.allocations().stream().allMatch(a ->
                status.peerMap().get(a) != null && status.peerMap().get(a).status() == TrackerStatus.PINNED);
    }

    private long underReplicated(ClusterAssembly leader) throws Exception {
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(leader.restUrl().resolve("/health/repair"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(health.statusCode()).as(health.body()).isEqualTo(200);
        return JSON.readTree(health.body()).get("under_replicated").asLong();
    }

    private double scrape(ClusterAssembly p, String name) throws Exception {
        String page = http.send(HttpRequest.newBuilder(p.metricsUrl().orElseThrow()).build(),
                HttpResponse.BodyHandlers.ofString()).body();
        return page.lines().filter(l -> l.startsWith(name + " ")).mapToDouble(l -> Double.parseDouble(
                l.substring(name.length() + 1).trim())).findFirst().orElseThrow(() -> new AssertionError(name
                + " not in the metrics page"));
    }

    private static byte[] bytes(long seed, long size) {
        byte[] content = new byte[(int) size];
        new SplittableRandom(seed).nextBytes(content);
        return content;
    }

    /** {@code POST /add?<options>} of a generated file; returns the root CID. */
    private Cid add(ClusterAssembly peer, String options, long seed, long size) throws Exception {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"c" + seed
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
}
