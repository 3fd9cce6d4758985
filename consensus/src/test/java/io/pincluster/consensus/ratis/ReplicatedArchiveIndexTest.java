package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
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

    private static ArchiveEntry entry(Cid cid) {
        String sha = String.format("%064x", cid.hashCode() & 0xffffffffL);
        return new ArchiveEntry(cid, "archives/" + cid + "/" + sha + ".car", sha, 1234, "baga6ea4seaq-test", START);
    }

    @Test
    void anEntryReachesEveryReplicaAndAnUnpinDropsIt() throws Exception {
        fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            start(i, fixture.config(i));
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> peers[0].pin(cid(1), PinOptions.DEFAULTS) != null);
        peers[0].pin(cid(2), PinOptions.DEFAULTS);

        peers[1].recordArchive(entry(cid(1)));
        peers[2].recordArchive(entry(cid(2)));
        peers[0].recordArchive(entry(cid(3))); // never pinned: not indexed
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(p.archiveIndex().all())
                    .containsExactlyInAnyOrder(entry(cid(1)), entry(cid(2))));
        }

        peers[2].unpin(cid(1));
        for (RatisConsensus p : peers) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(p.archiveIndex().all())
                    .containsExactly(entry(cid(2))));
        }
    }

    @Test
    void theIndexSurvivesARestartFromASnapshotInFormatSeven() throws Exception {
        fixture = new TestPeers(1, dir);
        ConsensusConfig config = fixture.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(0, config);
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are taken
            c.pin(cid(i + 10), PinOptions.DEFAULTS);
            if (i % 3 == 0) {
                c.recordArchive(entry(cid(i + 10)));
            }
        }
        List<ArchiveEntry> before = c.archiveIndex().all();
        assertThat(before).hasSize(20);
        long applied = c.state().appliedIndex();
        c.close();
        peers[0] = null;

        Path newest = SinglePeerConsensusTest.snapshotFiles(dir).stream()
                .max(Comparator.comparingLong(ReplicatedArchiveIndexTest::indexOf)).orElseThrow();
        assertThat(Files.readAllBytes(newest)[4]).as("snapshot format with an archive index").isEqualTo((byte) 7);
        assertThat(SnapshotFile.read(newest, null).archives()).isEqualTo(before);

        RatisConsensus again = start(0, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.archiveIndex().all()).isEqualTo(before);
    }

    private static long indexOf(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }
}
