package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.testkit.ManualClock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The CID → archive index (decision 0019) is replicated: an entry recorded through any peer reaches every replica,
 * an entry for a pin that is no longer pinned is not indexed, an unpin drops the pin's entry, and the index survives
 * a restart from a snapshot in format 7.
 */
class ReplicatedArchiveIndexTest {
    private static final Instant START = Instant.parse("2026-12-04T19:00:00Z");

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

    private static ArchiveEntry entry(Cid cid) {
        return ReplicatedPeers.archiveEntry(cid, START);
    }

    @Test
    void anEntryReachesEveryReplicaAndAnUnpinDropsIt() throws Exception {
        group = ReplicatedPeers.started(3, dir, clock, 1);
        group.peer(0).pin(cid(2), PinOptions.DEFAULTS);

        group.peer(1).archiveRecords().recordArchive(entry(cid(1)));
        group.peer(2).archiveRecords().recordArchive(entry(cid(2)));
        group.peer(0).archiveRecords().recordArchive(entry(cid(3))); // never pinned: not indexed
        for (RatisConsensus p : group.running()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    p.archiveRecords().archiveIndex().all())
                    .containsExactlyInAnyOrder(entry(cid(1)), entry(cid(2))));
        }

        group.peer(2).unpin(cid(1));
        for (RatisConsensus p : group.running()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    p.archiveRecords().archiveIndex().all())
                    .containsExactly(entry(cid(2))));
        }
    }

    @Test
    void theIndexSurvivesARestartFromASnapshotInFormatSeven() throws Exception {
        group = ReplicatedPeers.snapshotting(dir, clock);
        RatisConsensus c = group.peer(0);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
            if (i % 3 == 0) {
                c.archiveRecords().recordArchive(entry(cid(i + 10)));
            }
        }
        List<ArchiveEntry> before = c.archiveRecords().archiveIndex().all();
        assertThat(before).hasSize(20);
        long applied = c.state().appliedIndex();
        group.stop(0);

        Path newest = ReplicatedPeers.newestSnapshot(dir);
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with an archive index").isEqualTo((byte) 7);
        assertThat(SnapshotFile.read(newest, null).archives()).isEqualTo(before);

        RatisConsensus again = group.start(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.archiveRecords().archiveIndex().all()).isEqualTo(before);
    }

}
