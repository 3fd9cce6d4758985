package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SinglePeerConsensusTest {
    @TempDir
    Path dir;
    private final List<RatisConsensus> open = new ArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));
    private ExecutorService pool;

    @AfterEach
    void closeAll() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        open.forEach(RatisConsensus::close);
    }

    private RatisConsensus start(TestPeers peers, ConsensusConfig config) throws IOException {
        RatisConsensus c = new RatisConsensus(config, clock, peers.tls(config));
        open.add(c);
        c.start(peers.decider());
        return c;
    }

    /**
     * Ratis closes a division whose apply thread failed (an error no entry handler caught) and leaves the process
     * running: the peer must then say it has no Raft server, so its readiness check fails and a load balancer or
     * orchestrator stops sending it requests, instead of reporting the last role and leader it knew.
     */
    @Test
    void aDivisionRatisClosedOnItsOwnIsReportedUnavailable() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        c.pin(cid(1), PinOptions.DEFAULTS.withReplication(1, 1));
        assertThat(c.raftInfo().leader()).isNotNull();
        assertThat(c.failure()).as("running").isEmpty();

        c.closeDivisionUnderneath();

        assertThat(c.raftInfo().role()).isEqualTo("unavailable");
        assertThat(c.raftInfo().leader()).isNull();
        assertThat(c.failure()).hasValueSatisfying(why -> assertThat(why).contains("on its own"));
    }

    @Test
    void aConsensusClosedOnPurposeIsNoFailure() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = new RatisConsensus(peers.config(0), clock, peers.tls(peers.config(0)));
        open.add(c);
        assertThat(c.failure()).as("not started").isEmpty();
        c.start(peers.decider());
        c.pin(cid(1), PinOptions.DEFAULTS.withReplication(1, 1));

        c.close();

        assertThat(c.failure()).isEmpty();
    }

    @Test
    void pinsUnpinsAndReportsMissingPins() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        Pin pin = c.pin(cid(1), PinOptions.DEFAULTS.withReplication(1, 1));
        assertThat(pin.allocations()).containsExactly(peers.ids.get(0));
        assertThat(pin.timestamp()).isEqualTo(clock.instant());
        assertThat(c.state().get(cid(1))).contains(pin);
        assertThat(c.leader()).contains(peers.ids.get(0));
        assertThat(c.peers()).containsExactly(peers.ids.get(0));
        assertThat(c.unpin(cid(1))).isEqualTo(pin);
        assertThat(c.state().get(cid(1))).isEmpty();
        assertThatThrownBy(() -> c.unpin(cid(1))).isInstanceOf(ClusterException.class)
                .hasMessage("pin is not part of the pinset")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(c.raftInfo().role()).isEqualTo("leader");
        // The rejected unpin fails as soon as the leader decides it; its (reject) entry may still be applying, so the
        // two indexes agree once it is.
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(c.raftInfo().appliedIndex()).isEqualTo(c.state().appliedIndex()).isPositive());
    }

    @Test
    void leaderRejectsRecursiveToDirectAndPastExpiryAndUpdatesReuseAllocations() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        Pin old = c.pin(cid(1), new PinOptions(1, 1, "v1", PinMode.RECURSIVE, 0, List.of(), null,
                Map.of("k", "v"), null, List.of()));
        PinOptions direct = new PinOptions(0, 0, "", PinMode.DIRECT, 0, List.of(), null, Map.of(), null, List.of());
        assertThatThrownBy(() -> c.pin(cid(1), direct)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("already pinned in recursive mode");
        PinOptions expired = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(),
                clock.instant().minusSeconds(1), Map.of(), null, List.of());
        assertThatThrownBy(() -> c.pin(cid(2), expired)).isInstanceOf(ClusterException.class)
                .hasMessageContaining("not in the future");
        PinOptions update = new PinOptions(0, 0, "v2", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), cid(1),
                List.of());
        Pin updated = c.pin(cid(2), update);
        assertThat(updated.allocations()).isEqualTo(old.allocations());
        assertThat(updated.options().name()).isEqualTo("v2");
        assertThat(updated.options().metadata()).isEqualTo(Map.of("k", "v"));
        assertThat(updated.options().pinUpdate()).as("transient, not stored").isNull();
        assertThat(c.state().get(cid(1))).as("the old pin stays").isPresent();
    }

    @Test
    void expireDueRemovesExpiredPinsThroughTheLog() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        PinOptions soon = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(),
                clock.instant().plusSeconds(60), Map.of(), null, List.of());
        c.pin(cid(1), soon);
        c.pin(cid(2), PinOptions.DEFAULTS);
        assertThat(c.expireDue()).isZero();
        clock.advance(Duration.ofSeconds(61));
        assertThat(c.expireDue()).isEqualTo(1);
        assertThat(c.state().get(cid(1))).isEmpty();
        assertThat(c.state().get(cid(2))).isPresent();
    }

    @Test
    void restartKeepsEveryAcknowledgedPin() throws IOException {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        for (int i = 0; i < 50; i++) {
            c.pin(cid(i), PinOptions.DEFAULTS);
        }
        c.unpin(cid(0));
        long applied = c.state().appliedIndex();
        c.close();
        RatisConsensus again = start(peers, peers.config(0));
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.state().size()).isEqualTo(49);
        assertThat(again.state().get(cid(0))).isEmpty();
        assertThat(again.pin(cid(100), PinOptions.DEFAULTS).cid()).isEqualTo(cid(100));
    }

    @Test
    void restartFromSnapshotsKeepsEveryPinAndRetainsTwoSnapshots() throws Exception {
        TestPeers peers = new TestPeers(1, dir);
        ConsensusConfig config = peers.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(peers, config);
        pool = Executors.newFixedThreadPool(8);
        List<Future<Pin>> futures = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            int n = i;
            futures.add(pool.submit(() -> c.pin(cid(n), PinOptions.DEFAULTS)));
        }
        for (Future<Pin> f : futures) {
            f.get(30, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 60; i++) { // sequential entries, so snapshots keep being triggered
            c.pin(cid(1000 + i), PinOptions.DEFAULTS);
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> snapshotFiles(dir).size() >= 1);
        c.close();
        assertThat(snapshotFiles(dir)).hasSizeBetween(1, 2);
        RatisConsensus again = start(peers, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().size() == 460);
        for (int i = 0; i < 400; i++) {
            assertThat(again.state().get(cid(i))).isPresent();
        }
    }

    @Test
    void concurrentPinsShareLogEntries() throws Exception {
        TestPeers peers = new TestPeers(1, dir);
        RatisConsensus c = start(peers, peers.config(0));
        c.pin(cid(-1), PinOptions.DEFAULTS);
        long entriesBefore = c.logEntriesApplied();
        pool = Executors.newFixedThreadPool(64);
        int ops = 2000;
        List<Future<Pin>> futures = new ArrayList<>();
        for (int i = 0; i < ops; i++) {
            int n = i;
            futures.add(pool.submit(() -> c.pin(cid(n), PinOptions.DEFAULTS)));
        }
        for (Future<Pin> f : futures) {
            assertThat(f.get(60, TimeUnit.SECONDS).cid()).isNotNull();
        }
        long entries = c.logEntriesApplied() - entriesBefore;
        assertThat(c.state().size()).isEqualTo(ops + 1);
        assertThat(entries).as("log entries for %d pins", ops).isLessThan(ops / 4);
    }

    static List<Path> snapshotFiles(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.filter(p -> p.getFileName().toString().matches("snapshot\\.\\d+_\\d+")).toList();
        }
    }
}
