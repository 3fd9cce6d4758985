package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive garbage collector's removal entry (decision 0021) through real Raft: it drops the index entry on every
 * replica when the collector's judgement still holds, and on none when the pin was re-pinned since or the index names
 * another archive of the pin.
 */
class ReplicatedArchiveRemovalTest {
    private static final Instant START = Instant.parse("2026-12-04T22:00:00Z");

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
    void aRemovalDropsTheEntryEverywhereOnlyWhileTheCollectorsJudgementHolds() throws Exception {
        group = ReplicatedPeers.started(3, dir, clock, 1);
        List<RatisConsensus> peers = group.running();
        Pin judged = peers.get(0).pin(cid(2), PinOptions.DEFAULTS);
        peers.get(0).pin(cid(3), PinOptions.DEFAULTS);
        for (int i = 1; i <= 3; i++) {
            peers.get(1).archiveRecords().recordArchive(entry(cid(i)));
        }
        awaitIndex(entry(cid(1)), entry(cid(2)), entry(cid(3)));

        // cid 1: unwanted by the policy, judged on its current pin: dropped everywhere, the pin stays
        Pin current = peers.get(0).state().get(cid(1)).orElseThrow();
        peers.get(2).archiveRecords().removeArchive(new ArchiveRemoval(cid(1), entry(cid(1)).objectKey(),
                current.timestamp()));
        // cid 2: re-pinned after the collector looked (a new timestamp): the entry stays everywhere
        clock.advance(Duration.ofSeconds(5));
        peers.get(0).unpin(cid(2));
        peers.get(0).pin(cid(2), PinOptions.DEFAULTS);
        peers.get(1).archiveRecords().recordArchive(entry(cid(2)));
        peers.get(0).archiveRecords().removeArchive(new ArchiveRemoval(cid(2), entry(cid(2)).objectKey(),
                judged.timestamp()));
        // cid 3: a removal naming another archive of the pin (an older key): the entry stays
        peers.get(0).archiveRecords().removeArchive(new ArchiveRemoval(cid(3), "archives/" + cid(3) + "/old.car",
                null));

        awaitIndex(entry(cid(2)), entry(cid(3)));
        for (RatisConsensus p : peers) {
            assertThat(p.state().get(cid(1))).as("the pin itself is not touched").isPresent();
        }
    }

    private void awaitIndex(ArchiveEntry... expected) {
        for (RatisConsensus p : group.running()) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    p.archiveRecords().archiveIndex().all()).containsExactlyInAnyOrder(expected));
        }
    }
}
