package io.pincluster.rpc;

import io.pincluster.core.metric.Metric;
import io.pincluster.protocol.PeerTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * {@link Metric}s between their domain form and their messages. {@code receivedAt} does not travel: the receiver
 * stamps metrics as they arrive.
 */
final class MetricMapper {
    private MetricMapper() {
    }

    static PeerTypes.Metric toMessage(Metric m) {
        return PeerTypes.Metric.newBuilder()
                .setName(m.name())
                .setPeer(WireScalars.peerId(m.peer()))
                .setValue(m.value())
                .setWeight(m.weight())
                .setPartitionable(m.partitionable())
                .setExpire(WireScalars.timestamp(m.expire()))
                .build();
    }

    static Metric fromMessage(PeerTypes.Metric m) {
        try {
            return new Metric(m.getName(), WireScalars.requiredPeerId(m.getPeer(), "metric"), m.getValue(),
                    m.getWeight(), m.getPartitionable(), WireScalars.instant(m.getExpire()), null);
        } catch (IllegalArgumentException e) {
            throw WireScalars.malformed(e.getMessage());
        }
    }

    static List<PeerTypes.Metric> toMessages(List<Metric> metrics) {
        return metrics.stream().map(MetricMapper::toMessage).toList();
    }

    static List<Metric> fromMessages(List<PeerTypes.Metric> metrics) {
        List<Metric> out = new ArrayList<>(metrics.size());
        metrics.forEach(m -> out.add(fromMessage(m)));
        return out;
    }
}
