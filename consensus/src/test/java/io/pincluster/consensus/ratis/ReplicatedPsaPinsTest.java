package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.PsaQuotaExceededException;
import io.pincluster.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
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
    private ReplicatedPeers group;

    @AfterEach
    void closeAll() {
        if (group != null) {
            group.close();
        }
    }

    private static PsaPin request(String id, String owner, int n) {
        return new PsaPin(id, owner, cid(n), "name " + n, List.of(), Map.of("n", "" + n), 0, null);
    }

    @Test
    void aRequestThroughOnePeerReachesEveryPeerWithUniqueCreationTimesAndTheQuotaHolds() throws Exception {
        group = ReplicatedPeers.started(3, dir, clock, 100);

        PsaPin first = group.peer(1).psaRecords().put(request("req-a", "alice", 1), null, 2);
        PsaPin second = group.peer(2).psaRecords().put(request("req-b", "alice", 1), null, 2);
        assertThat(first.created()).as("the clock stands still; creation times still differ")
                .isBefore(second.created());
        assertThat(group.peer(1).psaRecords().table().get("req-a")).contains(first);
        for (RatisConsensus p : group.running()) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.psaRecords().table().byCid(cid(1)).size() == 2);
        }
        assertThatThrownBy(() -> group.peer(0).psaRecords().put(request("req-c", "alice", 2), null, 2))
                .isInstanceOf(PsaQuotaExceededException.class).hasMessageContaining("alice");
        assertThat(group.peer(0).psaRecords().put(request("req-c", "bob", 2), null, 2).owner()).isEqualTo("bob");

        PsaPin replaced = group.peer(0).psaRecords().put(request("req-d", "alice", 3), "req-a", 2);
        assertThat(group.peer(0).psaRecords().table().get("req-a")).isEmpty();
        assertThat(replaced.created()).isAfter(second.created());
        group.peer(0).psaRecords().remove("req-b");
        for (RatisConsensus p : group.running()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                assertThat(p.psaRecords().table().byCid(cid(1))).isEmpty();
                assertThat(p.psaRecords().table().count("alice")).isEqualTo(1);
                assertThat(p.psaRecords().table().all()).isEqualTo(group.peer(0).psaRecords().table().all());
            });
        }
    }

    @Test
    void requestsSurviveARestartFromASnapshot() throws Exception {
        group = ReplicatedPeers.snapshotting(dir, clock);
        RatisConsensus c = group.peer(0);
        c.psaRecords().put(request("kept-1", "alice", 1), null, 0);
        c.psaRecords().put(request("kept-2", "bob", 1), null, 0);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
        }
        List<PsaPin> before = c.psaRecords().table().all();
        long applied = c.state().appliedIndex();
        group.stop(0);

        Path newest = ReplicatedPeers.newestSnapshot(dir);
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with pin requests").isEqualTo((byte) 5);
        assertThat(SnapshotFile.read(newest, null).psaPins()).isEqualTo(before);

        RatisConsensus again = group.start(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.psaRecords().table().all()).isEqualTo(before);
        assertThat(again.psaRecords().table().count("alice")).isEqualTo(1);
        PsaPin later = again.psaRecords().put(request("after-restart", "alice", 2), null, 0);
        assertThat(later.created()).as("after every creation time in the log").isAfter(before.get(1).created());
    }

}
