package io.pincluster.service.monitor;

import io.pincluster.core.metric.Metric;
import java.time.Instant;
import java.util.List;

/** One source of this peer's metrics, read at every publishing round. Implementations are thread-safe. */
@FunctionalInterface
public interface Informer {
    /**
     * This peer's current metrics from this source, all expiring at {@code expire}; empty when there is
     * nothing to report (a full disk publishes no free space, as in ipfs-cluster).
     *
     * @throws RuntimeException the source could not be read; the publisher skips it for this round
     */
    List<Metric> collect(Instant expire);
}
