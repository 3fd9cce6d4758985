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
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThreePeerConsensusTest {
    @TempDir
    Path dir;
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private ExecutorService pool;
    private TestPeers fixture;

    @AfterEach
    void closeAll() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
        TestPeers.stopAll(peers);
    }

    private void start(int i, ConsensusConfig config) throws IOException {
        peers[i] = new RatisConsensus(config, Clock.systemUTC(), fixture.tls(config));
        peers[i].start(fixture.decider());
    }

    private void startAll(java.util.function.IntFunction<ConsensusConfig> configs) throws IOException {
        fixture = fixture == null ? new TestPeers(3, dir) : fixture;
        for (int i = 0; i < 3; i++) {
            start(i, configs.apply(i));
        }
    }

    @Test
    void pinsReplicateToEveryPeerAndAnyPeerCanWrite() throws IOException {
        fixture = new TestPeers(3, dir);
        startAll(fixture::config);
        Pin pinned = peers[1].pin(cid(1), PinOptions.DEFAULTS.withReplication(2, 2));
        assertThat(peers[1].readYourWrites().get(cid(1))).as("read-your-writes on the submitting peer")
                .contains(pinned);
        assertThat(pinned.allocations()).hasSize(2);
        peers[2].pin(cid(2), PinOptions.DEFAULTS);
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (RatisConsensus c : peers) {
                assertThat(c.state().get(cid(1))).contains(pinned);
                assertThat(c.state().get(cid(2))).isPresent();
            }
        });
        assertThat(peers[0].peers()).containsExactlyInAnyOrderElementsOf(fixture.ids);
        assertThat(peers[0].leader()).isPresent().isEqualTo(peers[2].leader());
        List<Pin> seenOnPeer0 = new ArrayList<>();
        peers[0].addListener((before, after) -> seenOnPeer0.add(after));
        assertThat(peers[0].unpin(cid(2)).cid()).isEqualTo(cid(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> peers[1].state().get(cid(2)).isEmpty());
        assertThat(seenOnPeer0).containsExactly((Pin) null);
    }

    @Test
    void followerThatMissedPurgedEntriesCatchesUpBySnapshotInstall() throws Exception {
        fixture = new TestPeers(3, dir);
        // small segments and a low threshold, so the log is snapshotted and purged while peer 2 is down
        startAll(i -> fixture.config(i).withSnapshots(20, 64 * 1024));
        peers[0].pin(cid(0), PinOptions.DEFAULTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> peers[2].state().get(cid(0)).isPresent());
        peers[2].close();
        int writer = peers[0].leader().equals(peers[1].leader()) ? 0 : 1;
        pool = Executors.newFixedThreadPool(16);
        String padding = "x".repeat(300);
        List<Future<Pin>> futures = new ArrayList<>();
        AtomicInteger done = new AtomicInteger();
        for (int i = 1; i <= 1500; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                Pin p = peers[writer].pin(cid(n), new PinOptions(0, 0, padding + n, PinMode.RECURSIVE, 0,
                        List.of(), null, Map.of(), null, List.of()));
                done.incrementAndGet();
                return p;
            }));
        }
        for (Future<Pin> f : futures) {
            f.get(120, TimeUnit.SECONDS);
        }
        for (int i = 0; i < 100; i++) { // one pin per entry: keeps triggering snapshots and purges
            peers[writer].pin(cid(5000 + i), PinOptions.DEFAULTS);
        }
        start(2, fixture.config(2).withSnapshots(20, 64 * 1024));
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(peers[2].state().size()).isEqualTo(peers[writer].state().size()).isEqualTo(1601);
            assertThat(peers[2].state().appliedIndex()).isEqualTo(peers[writer].state().appliedIndex());
        });
        assertThat(peers[2].state().pinsAfter(null).toList()).isEqualTo(peers[writer].state().pinsAfter(null).toList());
        assertThat(peers[2].snapshotsInstalled()).as("caught up by snapshot install, not log replay").isPositive();
        // and it keeps following the log after the install
        peers[writer].pin(cid(9999), PinOptions.DEFAULTS);
        await().atMost(Duration.ofSeconds(10)).until(() -> peers[2].state().get(cid(9999)).isPresent());
    }

    @Test
    void withoutAMajorityWritesFailWithNoQuorumWithinTheTimeout() throws IOException {
        fixture = new TestPeers(3, dir);
        startAll(i -> fixture.config(i).withRequestTimeout(Duration.ofSeconds(3)));
        await().atMost(Duration.ofSeconds(20)).until(() -> peers[0].leader().isPresent()
                && peers[0].leader().equals(peers[1].leader()) && peers[0].leader().equals(peers[2].leader()));
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(1), PinOptions.DEFAULTS) != null);
        peers[1].close();
        peers[2].close();
        long start = System.nanoTime();
        assertThatThrownBy(() -> peers[0].pin(cid(2), PinOptions.DEFAULTS))
                .isInstanceOf(ClusterException.class)
                .hasMessageContaining("no quorum")
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.NO_QUORUM));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
        assertThat(peers[0].state().get(cid(1))).as("reads still work locally").isPresent();
    }
}
