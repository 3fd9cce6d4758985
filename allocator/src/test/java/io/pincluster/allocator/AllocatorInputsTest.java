package io.pincluster.allocator;

import static io.pincluster.allocator.Fleet.GB;
import static io.pincluster.allocator.Fleet.NOW;
import static io.pincluster.allocator.Fleet.peer;
import static io.pincluster.allocator.Fleet.peers;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.metric.MetricsSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Other allocate_by lists than the default, and the typed errors for bad configuration or requests. */
class AllocatorInputsTest {
    private static final java.time.Instant LATER = NOW.plusSeconds(30);

    @Test
    void nestedTagsSpreadOverRegionsFirstThenZones() {
        List<Metric> metrics = new ArrayList<>();
        String[][] fleet = {{"a1", "eu", "eu-1", "100"}, {"a2", "eu", "eu-2", "90"}, {"a3", "eu", "eu-2", "80"},
                            {"b1", "us", "us-1", "70"}, {"b2", "us", "us-1", "60"}};
        for (String[] p : fleet) {
            metrics.add(Metric.tag(peer(p[0]), "region", p[1], LATER));
            metrics.add(Metric.tag(peer(p[0]), "zone", p[2], LATER));
            metrics.add(Metric.freeSpace(peer(p[0]), Long.parseLong(p[3]) * GB, LATER));
        }
        BalancedAllocator allocator = new BalancedAllocator(
                new AllocatorConfig(List.of("tag:region", "tag:zone", MetricNames.FREESPACE), 0));
        MetricsSnapshot snapshot = MetricsSnapshot.validAt(NOW, metrics);
        // Two copies for eu (the richer region), one for us; inside eu one per zone, eu-1's best first.
        assertThat(allocator.allocate(AllocationRequest.of(BalancedAllocatorTableTest.CID, 3, 3, snapshot)))
                .containsExactlyElementsOf(peers("a1 b1 a2"));
        // Three copies for eu: eu-2 must take two, and its two peers (170) outweigh eu-1's one (100).
        assertThat(allocator.allocate(AllocationRequest.of(BalancedAllocatorTableTest.CID, 5, 5, snapshot)))
                .containsExactlyElementsOf(peers("a2 b1 a1 b2 a3"));
    }

    @Test
    void aShortPinQueueRanksBeforeFreeSpace() {
        List<Metric> metrics = new ArrayList<>();
        long[][] fleet = {{100, -5}, {300, -50}, {200, -5}};
        for (int i = 0; i < fleet.length; i++) {
            metrics.add(Metric.freeSpace(peer("p" + i), fleet[i][0] * GB, LATER));
            metrics.add(new Metric(MetricNames.PINQUEUE, peer("p" + i), Long.toString(-fleet[i][1]), fleet[i][1],
                    false, LATER, null));
        }
        BalancedAllocator allocator = new BalancedAllocator(
                new AllocatorConfig(List.of(MetricNames.PINQUEUE, MetricNames.FREESPACE), 0));
        assertThat(allocator.allocate(AllocationRequest.of(BalancedAllocatorTableTest.CID, 3, 3,
                MetricsSnapshot.validAt(NOW, metrics)))).containsExactlyElementsOf(peers("p2 p0 p1"));
    }

    @Test
    void anEmptyClusterCannotTakeAPin() {
        BalancedAllocator allocator = new BalancedAllocator(AllocatorConfig.DEFAULT);
        assertThatThrownBy(() -> allocator.allocate(AllocationRequest.of(BalancedAllocatorTableTest.CID, 1, 1,
                MetricsSnapshot.empty())))
                .hasMessage("not enough peers to allocate CID. Needed at least: 1. Wanted at most: 1. "
                        + "Available candidates: 0. See logs for more info.");
    }

    @Test
    void badConfigurationIsRejectedByName() {
        assertBadRequest(() -> new AllocatorConfig(List.of(), 0), "at least one metric");
        assertBadRequest(() -> new AllocatorConfig(List.of("freespace", "freespace"), 0), "twice");
        assertBadRequest(() -> new AllocatorConfig(List.of("tag:"), 0), "empty metric name");
        assertBadRequest(() -> new AllocatorConfig(List.of("freespace"), -1), "reserve");
        assertThat(AllocatorConfig.DEFAULT.allocateBy()).containsExactly("tag:zone", "freespace");
    }

    @Test
    void badRequestsAreRejectedByName() {
        MetricsSnapshot none = MetricsSnapshot.empty();
        assertBadRequest(() -> AllocationRequest.of(BalancedAllocatorTableTest.CID, 0, 0, none), "resolved");
        assertBadRequest(() -> AllocationRequest.of(BalancedAllocatorTableTest.CID, 3, 2, none), "min 3, max 2");
        assertBadRequest(() -> AllocationRequest.of(BalancedAllocatorTableTest.CID, -1, 2, none), "-1/-1");
        assertBadRequest(() -> AllocationRequest.of(null, 1, 1, none), "CID");
        assertBadRequest(() -> AllocationRequest.of(BalancedAllocatorTableTest.CID, 1, 1, none).withDagSize(-2),
                "DAG size");
        assertBadRequest(() -> AllocationRequest.of(BalancedAllocatorTableTest.CID, 1, 1, none)
                .withPendingBytes(Map.of(peer("a"), -1L)), "pending bytes");
    }

    private static void assertBadRequest(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, String text) {
        assertThatThrownBy(call).isInstanceOf(ClusterException.class).hasMessageContaining(text)
                .extracting(e -> ((ClusterException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }
}
