package io.pincluster.service;

import io.pincluster.service.config.ConsensusSection;
import io.pincluster.service.config.GatewaySection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.RestApiSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.testkit.FreePorts;
import java.time.Duration;

/**
 * Configuration for a single peer started inside a test: every HTTP and RPC port 0, a free Raft port, quick
 * elections. Several peers of one cluster: {@link io.pincluster.service.testing.TestCluster}.
 */
final class TestPeers {
    private TestPeers() {
    }

    static ServiceConfig config(String name) {
        ServiceConfig d = ServiceConfig.defaults(name);
        // Raft needs a fixed port because peers (and its own log) record it
        ConsensusSection c = d.consensus().withListen(ListenAddress.loopback(FreePorts.one()));
        c = new ConsensusSection(c.listen(), c.peers(), Duration.ofMillis(300), Duration.ofMillis(600),
                c.snapshotThreshold(), c.snapshotPins(), c.snapshotLogBytes(), c.dataDir(), Duration.ofSeconds(20));
        return d.withConsensus(c)
                .withRestapi(RestApiSection.defaults().withHttpListen(ListenAddress.loopback(0)))
                .withGateway(GatewaySection.defaults().withListen(ListenAddress.loopback(0)))
                .withPsa(io.pincluster.service.config.PsaSection.defaults().withListen(ListenAddress.loopback(0)))
                .withCluster(d.cluster().withRpc(ListenAddress.loopback(0), java.util.Map.of()));
    }
}
