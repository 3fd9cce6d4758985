package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaQuotaExceededException;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Pin requests of the Pinning Service API are a replicated record of the Raft state: recorded through any peer,
 * on every replica in log order with the creation time the leader gave them (unique even on a stopped clock), kept
 * across restarts from snapshots, and refused by the leader over a tenant's quota.
 */
class ReplicatedPsaPinsTest {
    private static final Instant START = Instant.parse("2026-12-04T12:00:00Z");

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(START);
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private TestPeers fixture;

    @AfterEach
    void closeAll() {
        TestPeers.stopAll(peers);
    }

    private RatisConsensus start(int i, ConsensusConfig config) throws IOException {
        peers[i] = new RatisConsensus(config, clock, fixture.tls(config));
        peers[i].start(fixture.decider());
        return peers[i];
    }

    private static PsaPin request(String id, String owner, int n) {
        return new PsaPin(id, owner, cid(n), "name " + n, List.of(), Map.of("n", "" + n), 0, null);
    }

    @Test
    void aRequestThroughOnePeerReachesEveryPeerWithUniqueCreationTimesAndTheQuotaHolds() throws Exception {
        fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            start(i, fixture.config(i));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(100), PinOptions.DEFAULTS) != null);

        PsaPin first = peers[1].put(request("req-a", "alice", 1), null, 2);
        PsaPin second = peers[2].put(request("req-b", "alice", 1), null, 2);
        assertThat(first.created()).as("the clock stands still; creation times still differ")
                .isBefore(second.created());
        assertThat(peers[1].table().get("req-a")).contains(first);
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.table().byCid(cid(1)).size() == 2);
        }
        assertThatThrownBy(() -> peers[0].put(request("req-c", "alice", 2), null, 2))
                .isInstanceOf(PsaQuotaExceededException.class).hasMessageContaining("alice");
        assertThat(peers[0].put(request("req-c", "bob", 2), null, 2).owner()).isEqualTo("bob");

        PsaPin replaced = peers[0].put(request("req-d", "alice", 3), "req-a", 2);
        assertThat(peers[0].table().get("req-a")).isEmpty();
        assertThat(replaced.created()).isAfter(second.created());
        peers[0].remove("req-b");
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(p.table().byCid(cid(1))).isEmpty();
                assertThat(p.table().count("alice")).isEqualTo(1);
                assertThat(p.table().all()).isEqualTo(peers[0].table().all());
            });
        }
    }

    @Test
    void requestsSurviveARestartFromASnapshot() throws Exception {
        fixture = new TestPeers(1, dir);
        ConsensusConfig config = fixture.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(0, config);
        c.put(request("kept-1", "alice", 1), null, 0);
        c.put(request("kept-2", "bob", 1), null, 0);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
        }
        List<PsaPin> before = c.table().all();
        long applied = c.state().appliedIndex();
        c.close();
        peers[0] = null;

        Path newest = SinglePeerConsensusTest.snapshotFiles(dir).stream()
                .max(Comparator.comparingLong(ReplicatedPsaPinsTest::indexOf)).orElseThrow();
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with pin requests").isEqualTo((byte) 5);
        assertThat(SnapshotFile.read(newest, null).psaPins()).isEqualTo(before);

        RatisConsensus again = start(0, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.table().all()).isEqualTo(before);
        assertThat(again.table().count("alice")).isEqualTo(1);
        PsaPin later = again.put(request("after-restart", "alice", 2), null, 0);
        assertThat(later.created()).as("after every creation time in the log").isAfter(before.get(1).created());
    }

    private static long indexOf(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }
}
