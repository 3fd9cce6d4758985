package io.pincluster.service.monitor;

import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import java.time.Instant;
import java.util.List;
import java.util.function.IntSupplier;

/**
 * {@code pinqueue}: how many pins wait in this peer's tracker. Weight is minus the length, so a short
 * queue ranks first when {@code allocate_by} names it. ipfs-cluster divides by a bucket size (100 000)
 * that makes the metric inert below that many queued pins; we rank by the exact length.
 */
public final class PinQueueInformer implements Informer {
    private final PeerId self;
    private final IntSupplier queueLength;

    public PinQueueInformer(PeerId self, IntSupplier queueLength) {
        this.self = self;
        this.queueLength = queueLength;
    }

    @Override
    public List<Metric> collect(Instant expire) {
        int n = queueLength.getAsInt();
        return List.of(new Metric(MetricNames.PINQUEUE, self, Integer.toString(n), -(long) n, false, expire, null));
    }
}
