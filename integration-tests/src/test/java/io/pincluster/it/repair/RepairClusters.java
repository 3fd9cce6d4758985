package io.pincluster.it.repair;

import io.pincluster.it.cluster.ClusterOptions;
import io.pincluster.it.cluster.PeerSettings;
import io.pincluster.it.cluster.TestCluster;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The process clusters of the repair tests: one peer per entry of {@code zones} (its {@code cluster.tags.zone};
 * the default {@code allocator.allocate_by} spreads copies by {@code tag:zone} first), metrics every second so
 * a dead peer's metrics expire within seconds, and the repair keys {@code cluster.peer_down_after} and
 * {@code cluster.repair_grace}.
 *
 * <p>The repair keys are written only when this build's configuration loader knows them (it rejects unknown
 * keys): a build without the repair feature still starts, runs the scenario, and fails on what it does not do,
 * with {@link #missingKeys} in the message.
 */
final class RepairClusters {
    static final String PEER_DOWN_AFTER = "cluster.peer_down_after";
    static final String REPAIR_GRACE = "cluster.repair_grace";

    private RepairClusters() {
    }

    static ClusterOptions options(List<String> zones, Duration peerDownAfter, Duration repairGrace) {
        PeerSettings settings = PeerSettings.none().withZones(zones)
                .with("monitor.interval", "1s").with("monitor.ttl", "4s")
                .withIfKnown(PEER_DOWN_AFTER, goDuration(peerDownAfter))
                .withIfKnown(REPAIR_GRACE, goDuration(repairGrace));
        return ClusterOptions.processes(zones.size()).withSettings(settings);
    }

    /** "" when the peers run with every repair key, else a sentence naming the keys this build rejected. */
    static String missingKeys(TestCluster c) {
        Set<String> unknown = c.settingsUnknownToThisBuild();
        return unknown.isEmpty() ? "" : " [this build does not know " + String.join(", ", unknown.stream().sorted()
                .toList()) + ": the peers run without them]";
    }

    /** Whole seconds as a Go duration string ("2s"), the format of every duration in service.json. */
    private static String goDuration(Duration d) {
        return d.toSeconds() + "s";
    }
}
