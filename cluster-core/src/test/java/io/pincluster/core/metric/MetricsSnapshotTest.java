package io.pincluster.core.metric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MetricsSnapshotTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final PeerId A = PeerId.ofPublicKeyProto(new byte[] {8, 1, 18, 4, 'a', 'a', 'a', 'a'});
    private static final PeerId B = PeerId.ofPublicKeyProto(new byte[] {8, 1, 18, 4, 'b', 'b', 'b', 'b'});

    @Test
    void aMetricIsValidStrictlyBeforeItsExpiry() {
        Metric m = Metric.freeSpace(A, 10, NOW);
        assertThat(m.isValidAt(NOW.minusNanos(1))).isTrue();
        assertThat(m.isValidAt(NOW)).isFalse();
    }

    @Test
    void keepsOnlyValidMetricsPerPeerAndName() {
        MetricsSnapshot s = MetricsSnapshot.validAt(NOW, List.of(
                Metric.freeSpace(A, 10, NOW.plusSeconds(30)),
                Metric.tag(A, "zone", "eu", NOW.minusSeconds(1)),
                Metric.freeSpace(B, 20, NOW)));
        assertThat(s.peers()).containsExactly(A);
        assertThat(s.get(A, MetricNames.FREESPACE).weight()).isEqualTo(10);
        assertThat(s.get(A, MetricNames.ZONE)).isNull();
        assertThat(s.get(B, MetricNames.FREESPACE)).isNull();
        assertThat(s.hasAll(A, List.of(MetricNames.FREESPACE))).isTrue();
        assertThat(s.hasAll(A, List.of(MetricNames.ZONE, MetricNames.FREESPACE))).isFalse();
        assertThat(s.takenAt()).isEqualTo(NOW);
    }

    @Test
    void theLatestPublicationWinsWhateverTheArrivalOrder() {
        List<Metric> metrics = new ArrayList<>(List.of(
                Metric.freeSpace(A, 10, NOW.plusSeconds(10)),
                Metric.freeSpace(A, 30, NOW.plusSeconds(30)),
                Metric.freeSpace(A, 20, NOW.plusSeconds(20)),
                // Same expiry: the later receipt wins, then the lower weight.
                Metric.freeSpace(B, 7, NOW.plusSeconds(30)).receivedAt(NOW.minusSeconds(2)),
                Metric.freeSpace(B, 9, NOW.plusSeconds(30)).receivedAt(NOW.minusSeconds(1)),
                Metric.freeSpace(B, 8, NOW.plusSeconds(30)).receivedAt(NOW.minusSeconds(1))));
        Random rnd = new Random(7);
        for (int i = 0; i < 20; i++) {
            Collections.shuffle(metrics, rnd);
            MetricsSnapshot s = MetricsSnapshot.validAt(NOW, metrics);
            assertThat(s.get(A, MetricNames.FREESPACE).weight()).isEqualTo(30);
            assertThat(s.get(B, MetricNames.FREESPACE).weight()).isEqualTo(8);
        }
    }

    @Test
    void restrictsToThePeerset() {
        MetricsSnapshot s = MetricsSnapshot.validAt(NOW, List.of(
                Metric.freeSpace(A, 10, NOW.plusSeconds(30)), Metric.freeSpace(B, 10, NOW.plusSeconds(30))));
        assertThat(s.restrictedTo(Set.of(B)).peers()).containsExactly(B);
        assertThat(s.size()).isEqualTo(2);
    }

    @Test
    void tagsAreNamedAndPartitionable() {
        Metric zone = Metric.tag(A, "zone", "eu-1", NOW);
        assertThat(zone.name()).isEqualTo("tag:zone").isEqualTo(MetricNames.ZONE);
        assertThat(zone.partitionable()).isTrue();
        assertThat(MetricNames.isTag("tag:zone")).isTrue();
        assertThat(MetricNames.isTag("tag:")).isFalse();
        assertThat(MetricNames.isTag(MetricNames.FREESPACE)).isFalse();
        assertThatThrownBy(() -> MetricNames.tag("")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void timesTravelAsUnixNanosecondsLikeIpfsCluster() {
        Metric m = Metric.freeSpace(A, 1, Instant.ofEpochSecond(1_715_000_000L, 5))
                .receivedAt(Instant.ofEpochSecond(1_714_999_970L));
        assertThat(m.expireUnixNanos()).isEqualTo(1_715_000_000_000_000_005L);
        assertThat(m.receivedAtUnixNanos()).isEqualTo(1_714_999_970_000_000_000L);
        assertThat(Metric.fromUnixNanos(m.expireUnixNanos())).isEqualTo(m.expire());
        assertThat(Metric.fromUnixNanos(-1)).isEqualTo(Instant.EPOCH.minusNanos(1));
        assertThat(Metric.toUnixNanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
        assertThat(Metric.toUnixNanos(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void rejectsMetricsWithoutNamePeerOrExpiry() {
        assertThatThrownBy(() -> new Metric("", A, "1", 1, false, NOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("name");
        assertThatThrownBy(() -> new Metric("freespace", null, "1", 1, false, NOW, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no peer");
        assertThatThrownBy(() -> new Metric("freespace", A, "1", 1, false, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no expiry");
    }
}
