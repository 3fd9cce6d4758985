package io.pincluster.service.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;
import org.junit.jupiter.api.Test;

class PeerMonitorTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(15);
    private final PeerId a = PeerIdentity.generate().peerId();
    private final PeerId b = PeerIdentity.generate().peerId();
    private final ManualClock clock = new ManualClock(T0);
    private final Set<PeerId> members = new CopyOnWriteArraySet<>(List.of(a, b));
    private final PeerMonitor monitor = new PeerMonitor(clock, () -> members);

    private Metric free(PeerId peer, long bytes) {
        return Metric.freeSpace(peer, bytes, clock.instant().plus(TTL));
    }

    @Test
    void latestValidMetricPerMemberUntilItsTtlRunsOut() {
        monitor.accept(List.of(free(a, 100), Metric.tag(a, "zone", "z1", T0.plus(TTL))));
        monitor.accept(List.of(free(b, 200)));

        assertThat(monitor.metricNames()).containsExactly("freespace", "tag:zone");
        assertThat(monitor.validMetrics("freespace")).extracting(Metric::peer)
                .containsExactlyElementsOf(List.of(a, b).stream().sorted().toList());
        assertThat(monitor.validMetrics("freespace")).allSatisfy(m -> assertThat(m.receivedAt()).isEqualTo(T0));

        clock.advance(Duration.ofSeconds(10));
        monitor.accept(List.of(free(a, 90))); // a renews, b does not
        clock.advance(Duration.ofSeconds(6));

        assertThat(monitor.validMetrics("freespace")).singleElement().satisfies(m -> {
            assertThat(m.peer()).isEqualTo(a);
            assertThat(m.weight()).isEqualTo(90);
        });
        assertThat(monitor.metrics()).hasSize(3); // expired ones stay for the alerts and the snapshot filter
    }

    @Test
    void anOlderMetricArrivingLateDoesNotReplaceANewerOne() {
        Metric newer = Metric.freeSpace(a, 50, T0.plusSeconds(30));
        monitor.accept(List.of(newer));
        monitor.accept(List.of(Metric.freeSpace(a, 70, T0.plusSeconds(20))));

        assertThat(monitor.validMetrics("freespace")).singleElement().extracting(Metric::weight).isEqualTo(50L);
    }

    @Test
    void anExpiredMetricRaisesOneAlertUntilRenewed() {
        monitor.accept(List.of(free(a, 100), free(b, 100)));
        assertThat(monitor.checkExpiries()).isEmpty();

        clock.advance(TTL);
        List<Alert> raised = monitor.checkExpiries();
        assertThat(raised).hasSize(2).allSatisfy(al -> assertThat(al.triggeredAt()).isEqualTo(T0.plus(TTL)));
        assertThat(monitor.checkExpiries()).isEmpty(); // not again while still expired

        clock.advance(Duration.ofSeconds(1));
        monitor.accept(List.of(free(a, 100))); // renewed
        clock.advance(TTL);
        List<Alert> again = monitor.checkExpiries();
        assertThat(again).singleElement().satisfies(al -> {
            assertThat(al.metric().peer()).isEqualTo(a);
            assertThat(al.metric().name()).isEqualTo("freespace");
        });
        assertThat(monitor.alerts()).hasSize(3).first().isEqualTo(again.get(0)); // most recent first
    }

    @Test
    void departedPeersRaiseNoAlertsAndAreNotListed() {
        monitor.accept(List.of(free(a, 100), free(b, 100)));
        members.remove(b);

        assertThat(monitor.validMetrics("freespace")).extracting(Metric::peer).containsExactly(a);
        clock.advance(TTL);
        assertThat(monitor.checkExpiries()).extracting(al -> al.metric().peer()).containsExactly(a);
    }

    @Test
    void alertsAreCappedKeepingTheNewest() {
        List<PeerId> many = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            many.add(PeerIdentity.generate().peerId());
        }
        members.addAll(many);
        for (int round = 0; round < 2; round++) {
            for (PeerId p : many) {
                monitor.accept(List.of(free(p, 1)));
            }
            clock.advance(TTL);
            assertThat(monitor.checkExpiries()).hasSize(600);
        }
        List<Alert> alerts = monitor.alerts();
        assertThat(alerts).hasSize(PeerMonitor.MAX_ALERTS);
        assertThat(alerts.get(0).triggeredAt()).isEqualTo(T0.plus(TTL.multipliedBy(2)));
        assertThat(alerts.get(alerts.size() - 1).triggeredAt()).isEqualTo(T0.plus(TTL));
        assertThat(alerts.stream().filter(al -> al.triggeredAt().equals(T0.plus(TTL))).count()).isEqualTo(400);
    }
}
