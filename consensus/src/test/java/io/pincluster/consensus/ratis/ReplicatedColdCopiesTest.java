package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
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
 * Read reports and hot drops (decision 0024) through real Raft: every replica keeps the latest read time whatever
 * order reports commit in; a drop applies on every replica only while the leader's judgement holds, leaves the pin
 * pinned without allocations and keeps its archive against a removal judged before; and the read times survive a
 * restart from a snapshot (format 8).
 */
class ReplicatedColdCopiesTest {
    private static final Instant START = Instant.parse("2026-12-05T01:00:00Z");

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
    void readsOnlyGrowAndADropAppliesEverywhereOnlyWhileItsJudgementHolds() throws Exception {
        group = ReplicatedPeers.started(3, dir, clock, 1);
        List<RatisConsensus> peers = group.running();
        Cid cid = cid(2);
        Pin pin = peers.get(0).pin(cid, PinOptions.DEFAULTS.withReplication(1, 2));
        assertThat(pin.allocations()).hasSize(2);
        peers.get(1).archiveRecords().recordArchive(entry(cid));
        Instant later = START.plusSeconds(60);
        peers.get(0).archiveRecords().reportReads(new ReadReport(Map.of(cid, later)));
        peers.get(2).archiveRecords().reportReads(new ReadReport(Map.of(cid, START.plusSeconds(10), cid(99),
                later)));
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.archiveRecords().archiveIndex().get(cid)
                    .map(e -> later.equals(e.lastReadAt())).orElse(false));
            assertThat(p.archiveRecords().archiveIndex().contains(cid(99))).isFalse();
        }

        // judged before the last read was reported: ignored everywhere
        peers.get(2).archiveRecords().dropHotCopies(new HotDrop(cid, entry(cid).objectKey(), pin.timestamp(), null));
        // judged on what the index says now: applied everywhere
        ArchiveEntry now = peers.get(1).archiveRecords().archiveIndex().get(cid).orElseThrow();
        peers.get(1).archiveRecords().dropHotCopies(HotDrop.of(peers.get(1).state().get(cid).orElseThrow(), now));
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).until(() -> p.state().get(cid)
                    .map(x -> x.allocations().isEmpty()).orElse(false));
            Pin dropped = p.state().get(cid).orElseThrow();
            assertThat(dropped.timestamp()).isEqualTo(pin.timestamp());
            assertThat(dropped.options()).isEqualTo(pin.options());
        }

        // a removal the collector judged on the pin before the drop leaves the only copy alone
        peers.get(0).archiveRecords().removeArchive(new ArchiveRemoval(cid, entry(cid).objectKey(),
                pin.timestamp()));
        for (RatisConsensus p : peers) {
            assertThat(p.archiveRecords().archiveIndex().contains(cid)).as("the archive is the only copy").isTrue();
        }
    }

    @Test
    void readTimesSurviveARestartFromASnapshotInFormat8() throws Exception {
        group = ReplicatedPeers.snapshotting(dir, clock);
        RatisConsensus c = group.peer(0);
        Instant read = START.plusSeconds(30);
        for (int i = 0; i < 40; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS.withReplication(1, 1));
            if (i % 4 == 0) {
                c.archiveRecords().recordArchive(entry(cid(i + 10)));
                c.archiveRecords().reportReads(new ReadReport(Map.of(cid(i + 10), read.plusSeconds(i))));
            }
        }
        List<ArchiveEntry> before = c.archiveRecords().archiveIndex().all();
        assertThat(before).hasSize(10).allMatch(e -> e.lastReadAt() != null);
        long applied = c.state().appliedIndex();
        group.stop(0);

        Path newest = ReplicatedPeers.newestSnapshot(dir);
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with read times").isEqualTo((byte) 8);
        assertThat(SnapshotFile.read(newest, null).archives()).isEqualTo(before);

        RatisConsensus again = group.start(0);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.archiveRecords().archiveIndex().all()).isEqualTo(before);
    }
}
