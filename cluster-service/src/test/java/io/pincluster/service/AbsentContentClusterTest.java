package io.pincluster.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.service.testing.ClusterContent;
import io.pincluster.service.testing.TestCluster;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pins whose content no peer holds (users pin CIDs of content that lives elsewhere) cost no status or block
 * requests, neither for their first attempt (the leader, asked a thousand CIDs at a time, says nobody holds them:
 * decision 0022) nor while they wait, and wake up when a holder appears: an {@code /add} of their content, or
 * another peer confirming its copy. Three peers in this JVM, real Raft, real cluster RPC. The safety-net re-check is set to an hour, so nothing
 * here is the re-check's doing.
 */
@Timeout(900)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AbsentContentClusterTest {
    private static final int PINS = 20_000;
    private static final int ADDED_LATER = 100;
    /**
     * The retry backoff of failed pins, shorter than the default 5 s: the window below is sized by it. Waiting pins
     * must not be retried at all; the shorter it is, the more retries a wrongly retried pin would show.
     */
    private static final Duration RETRY_BACKOFF_MIN = Duration.ofSeconds(1);
    /**
     * How long the waiting pins are watched: the retry backoff (1 s, doubling) would have tried each of them 4 times
     * (at 1, 3, 7 and 15 s).
     */
    private static final Duration WINDOW = Duration.ofSeconds(20);
    /** Block requests allowed over the window, whatever the number of waiting pins. */
    private static final long SMALL_CONSTANT = 10;
    private static final Duration PATIENCE = Duration.ofMinutes(5);
    private static final AddRequest ADD = new AddRequest(PinOptions.DEFAULTS.withReplication(2, 2), 1, true,
            AddRequest.DEFAULT_CHUNK_SIZE, false, false, false, false, false, false, "unixfs");
    private static final ImportOptions SAME_AS_ADD = new ImportOptions(ADD.cidVersion(), ADD.rawLeaves(),
            ADD.chunkSize(), ImportOptions.DEFAULT_MAX_LINKS, ADD.hidden(), ADD.wrapWithDirectory());

    @TempDir
    static Path dir;
    private TestCluster cluster;
    private List<ClusterAssembly> peers = List.of();

    @BeforeAll
    void startCluster() throws Exception {
        cluster = TestCluster.builder(dir).peers(3).secret("3e".repeat(32))
                .env(Map.of("PINCLUSTER_MONITOR_INTERVAL", "500ms",
                        "PINCLUSTER_MONITOR_TTL", "5s",
                        "PINCLUSTER_PIN_TRACKER_ABSENT_RECHECK_INTERVAL", "1h",
                        "PINCLUSTER_PIN_TRACKER_RETRY_BACKOFF_MIN", RETRY_BACKOFF_MIN.toSeconds() + "s"))
                .start();
        peers = cluster.peers();
        assertThat(peers.get(0).config().pinTracker().absentRecheckInterval()).isEqualTo(Duration.ofHours(1));
        assertThat(peers.get(0).config().pinTracker().retryBackoffMin()).isEqualTo(RETRY_BACKOFF_MIN);
        // Replication 2 needs the peers' free-space metrics at the allocating leader.
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
    void twentyThousandAbsentPinsCostNoBlockRequestsWhileTheyWaitAndAnAddWakesItsOwn() {
        // The content of 100 of the pins exists: files whose CIDs are computed now, as /add will make them.
        List<byte[]> files = new ArrayList<>();
        List<Cid> fileCids = new ArrayList<>();
        for (int i = 0; i < ADDED_LATER; i++) {
            byte[] content = ("file " + i + " added after it was pinned\n").repeat(20 + i)
                    .getBytes(StandardCharsets.UTF_8);
            files.add(content);
            fileCids.add(cidOf(content));
        }
        List<Cid> cids = new ArrayList<>(fileCids);
        SplittableRandom random = new SplittableRandom(14);
        while (cids.size() < PINS) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            cids.add(Cid.v1(Codec.RAW, Multihash.sha256(bytes)));
        }

        Set<Cid> pinned = new HashSet<>(cids);

        long blocksBefore = blockRequestsServed();
        long statusBefore = statusRequestsServed();
        long questionsBefore = holderQuestionsServed();
        long cpuBefore = processCpuNanos();
        long wallBefore = System.nanoTime();
        pinAll(peers.get(1), cids);

        // Every allocated copy has had its first attempt and now waits.
        await().atMost(PATIENCE).pollInterval(Duration.ofSeconds(1)).until(() -> peers.stream()
                .allMatch(p -> p.pinTracker().waitingCount() == allocatedTo(p, pinned)));
        long allocations = peers.stream().mapToLong(p -> allocatedTo(p, pinned)).sum();
        assertThat(allocations).isEqualTo(2L * PINS);
        long first = blockRequestsServed();
        long blocks = first - blocksBefore;
        long statuses = statusRequestsServed() - statusBefore;
        long questions = holderQuestionsServed() - questionsBefore;
        System.out.printf("%d absent pins at rf 2 on 3 peers, first attempts: %d block requests, %d status requests, "
                        + "%d holder questions to the leader; %.1f s CPU (the whole JVM: 3 peers and the test), "
                        + "%.1f s wall%n", PINS, blocks, statuses, questions,
                (processCpuNanos() - cpuBefore) / 1e9, (System.nanoTime() - wallBefore) / 1e9);
        // Decision 0022: the leader says nobody holds them, so no peer is asked for their status or blocks; the
        // questions to the leader carry up to a thousand CIDs each.
        assertThat(blocks + statuses).as("status and block requests for the first attempts")
                .isLessThanOrEqualTo(SMALL_CONSTANT);
        assertThat(blocks + statuses + questions).as("peer RPCs for the first attempts of %d copies", allocations)
                .isLessThanOrEqualTo(PINS / 100 + 100);

        await().during(WINDOW).atMost(WINDOW.plusMinutes(1)).pollInterval(Duration.ofSeconds(1))
                .until(() -> blockRequestsServed() - first <= SMALL_CONSTANT);
        long inWindow = blockRequestsServed() - first;
        System.out.printf("block requests served over the next %s: %d%n", WINDOW, inWindow);
        assertThat(inWindow).isLessThanOrEqualTo(SMALL_CONSTANT);
        for (ClusterAssembly p : peers) {
            assertThat(p.pinTracker().waitingCount()).isEqualTo(allocatedTo(p, pinned));
            assertThat(p.pinTracker().statusCounts()).doesNotContainKey(TrackerStatus.PIN_ERROR);
            assertThat(p.pinTracker().status(cids.get(PINS - 1)).status()).isIn(TrackerStatus.PIN_QUEUED,
                    TrackerStatus.REMOTE);
        }

        // One peer adds the content of 100 of them: they become pinned on their allocated peers by themselves.
        long beforeAdds = blockRequestsServed();
        for (int i = 0; i < ADDED_LATER; i++) {
            assertThat(add(peers.get(0), "later-" + i, files.get(i))).isEqualTo(fileCids.get(i));
        }
        await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500)).until(() -> fileCids.stream()
                .allMatch(cid -> ClusterContent.pinnedOnEveryAllocation(peers, cid)));
        long forAdds = blockRequestsServed() - beforeAdds;
        System.out.printf("%d added files pinned on their allocations; %d block requests meanwhile%n", ADDED_LATER,
                forAdds);
        assertThat(forAdds).as("the adds cost requests for their own content only").isLessThan(20L * ADDED_LATER);
        long stillWaiting = peers.stream().mapToLong(p -> p.pinTracker().waitingCount()).sum();
        assertThat(stillWaiting).isEqualTo(2L * (PINS - ADDED_LATER));
    }

    @Test
    void aPeerConfirmingItsCopyWakesTheOtherAllocatedPeer() throws Exception {
        byte[] content = "held by one allocated peer first\n".repeat(50).getBytes(StandardCharsets.UTF_8);
        Cid cid = cidOf(content);
        Pin pin = peers.get(0).api().pins().pin(cid, PinOptions.DEFAULTS.withReplication(2, 2)).join();
        ClusterAssembly first = peerOf(pin.allocations().get(0));
        ClusterAssembly second = peerOf(pin.allocations().get(1));
        // Both tried once, found no holder and wait.
        await().atMost(PATIENCE).until(() -> waitsForAHolder(first, cid) && waitsForAHolder(second, cid));

        // The content reaches the first peer's store (as if fetched from outside) and an operator recovers it there.
        try (NodeConnector.ImportSession s = first.connector().openImport()) {
            new FileImporter(SAME_AS_ADD).importFile(new ByteArrayInputStream(content), s, null);
        }
        first.pinTracker().recover(cid);

        // Nobody touches the second peer: the leader passes the first peer's confirmation on to it.
        // The store holds the pin before the tracker's pass ends (it ends once the pin is durable): wait for both.
        await().atMost(Duration.ofMinutes(1)).until(() -> ClusterContent.pinnedOnEveryAllocation(peers, cid)
                && second.pinTracker().status(cid).status() == TrackerStatus.PINNED);
    }

    private static boolean waitsForAHolder(ClusterAssembly peer, Cid cid) {
        var status = peer.pinTracker().status(cid);
        return status.status() == TrackerStatus.PIN_QUEUED
                && status.error().contains("waiting for a peer that holds its content");
    }

    private ClusterAssembly peerOf(PeerId id) {
        return peers.stream().filter(p -> p.peerId().equals(id)).findFirst().orElseThrow();
    }

    /** How many of {@code among} are allocated to {@code peer}. */
    private static long allocatedTo(ClusterAssembly peer, Set<Cid> among) {
        try (Stream<Cid> allocated = peer.consensus().state().allocatedTo(peer.peerId())) {
            return allocated.filter(among::contains).count();
        }
    }

    private long statusRequestsServed() {
        return peers.stream().mapToLong(ClusterAssembly::statusRequestsServed).sum();
    }

    private long holderQuestionsServed() {
        return peers.stream().mapToLong(ClusterAssembly::holderQuestionsServed).sum();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    private long blockRequestsServed() {
        return peers.stream().mapToLong(ClusterAssembly::blockRequestsServed).sum();
    }

    /** Pins through {@code via}, a thousand requests in flight at a time (the leader batches them in the log). */
    private static void pinAll(ClusterAssembly via, List<Cid> cids) {
        for (int from = 0; from < cids.size(); from += 1000) {
            List<CompletableFuture<Pin>> inFlight = cids.subList(from, Math.min(cids.size(), from + 1000)).stream()
                    .map(cid -> via.api().pins().pin(cid, PinOptions.DEFAULTS.withReplication(2, 2))).toList();
            inFlight.forEach(CompletableFuture::join);
        }
    }

    private static Cid add(ClusterAssembly peer, String name, byte[] content) {
        List<AddedOutput> out = new ArrayList<>();
        peer.api().adds().add(ADD, List.of(new UploadPart(name, false, new ByteArrayInputStream(content))).iterator(),
                out::add);
        return out.get(out.size() - 1).cid();
    }

    private static Cid cidOf(byte[] content) {
        try {
            return new FileImporter(SAME_AS_ADD).importFile(new ByteArrayInputStream(content), (c, b) -> { }, null)
                    .cid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
