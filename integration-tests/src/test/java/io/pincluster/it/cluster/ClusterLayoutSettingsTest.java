package io.pincluster.it.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ServiceConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link PeerSettings} as {@link ClusterLayout} writes them into a peer folder. */
class ClusterLayoutSettingsTest {
    @TempDir
    Path dir;

    @Test
    void everyPeerAndPerPeerSettingsReachThePeersConfiguration() throws Exception {
        PeerSettings settings = PeerSettings.none().withZones(List.of("a", "b")).with("monitor.interval", "1s")
                .with("monitor.ttl", "4s").withForPeer(1, "cluster.replication_factor_min", 2)
                .withForPeer(1, "cluster.replication_factor_max", 3);
        ClusterLayout.writePeer(dir, "peer-1", ClusterOptions.inJvm(2), "ab".repeat(32));

        assertThat(ClusterLayout.applySettings(dir, settings.forPeer(1), settings.ifKnown())).isEmpty();

        ServiceConfig config = ClusterLayout.load(dir);
        assertThat(config.cluster().zone()).isEqualTo("b");
        assertThat(config.cluster().replicationFactorMin()).isEqualTo(2);
        assertThat(config.monitor().interval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.forPeer(0)).containsEntry("cluster.tags", Map.of("zone", "a"))
                .doesNotContainKey("cluster.replication_factor_min");
    }

    @Test
    void anIfKnownKeyThisBuildRejectsIsLeftOutAndNamedAndTheOthersStay() throws Exception {
        PeerSettings settings = PeerSettings.none().with("monitor.interval", "2s")
                .withIfKnown("cluster.no_such_feature_after", "2s").withIfKnown("cluster.nor_this_one", "0s")
                .withIfKnown("monitor.ttl", "7s");
        ClusterLayout.writePeer(dir, "peer-0", ClusterOptions.inJvm(1), "ab".repeat(32));

        Set<String> leftOut = ClusterLayout.applySettings(dir, settings.forPeer(0), settings.ifKnown());

        assertThat(leftOut).containsExactlyInAnyOrder("cluster.no_such_feature_after", "cluster.nor_this_one");
        ServiceConfig config = ClusterLayout.load(dir);
        assertThat(config.monitor().interval()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.monitor().ttl()).as("a known if-known key is written").isEqualTo(Duration.ofSeconds(7));
    }

    @Test
    void anUnknownKeyNotMarkedIfKnownIsAMistakeOfTheTest() throws Exception {
        ClusterLayout.writePeer(dir, "peer-0", ClusterOptions.inJvm(1), "ab".repeat(32));

        assertThatThrownBy(() -> ClusterLayout.applySettings(dir, Map.of("cluster.no_such_key", "1s"), Set.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster: unknown key no_such_key");
    }

    @Test
    void aSettingIsNamedSectionDotKey() {
        assertThatThrownBy(() -> PeerSettings.none().with("peer_down_after", "2s"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("section.key");
    }
}
