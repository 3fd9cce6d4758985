package io.pincluster.service;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.cold.ColdTierPeer;
import io.pincluster.service.connector.ContentExchange;
import io.pincluster.service.metrics.ColdMeters;
import io.pincluster.service.metrics.PeerMeters;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.service.rpc.LocalPeerHandler;
import io.pincluster.service.tracker.LocalPinTracker;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The meters the Prometheus endpoint shows as soon as it starts: the pinset, tracker, Raft and free space counts,
 * the content exchange's, the blocks served to other peers, the waiting pins and the cold tier's (exported at 0 with
 * the tier off, so alert rules always find them). Meters of parts built later (health, external services, repair)
 * are registered by {@link ClusterAssembly} as it builds those parts.
 */
final class PeerMetersWiring {
    private PeerMetersWiring() {
    }

    /** Registers the meters; returns the counters the pin and add paths feed. */
    static PeerMeters register(MeterRegistry registry, PeerId self, Consensus consensus, PeerMonitor monitor,
                               LocalPinTracker tracker, ContentExchange exchange, LocalPeerHandler handler,
                               Optional<ColdTierPeer> cold) {
        PeerMeters meters = PeerMeters.register(registry, new PeerMeters.Sources(consensus.state(),
                tracker::statusCounts, consensus::raftInfo, () -> ownFreeSpace(self, monitor),
                consensus.writeStageTimes()));
        exchange.registerMeters(registry);
        FunctionCounter.builder("pincluster.raft.stalled.followers", consensus, Consensus::stalledFollowersFound)
                .description("followers this peer, leading, found answering but taking no entries, and ended its term "
                        + "for (decision 0029): above 0, read the leader's WARN line")
                .register(registry);
        FunctionCounter.builder("pincluster.peer.block.requests.served", handler,
                LocalPeerHandler::blockRequestsServed)
                .description("block requests other peers sent this peer (answered or not)")
                .register(registry);
        Gauge.builder("pincluster.pins.waiting", tracker, LocalPinTracker::waitingCount)
                .description("pins allocated here waiting, pin_queued, for a peer that holds their content")
                .register(registry);
        Gauge.builder("pincluster.pin.queue.backlog", tracker, t -> t.hasQueueBacklog() ? 1 : 0)
                .description("1 while pins the full tracker queue turned away wait for the walk that queues them")
                .register(registry);
        cold.ifPresentOrElse(c -> ColdMeters.register(registry, c), () -> ColdMeters.registerOff(registry));
        return meters;
    }

    /** The free space this peer last published about itself (its own informer's latest value). */
    private static OptionalLong ownFreeSpace(PeerId self, PeerMonitor monitor) {
        return monitor.validMetrics(MetricNames.FREESPACE).stream()
                .filter(m -> m.peer().equals(self)).mapToLong(Metric::weight)
                .findFirst();
    }
}
