package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Snapshots follow the pins the log carries, not only its entries: batched entries of many pins each reach the pin
 * limit long before the entry limit (so a restart after a crash loads a snapshot instead of replaying them all).
 */
class SnapshotByPinsTest {
    private static final long PIN_LIMIT = 2_000;

    @TempDir
    Path dir;
    private final List<RatisConsensus> open = new ArrayList<>();

    @AfterEach
    void closeAll() {
        open.forEach(RatisConsensus::close);
    }

    private RatisConsensus start(TestPeers peers, ConsensusConfig config) throws IOException {
        RatisConsensus c = new RatisConsensus(config, Clock.systemUTC(), peers.tls(config));
        open.add(c);
        c.start(peers.decider());
        return c;
    }

    /** Pins {@code count} CIDs from {@code first} at once, so they travel in a few batched entries. */
    private static void pinAtOnce(RatisConsensus c, int first, int count) throws Exception {
        List<CompletableFuture<Pin>> answers = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            answers.add(c.pinAsync(cid(i), PinOptions.DEFAULTS));
        }
        CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }

    @Test
    void batchedEntriesTriggerASnapshotWhenTheirPinsCrossTheLimit() throws Exception {
        TestPeers peers = new TestPeers(1, dir);
        ConsensusConfig base = peers.config(0);
        ConsensusConfig config = base.withSnapshots(1_000_000, base.logSegmentBytes())
                .withSnapshotTriggers(PIN_LIMIT, Long.MAX_VALUE);
        RatisConsensus c = start(peers, config);
        c.pin(cid(-1), PinOptions.DEFAULTS);

        pinAtOnce(c, 0, 1_500);
        long entries = c.logEntriesApplied();
        assertThat(entries).as("1,501 pins in batched entries").isLessThan(200);
        assertThat(c.opsApplied()).isEqualTo(1_501);
        assertThat(c.snapshotsWritten()).as("1,501 pins are below the limit of %d", PIN_LIMIT).isZero();

        pinAtOnce(c, 1_500, 1_000);
        await().atMost(Duration.ofSeconds(30)).until(() -> c.snapshotsWritten() >= 1);
        assertThat(c.logEntriesApplied()).as("far below the entry limit of 1,000,000, and below Ratis' "
                + "creation gap of 1,024 entries").isLessThan(1_024);
        assertThat(SinglePeerConsensusTest.snapshotFiles(dir)).as("written while running, not at stop")
                .isNotEmpty();
        assertThat(c.state().size()).isEqualTo(2_501);
    }
}
