package io.pincluster.service.monitor;

import io.pincluster.allocator.AllocatorConfig;
import io.pincluster.allocator.BalancedAllocator;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.AllocatorSection;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.ops.AllocatingPinDecider;
import io.pincluster.service.ops.DagSizes;
import io.pincluster.service.ops.PendingAllocations;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Builds the placement parts from the configuration, so the composition root only connects them: the
 * informers of this peer and the leader's decider over the balanced allocator.
 */
public final class PlacementWiring {
    private PlacementWiring() {
    }

    /**
     * The informers every peer runs: free space, disk usage, tags (zone always), pin queue, pin count, ping.
     *
     * @param storeDir    the embedded block store's folder (its disk's free space counts), or null when the
     *                    store is remote and its disk cannot be seen
     * @param queueLength the pin tracker's queue length
     * @param addresses   this peer's cluster addresses, for the ping
     */
    public static List<Informer> informers(PeerId self, ServiceConfig config, NodeConnector connector,
                                           Path storeDir, IntSupplier queueLength, List<String> addresses) {
        LongSupplier diskFree = storeDir == null ? FreeSpaceInformer.DISK_UNKNOWN
                : FreeSpaceInformer.diskFreeOf(storeDir);
        return List.of(
                new FreeSpaceInformer(self, connector::repoStat, diskFree),
                new DiskUsageInformer(self, connector::repoStat, diskFree),
                new TagsInformer(self, config.cluster().tags()),
                new PinQueueInformer(self, queueLength),
                new NumPinInformer(self, connector::pinCount),
                new PingInformer(self, config.cluster().peername(), addresses, connector::id));
    }

    /** The leader's decider: cluster replication defaults, {@code allocator} section, pending for one TTL. */
    public static AllocatingPinDecider decider(ServiceConfig config, Supplier<? extends Collection<PeerId>> members,
                                               PeerMonitor monitor, DagSizes sizes) {
        AllocatorSection a = config.allocator();
        AllocatorConfig allocatorConfig;
        try {
            allocatorConfig = new AllocatorConfig(a.allocateBy(), a.reserve());
        } catch (ClusterException e) {
            throw new ConfigException("allocator: " + e.getMessage());
        }
        return new AllocatingPinDecider(config.cluster().replicationFactorMin(),
                config.cluster().replicationFactorMax(), members, new BalancedAllocator(allocatorConfig), monitor,
                sizes, new PendingAllocations(config.monitor().ttl()), a.assumedPinSize(),
                config.repair().diskHighWater());
    }
}
