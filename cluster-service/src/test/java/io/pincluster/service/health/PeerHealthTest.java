package io.pincluster.service.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class PeerHealthTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration INTERVAL = Duration.ofSeconds(1);
    private static final Duration DOWN_AFTER = Duration.ofSeconds(5);
    private static final PeerId SELF = peer("self");
    private static final PeerId OTHER = peer("other");

    private final ManualClock clock = new ManualClock(T0);
    private final List<PeerId> members = new CopyOnWriteArrayList<>(List.of(SELF, OTHER));
    private final PeerMonitor monitor = new PeerMonitor(clock, () -> members);
    private final PeerHealth health = new PeerHealth(SELF, monitor, () -> members, INTERVAL, DOWN_AFTER, clock);

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("health-" + name).getBytes(StandardCharsets.UTF_8));
    }

    private void ping(PeerId peer) {
        monitor.accept(List.of(new Metric(MetricNames.PING, peer, "", 0, false, clock.instant().plusSeconds(3),
                null)));
    }

    @Test
    void aPeerThatStopsPingingIsSuspectAfterALateBeatThenDownAfterTheConfiguredSilence() {
        ping(OTHER);
        assertThat(health.check()).isEmpty();
        assertThat(health.state(OTHER)).isEqualTo(PeerState.UP);

        clock.advance(Duration.ofMillis(1500)); // exactly 1.5 intervals: still on time
        assertThat(health.check()).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(health.check()).containsOnlyKeys(OTHER);
        assertThat(health.state(OTHER)).isEqualTo(PeerState.SUSPECT);
        assertThat(health.isUp(OTHER)).isFalse();

        clock.advance(Duration.ofMillis(3499)); // 5 s of silence
        assertThat(health.check().get(OTHER).state()).isEqualTo(PeerState.DOWN);
        assertThat(health.downSince(OTHER)).as("counted from the last ping, not from the check")
                .contains(T0.plus(DOWN_AFTER));
        assertThat(health.downPeers()).containsExactly(OTHER);
        assertThat(health.counts()).containsEntry(PeerState.DOWN, 1).containsEntry(PeerState.UP, 1);

        ping(OTHER);
        assertThat(health.check().get(OTHER).state()).isEqualTo(PeerState.UP);
        assertThat(health.downSince(OTHER)).isEmpty();
    }

    @Test
    void everyChangeIsAnAlertNamingTheNewState() {
        ping(OTHER);
        health.check();
        clock.advance(Duration.ofSeconds(2));
        health.check();
        clock.advance(Duration.ofSeconds(4));
        health.check();
        ping(OTHER);
        health.check();

        List<Alert> alerts = monitor.alerts().stream()
                .filter(a -> a.metric().name().equals(PeerHealth.ALERT_NAME)).toList();
        assertThat(alerts).extracting(a -> a.metric().value()).containsExactly("up", "down", "suspect");
        assertThat(alerts).allSatisfy(a -> assertThat(a.metric().peer()).isEqualTo(OTHER));
    }

    @Test
    void aMemberNeverHeardFromIsJudgedFromWhenItWasFirstSeenAndThisPeerIsAlwaysUp() {
        PeerId silent = peer("silent");
        members.add(silent);
        Map<PeerId, PeerHealth.Status> first = health.check();
        assertThat(health.state(silent)).isEqualTo(PeerState.UP);
        assertThat(first).as("a new member that is up is not a change").doesNotContainKey(silent);
        clock.advance(DOWN_AFTER);
        health.check();
        assertThat(health.state(silent)).isEqualTo(PeerState.DOWN);
        assertThat(health.state(SELF)).as("no ping of its own needed").isEqualTo(PeerState.UP);
    }

    @Test
    void peersThatLeftTheMemberListAreForgotten() {
        ping(OTHER);
        health.check();
        members.remove(OTHER);
        health.check();
        assertThat(health.statuses()).containsOnlyKeys(SELF);
    }

    @Test
    void theDownDelayMustExceedTheMonitorInterval() {
        assertThatThrownBy(() -> new PeerHealth(SELF, monitor, () -> members, INTERVAL, INTERVAL, clock))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("peer_down_after");
    }
}
