package io.pincluster.service.monitor;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Supplier;

/**
 * {@code numpin}: how many pins this peer's block store holds. Weight is minus the count, so the peer
 * holding fewest ranks first; ipfs-cluster leaves the weight at 0, which makes the metric useless for
 * {@code allocate_by}.
 */
public final class NumPinInformer implements Informer {
    private final PeerId self;
    private final Supplier<OptionalLong> pinCount;

    public NumPinInformer(PeerId self, Supplier<OptionalLong> pinCount) {
        this.self = self;
        this.pinCount = pinCount;
    }

    @Override
    public List<Metric> collect(Instant expire) {
        OptionalLong count = pinCount.get();
        if (count.isEmpty()) {
            return List.of(); // the store is still reading its pins: no count rather than a wrong one
        }
        long n = count.getAsLong();
        return List.of(new Metric(MetricNames.NUMPIN, self, Long.toString(n), -n, false, expire, null));
    }
}
