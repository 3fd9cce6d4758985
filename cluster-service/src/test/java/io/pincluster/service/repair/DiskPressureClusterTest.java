package io.pincluster.service.repair;

import static io.pincluster.service.testing.ClusterContent.addFiles;
import static io.pincluster.service.testing.ClusterContent.pinnedOnEveryAllocation;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.service.ClusterAssembly;
import io.pincluster.service.monitor.DiskUsage;
import io.pincluster.service.testing.TestCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four in-JVM peers with embedded stores; one is restarted with a store limit just above what it holds, as a disk
 * that filled up. Above {@code repair.disk_high_water} (0.90) it gets no new copy; above
 * {@code repair.disk_shed_water} (0.95) the leader moves pins off it, make-before-break, until it is below the
 * high-water mark, and no pin has fewer live copies than its minimum meanwhile.
 */
@Timeout(300)
class DiskPressureClusterTest {
    private static final Duration PATIENCE = Duration.ofSeconds(90);
    /** About 20 KB per file: a store of a few such files has room for small ones even at 92%. */
    private static final int BIG_FILE_LINES = 1500;

    @TempDir
    Path dir;

    private TestCluster start() throws Exception {
        TestCluster cluster = TestCluster.builder(dir).peers(4).secret("4d".repeat(32))
                .env(TestCluster.FAST_REPAIR)
                .env(Map.of("PINCLUSTER_REPAIR_REBALANCE_THRESHOLD", "0", // moves here are disk pressure only
                        "PINCLUSTER_REPAIR_REPAIR_GRACE", "10m")) // the restart of the full peer moves nothing
                .start();
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p ->
                p.monitor().validMetrics(MetricNames.DISKUSAGE).size() == 4));
        await().atMost(PATIENCE).until(() -> cluster.peers().stream().allMatch(p -> p.consensus().directory()
                .stream().filter(r -> !r.rpcAddress().isEmpty()).count() == 4));
        return cluster;
    }

    @Test
    void aPeerAboveTheShedMarkShedsPinsUntilBelowTheHighWaterMarkNeverTakingAPinBelowItsMinimum()
            throws Exception {
        try (TestCluster cluster = start()) {
            List<ClusterAssembly> peers = cluster.peers();
            List<Cid> cids = addFiles(peers.get(0), "shed", 12, 2, 2, BIG_FILE_LINES);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));
            ClusterAssembly leader = cluster.leader();
            ClusterAssembly victim = busiestFollower(peers, leader);
            PeerId full = victim.peerId();
            long allocatedBefore = leader.consensus().state().allocationCount(full);

            restartWithStorageMax(cluster, victim, 0.97);
            await().atMost(PATIENCE).until(() -> usageOf(leader, full).filter(u -> u.fraction() >= 0.95).isPresent()
                    || !leader.repair().allocationChanges(null, 10).isEmpty());
            List<String> belowMin = new CopyOnWriteArrayList<>();
            ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
            try {
                sampler.scheduleWithFixedDelay(() -> sampleCopies(cluster.peers(), cids, belowMin), 0, 20,
                        TimeUnit.MILLISECONDS);
                await().atMost(PATIENCE).untilAsserted(() -> {
                    assertThat(usageOf(leader, full)).get().satisfies(u -> assertThat(u.fraction()).isLessThan(0.90));
                    assertThat(leader.consensus().state().allocationCount(full)).isLessThan(allocatedBefore);
                    for (Cid cid : cids) {
                        assertThat(pinnedOnEveryAllocation(cluster.peers(), cid)).isTrue();
                    }
                });
            } finally {
                sampler.shutdownNow();
                sampler.awaitTermination(10, TimeUnit.SECONDS);
            }
            assertThat(belowMin).as("pins with fewer pinned copies than their minimum during the moves").isEmpty();
            assertThat(leader.repair().allocationChanges(null, 100)).isNotEmpty()
                    .allSatisfy(c -> {
                        assertThat(c.reason()).startsWith("disk_pressure");
                        assertThat(c.kind()).isEqualTo(MoveKind.DISK_PRESSURE);
                        assertThat(c.from()).contains(full);
                        assertThat(c.to()).doesNotContain(full).hasSize(2);
                    });
            assertThat(leader.monitor().alerts()).anySatisfy(a -> {
                assertThat(a.metric().name()).isEqualTo("disk_pressure");
                assertThat(a.metric().peer()).isEqualTo(full);
            });
        }
    }

    @Test
    void aPeerAboveTheHighWaterMarkGetsNoNewCopyAndBelowTheShedMarkKeepsItsPins() throws Exception {
        try (TestCluster cluster = start()) {
            List<ClusterAssembly> peers = cluster.peers();
            List<Cid> cids = addFiles(peers.get(0), "high", 8, 2, 2, BIG_FILE_LINES);
            await().atMost(PATIENCE).until(() -> cids.stream().allMatch(cid -> pinnedOnEveryAllocation(peers, cid)));
            ClusterAssembly leader = cluster.leader();
            ClusterAssembly victim = busiestFollower(peers, leader);
            PeerId full = victim.peerId();
            long allocatedBefore = leader.consensus().state().allocationCount(full);

            restartWithStorageMax(cluster, victim, 0.92);
            await().atMost(PATIENCE).until(() -> usageOf(leader, full).filter(u -> u.fraction() >= 0.90).isPresent());

            // Small pins that would fit in its 8% left, asking for up to four copies: without the mark it gets one.
            List<Cid> fresh = addFiles(leader, "fresh", 4, 2, 4);
            for (Cid cid : fresh) {
                Pin pin = leader.consensus().state().get(cid).orElseThrow();
                assertThat(pin.allocations()).as("%s", cid).hasSize(3).doesNotContain(full);
            }
            assertThat(leader.consensus().state().allocationCount(full)).isEqualTo(allocatedBefore);
            assertThat(leader.repair().allocationChanges(null, 10)).as("between the marks nothing moves").isEmpty();
        }
    }

    /** Restarts {@code victim} with a store limit that puts what it holds at {@code fraction} of it. */
    private static void restartWithStorageMax(TestCluster cluster, ClusterAssembly victim, double fraction)
            throws Exception {
        int index = cluster.peers().indexOf(victim);
        long held = victim.connector().repoStat().repoSize();
        victim.close();
        cluster.forget(victim);
        long max = (long) Math.ceil(held / fraction);
        cluster.start(cluster.dir(index), Map.of("PINCLUSTER_CONNECTOR_STORAGE_MAX", Long.toString(max)), null);
        TestCluster.introduce(cluster.peers());
    }

    private static Optional<DiskUsage> usageOf(ClusterAssembly observer, PeerId peer) {
        for (Metric m : observer.monitor().validMetrics(MetricNames.DISKUSAGE)) {
            if (m.peer().equals(peer)) {
                return DiskUsage.of(m);
            }
        }
        return Optional.empty();
    }

    /** Notes every pin with fewer copies pinned on running peers than its minimum. */
    private static void sampleCopies(List<ClusterAssembly> peers, List<Cid> cids, List<String> belowMin) {
        ClusterAssembly any = peers.get(0);
        for (Cid cid : cids) {
            Pin pin = any.consensus().state().get(cid).orElse(null);
            if (pin == null) {
                continue;
            }
            long copies = peers.stream().filter(p -> p.connector().status(cid).satisfies(pin.options().mode()))
                    .count();
            if (copies < pin.options().replicationMin()) {
                belowMin.add(cid + ": " + copies + " copies");
            }
        }
    }

    private static ClusterAssembly busiestFollower(List<ClusterAssembly> peers, ClusterAssembly leader) {
        List<ClusterAssembly> followers = new ArrayList<>(peers);
        followers.remove(leader);
        return followers.stream()
                .max(Comparator.comparingLong(p -> leader.consensus().state().allocationCount(p.peerId())))
                .orElseThrow();
    }
}
