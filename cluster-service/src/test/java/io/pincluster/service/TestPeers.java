package io.pincluster.service;

import io.pincluster.service.config.ConsensusSection;
import io.pincluster.service.config.GatewaySection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.RestApiSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.testkit.FreePorts;
import java.time.Duration;

/** Configuration for peers started inside a test: every HTTP and RPC port 0, a free Raft port, quick elections. */
final class TestPeers {
    private TestPeers() {
    }

    static ServiceConfig config(String name) {
        ServiceConfig d = ServiceConfig.defaults(name);
        ConsensusSection c = d.consensus().withListen(ListenAddress.loopback(freePort()));
        c = new ConsensusSection(c.listen(), c.peers(), Duration.ofMillis(300), Duration.ofMillis(600),
                c.snapshotThreshold(), c.dataDir(), Duration.ofSeconds(20));
        return d.withConsensus(c)
                .withRestapi(RestApiSection.defaults().withHttpListen(ListenAddress.loopback(0)))
                .withGateway(GatewaySection.defaults().withListen(ListenAddress.loopback(0)))
                .withCluster(d.cluster().withRpc(ListenAddress.loopback(0), java.util.Map.of()));
    }

    /**
     * Tells every peer where the others' cluster RPC listens (they bound port 0, so no configuration could say),
     * as the membership component does for peers that join.
     */
    static void introduce(java.util.List<ClusterAssembly> peers) {
        for (ClusterAssembly p : peers) {
            for (ClusterAssembly other : peers) {
                p.addressBook().put(other.peerId(), other.rpcAddress().toString());
            }
        }
    }

    /** A port free right now; Raft needs a fixed port because peers (and its own log) record it. */
    static int freePort() {
        return FreePorts.one();
    }
}
