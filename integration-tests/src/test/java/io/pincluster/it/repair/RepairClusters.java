package io.pincluster.it.repair;

import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.PeerSettings;
import java.time.Duration;
import java.util.List;

/**
 * The process clusters of the repair tests: one peer per entry of {@code zones} (its {@code cluster.tags.zone};
 * the default {@code allocator.allocate_by} spreads copies by {@code tag:zone} first), metrics every second so
 * a dead peer's metrics expire within seconds, and the repair timing ({@code repair.peer_down_after},
 * {@code repair.repair_grace}) of the test.
 */
public final class RepairClusters {
    static final String PEER_DOWN_AFTER = "repair.peer_down_after";
    static final String REPAIR_GRACE = "repair.repair_grace";

    private RepairClusters() {
    }

    public static ClusterOptions options(List<String> zones, Duration peerDownAfter, Duration repairGrace) {
        PeerSettings settings = PeerSettings.none().withZones(zones)
                .with("monitor.interval", "1s").with("monitor.ttl", "4s")
                .with(PEER_DOWN_AFTER, goDuration(peerDownAfter)).with(REPAIR_GRACE, goDuration(repairGrace));
        return ClusterOptions.processes(zones.size()).withSettings(settings);
    }

    /** Whole seconds as a Go duration string ("2s"), the format of every duration in service.json. */
    private static String goDuration(Duration d) {
        return d.toSeconds() + "s";
    }
}
