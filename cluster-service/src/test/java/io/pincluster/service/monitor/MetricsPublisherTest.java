package io.pincluster.service.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MetricsPublisherTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private final PeerId self = PeerIdentity.generate().peerId();
    private final ManualClock clock = new ManualClock(T0);
    private final PeerMonitor monitor = new PeerMonitor(clock, () -> List.of(self));

    @Test
    void publishesEveryInformerWithTheTtlAndSkipsOneThatFails() {
        Informer broken = expire -> {
            throw new IllegalStateException("repo/stat failed");
        };
        MetricsPublisher publisher = new MetricsPublisher(self, List.of(new TagsInformer(self, Map.of("zone", "z")),
                broken, new PinQueueInformer(self, () -> 2)), monitor, () -> List.of(self), null,
                Duration.ofSeconds(5), Duration.ofSeconds(15), clock);

        List<Metric> sent = publisher.publishOnce();

        assertThat(sent).extracting(Metric::name).containsExactly(MetricNames.ZONE, MetricNames.PINQUEUE);
        assertThat(sent).allSatisfy(m -> assertThat(m.expire()).isEqualTo(T0.plusSeconds(15)));
        assertThat(monitor.validMetrics(MetricNames.ZONE)).singleElement().extracting(Metric::value)
                .isEqualTo("z");
        clock.advance(Duration.ofSeconds(15));
        assertThat(monitor.validMetrics(MetricNames.ZONE)).isEmpty();
    }

    @Test
    void theTtlMustOutlastTheInterval() {
        assertThatThrownBy(() -> new MetricsPublisher(self, List.of(), monitor, List::of, null,
                Duration.ofSeconds(5), Duration.ofSeconds(5), clock)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("TTL longer");
    }
}
