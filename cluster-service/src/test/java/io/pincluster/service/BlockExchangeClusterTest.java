package io.pincluster.service;

import static io.pincluster.service.testing.PeerStores.blockFile;
import static io.pincluster.service.testing.PeerStores.blockKeys;
import static io.pincluster.service.testing.PeerStores.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three peers with embedded stores, real Raft, real cluster RPC and real HTTP, driven over REST: content added on
 * one peer reaches the others through the block exchange, and a peer that loses block files repairs itself from
 * the others within a reconcile interval.
 */
@Timeout(600)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BlockExchangeClusterTest {
    private static final Duration RECONCILE = Duration.ofSeconds(2);
    private static final Duration PATIENCE = Duration.ofSeconds(120);
    private static final String BOUNDARY = "pincluster-exchange-boundary";
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path dir;
    private TestCluster cluster;
    private List<ClusterAssembly> peers = List.of();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder(dir).peers(3).secret("7c".repeat(32))
                .env(Map.of("PINCLUSTER_MONITOR_INTERVAL", "500ms",
                        "PINCLUSTER_MONITOR_TTL", "5s",
                        "PINCLUSTER_CONNECTOR_STORAGE_MAX", "1GB",
                        "PINCLUSTER_PIN_TRACKER_RECONCILE_INTERVAL", "2s"))
                .start();
        peers = cluster.peers();
        assertThat(peers.get(0).config().pinTracker().reconcileInterval()).isEqualTo(RECONCILE);
        // Replication 3 needs every peer's free-space metric at the allocating leader.
        await().atMost(PATIENCE).until(() -> peers.stream().allMatch(p ->
                p.monitor().validMetrics("freespace").size() == 3));
    }

    @AfterAll
    void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    void fiftyMebibytesAddedOnOnePeerArePinnedEverywhereAndServedByAnotherPeersGateway() throws Exception {
        long size = 50L << 20;
        long seed = 50;
        Cid root = addOverRest(peers.get(0), "fifty.bin", seed, size);

        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> allPinned(root));
        assertThat(peerMap(root).size()).isEqualTo(3);
        Set<Multihash> first = blockKeys(peers.get(0));
        assertThat(first).hasSizeGreaterThan(200); // 200 leaves of 256 KiB plus the nodes linking them
        for (ClusterAssembly p : peers) {
            assertThat(store(p).missingBlocks(root)).isEmpty();
            assertThat(blockKeys(p)).isEqualTo(first);
        }

        URI file = peers.get(2).gatewayUrl().orElseThrow().resolve("/ipfs/" + root);
        HttpResponse<InputStream> served = http.send(HttpRequest.newBuilder(file).timeout(PATIENCE).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(sha256(served.body())).isEqualTo(sha256(new PseudoRandomStream(seed, size)));
    }

    @Test
    void aPeerThatLosesBlockFilesReportsItAndRepairsItselfFromTheOthers() throws Exception {
        ClusterAssembly victim = peers.get(2);
        Set<Multihash> before = blockKeys(victim);
        Cid root = addOverRest(peers.get(0), "eight.bin", 8, 8L << 20);
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(500)).until(() -> allPinned(root));
        Set<Multihash> dag = blockKeys(victim);
        dag.removeAll(before);
        assertThat(dag).hasSizeGreaterThan(32); // 32 leaves and their root

        List<Path> files = dag.stream().filter(mh -> !mh.equals(root.multihash()))
                .map(mh -> blockFile(victim, mh)).toList();
        assertThat(files).allSatisfy(f -> assertThat(f).isRegularFile());
        long deletedAt = System.nanoTime();
        for (Path f : files) {
            Files.delete(f);
        }

        // No operator action from here: the reconcile finds the gap, reports it, and fetches the blocks.
        Set<TrackerStatus> seen = Collections.synchronizedSet(EnumSet.noneOf(TrackerStatus.class));
        long[] noticedAfter = {-1};
        await().atMost(PATIENCE).pollInterval(Duration.ofMillis(5)).until(() -> {
            TrackerStatus s = victim.api().status().status(root, true).peerMap().get(victim.peerId()).status();
            if (s != TrackerStatus.PINNED && seen.add(s) && noticedAfter[0] < 0) {
                noticedAfter[0] = (System.nanoTime() - deletedAt) / 1_000_000;
            }
            return s == TrackerStatus.PINNED && !seen.isEmpty() && store(victim).missingBlocks(root).isEmpty();
        });
        System.out.printf("lost blocks noticed after %d ms (reconcile interval %s); statuses seen %s%n",
                noticedAfter[0], RECONCILE, seen);
        assertThat(seen).containsAnyOf(TrackerStatus.UNEXPECTEDLY_UNPINNED, TrackerStatus.PINNING);
        // One interval plus one for a pass that had already walked past the pin, and slack for a loaded machine.
        assertThat(noticedAfter[0]).isLessThan(2 * RECONCILE.toMillis() + 3_000);

        assertThat(peerMap(root).get(victim.peerId().toString()).get("status").asText()).isEqualTo("pinned");
        assertThat(store(victim).missingBlocks(root)).isEmpty();
        for (Multihash mh : dag) {
            assertThat(blockFile(victim, mh)).exists();
        }
        assertThat(blockKeys(victim)).isEqualTo(blockKeys(peers.get(0)));
    }

    /** {@code POST /add} of a generated file with replication 3, streamed; returns the root CID. */
    private Cid addOverRest(ClusterAssembly peer, String name, long seed, long size) throws Exception {
        String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"" + name
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        String tail = "\r\n--" + BOUNDARY + "--\r\n";
        HttpRequest request = HttpRequest.newBuilder(peer.restUrl().resolve("/add?replication=3&name=" + name))
                .header("Content-Type", "multipart/form-data; boundary=" + BOUNDARY)
                .timeout(PATIENCE)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new SequenceInputStream(
                        Collections.enumeration(List.of(ascii(head), new PseudoRandomStream(seed, size),
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

    private boolean allPinned(Cid root) throws Exception {
        JsonNode map = peerMap(root);
        for (ClusterAssembly p : peers) {
            JsonNode entry = map.get(p.peerId().toString());
            if (entry == null || !"pinned".equals(entry.get("status").asText())) {
                return false;
            }
        }
        return true;
    }

    /** {@code GET /pins/{cid}} on the first peer: every peer's status, as the REST API reports it. */
    private JsonNode peerMap(Cid cid) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(peers.get(0).restUrl().resolve("/pins/" + cid))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get("peer_map");
    }

    private static InputStream ascii(String s) {
        return new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static String sha256(InputStream in) throws Exception {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        try (InputStream d = new DigestInputStream(in, digest)) {
            d.transferTo(java.io.OutputStream.nullOutputStream());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** {@code size} reproducible pseudo-random bytes, generated as read: no copy of the file is held anywhere. */
    private static final class PseudoRandomStream extends InputStream {
        private final SplittableRandom random;
        private long left;

        PseudoRandomStream(long seed, long size) {
            this.random = new SplittableRandom(seed);
            this.left = size;
        }

        @Override
        public int read() {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left == 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            for (int i = 0; i < n; i++) {
                b[off + i] = (byte) random.nextInt(256);
            }
            left -= n;
            return n;
        }
    }
}
