package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.util.MD5FileUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A peer whose snapshots were written by the previous build (snapshot format 2) restarts from them with every
 * pin and directory record: the end-to-end form of what {@link GoldenFormatsTest} checks on single files.
 */
class OlderSnapshotFormatRestartTest {
    private static final int PREVIOUS_FORMAT = 2;

    @TempDir
    Path dir;
    private final List<RatisConsensus> open = new ArrayList<>();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-03-01T00:00:00Z"));

    @AfterEach
    void closeAll() {
        open.forEach(RatisConsensus::close);
    }

    private RatisConsensus start(TestPeers peers, ConsensusConfig config) throws IOException {
        RatisConsensus c = new RatisConsensus(config, clock, peers.tls(config));
        open.add(c);
        c.start(peers.decider());
        return c;
    }

    @Test
    void aPeerRestartsFromSnapshotsInThePreviousFormatWithEveryPinAndDirectoryRecord() throws Exception {
        TestPeers peers = new TestPeers(1, dir);
        ConsensusConfig config = peers.config(0).withSnapshots(20, 64 * 1024);
        RatisConsensus c = start(peers, config);
        c.register(GoldenSamples.MEMBER);
        c.register(GoldenSamples.REMOVED);
        PinOptions options = new PinOptions(1, 1, "older format", PinMode.DIRECT, 0, List.of(),
                Instant.parse("2031-01-01T00:00:00Z"), Map.of("k", "v"), null, List.of("/dns4/example.org/tcp/4001"));
        List<Pin> pinned = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // one entry each, so snapshots are triggered
            pinned.add(c.pin(cid(i), options));
        }
        long applied = c.state().appliedIndex();
        c.close(); // writes a final snapshot covering everything applied

        List<Path> snapshots = SinglePeerConsensusTest.snapshotFiles(dir);
        assertThat(snapshots).isNotEmpty();
        assertThat(snapshots.stream().mapToLong(OlderSnapshotFormatRestartTest::indexOf).max().orElseThrow())
                .as("the newest snapshot holds every applied entry, so the restart takes its pins from it")
                .isGreaterThanOrEqualTo(applied);
        for (Path snapshot : snapshots) {
            rewriteInPreviousFormat(snapshot);
        }

        RatisConsensus again = start(peers, config);
        await().atMost(Duration.ofSeconds(20)).until(() -> again.state().appliedIndex() >= applied);
        assertThat(again.state().size()).isEqualTo(pinned.size());
        for (Pin pin : pinned) {
            assertThat(again.state().get(pin.cid())).contains(pin);
        }
        assertThat(again.directory()).contains(GoldenSamples.MEMBER, GoldenSamples.REMOVED);
    }

    private static long indexOf(Path snapshot) {
        String name = snapshot.getFileName().toString();
        return Long.parseLong(name.substring(name.indexOf('_') + 1));
    }

    /** Rewrites a snapshot as the previous build wrote it, with the MD5 file Ratis checks beside it. */
    private static void rewriteInPreviousFormat(Path snapshot) throws IOException {
        SnapshotFile.Contents c = SnapshotFile.read(snapshot, null);
        MD5Hash md5 = SnapshotFile.write(snapshot, c.term(), c.index(), c.pins(), c.directory(), PREVIOUS_FORMAT);
        MD5FileUtil.saveMD5File(snapshot.toFile(), md5);
        byte[] bytes = Files.readAllBytes(snapshot);
        assertThat(bytes[4]).as("format version of %s", snapshot).isEqualTo((byte) PREVIOUS_FORMAT);
    }
}
