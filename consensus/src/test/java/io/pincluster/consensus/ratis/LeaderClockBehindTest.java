package io.pincluster.consensus.ratis;

import static io.pincluster.consensus.ratis.TestPeers.cid;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.testkit.ManualClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Time decisions follow the log's time, not only the leader's clock: after a leader whose clock ran ahead hands
 * over to one whose clock is behind, a pin the log's time has expired is still expired, an {@code expire_at} the
 * log's time has passed is still refused, and new pins are stamped no earlier than the log's latest time.
 */
class LeaderClockBehindTest {
    private static final Instant T0 = Instant.parse("2026-06-01T00:00:00Z");
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    private final RatisConsensus[] peers = new RatisConsensus[3];
    private final ManualClock[] clocks = new ManualClock[3];

    @AfterEach
    void closeAll() {
        TestPeers.stopAll(peers);
    }

    private static PinOptions expiringAt(Instant at) {
        return new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), at, Map.of(), null, List.of());
    }

    @Test
    void aNewLeaderWhoseClockIsBehindNeitherUnExpiresNorAcceptsThePast() throws Exception {
        TestPeers fixture = new TestPeers(3, dir);
        for (int i = 0; i < 3; i++) {
            clocks[i] = new ManualClock(T0);
            peers[i] = new RatisConsensus(fixture.config(i), clocks[i], fixture.tls(fixture.config(i)));
            peers[i].start(fixture.decider());
        }
        await().atMost(PATIENCE).until(() -> peers[0].leader().isPresent());
        int old = fixture.ids.indexOf(peers[0].leader().orElseThrow());
        peers[old].pin(cid(1), expiringAt(T0.plusSeconds(30)));

        // The leader's clock runs a minute ahead; it decides a pin at that time.
        clocks[old].set(T0.plusSeconds(60));
        Pin late = peers[old].pin(cid(2), PinOptions.DEFAULTS);
        assertThat(late.timestamp()).isEqualTo(T0.plusSeconds(60));
        await().atMost(PATIENCE).until(() -> java.util.Arrays.stream(peers)
                .allMatch(p -> p.state().get(cid(2)).isPresent()));

        peers[old].close();
        peers[old] = null;
        int next = (old + 1) % 3;
        await().atMost(PATIENCE).until(() -> peers[next].leader()
                .filter(id -> !id.equals(fixture.ids.get(old))).isPresent());
        PeerId leaderId = peers[next].leader().orElseThrow();
        RatisConsensus leader = peers[fixture.ids.indexOf(leaderId)];
        assertThat(clocks[fixture.ids.indexOf(leaderId)].instant()).as("the new leader's clock is behind")
                .isEqualTo(T0);

        // An expire_at the log's time has passed is in the past, whatever this clock says.
        assertThatThrownBy(() -> leader.pin(cid(3), expiringAt(T0.plusSeconds(45))))
                .isInstanceOf(ClusterException.class)
                .satisfies(e -> assertThat(((ClusterException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST));
        // New pins are stamped no earlier than the log's latest time.
        assertThat(leader.pin(cid(4), PinOptions.DEFAULTS).timestamp()).isAfterOrEqualTo(T0.plusSeconds(60));
        // The pin that expired at the log's time is still expired: the sweep removes it.
        assertThat(leader.expireDue()).isEqualTo(1);
        await().atMost(PATIENCE).until(() -> leader.state().get(cid(1)).isEmpty());
    }
}
