package io.pincluster.service.cli;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The peer folders of a local cluster under the data folder. On first run every peer gets an identity
 * and a {@code service.json} (its ports, zone, the shared secret, all peers as the initial Raft group,
 * user {@code admin} with the password); later runs reuse the folders and only update the password.
 */
final class LocalClusterLayout {
    static final String ADMIN_USER = "admin";
    /** The repair grace of {@code up} clusters: a newcomer who kills a peer sees the repair within a minute. */
    static final Duration UP_REPAIR_GRACE = Duration.ofSeconds(30);

    private LocalClusterLayout() {
    }

    /** Creates or checks the folders; returns true when they were created now. */
    static boolean prepare(UpOptions options, String password) throws IOException {
        int existing = existingPeers(options.data());
        if (existing == 0) {
            create(options, password);
            return true;
        }
        if (existing != options.peers()) {
            throw new IllegalArgumentException(options.data() + " holds a cluster of " + existing + " peers, not "
                    + options.peers() + ": use --peers " + existing + " or another --data folder");
        }
        for (int i = 0; i < options.peers(); i++) {
            Path file = options.peerDir(i).resolve(ServiceConfigFile.FILE_NAME);
            ServiceConfig config = ServiceConfigFile.load(file, Map.of());
            if (!password.equals(config.restapi().basicAuthCredentials().get(ADMIN_USER))) {
                ServiceConfigFile.write(file, config.withRestapi(
                        config.restapi().withBasicAuth(Map.of(ADMIN_USER, password))), true);
            }
        }
        return false;
    }

    private static int existingPeers(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return 0;
        }
        try (Stream<Path> list = Files.list(data)) {
            return (int) list.filter(p -> p.getFileName().toString().matches("peer-\\d+")
                    && Files.exists(p.resolve(ServiceConfigFile.FILE_NAME))).count();
        }
    }

    private static void create(UpOptions options, String password) throws IOException {
        List<PeerIdentity> identities = new ArrayList<>();
        Map<PeerId, ListenAddress> raftPeers = new LinkedHashMap<>();
        Map<PeerId, ListenAddress> rpcPeers = new LinkedHashMap<>();
        for (int i = 0; i < options.peers(); i++) {
            PeerIdentity identity = PeerIdentity.generate();
            identities.add(identity);
            raftPeers.put(identity.peerId(), ListenAddress.loopback(options.ports(i).raft()));
            rpcPeers.put(identity.peerId(), ListenAddress.loopback(options.ports(i).rpc()));
        }
        String secret = ClusterSection.newSecret();
        for (int i = 0; i < options.peers(); i++) {
            Path dir = Files.createDirectories(options.peerDir(i));
            PeerPorts ports = options.ports(i);
            ServiceConfig defaults = ServiceConfig.defaults("peer-" + i);
            ClusterSection d = defaults.cluster();
            ServiceConfig config = defaults
                    .withCluster(new ClusterSection(d.peername(), secret, d.replicationFactorMin(),
                            d.replicationFactorMax(), d.leaveOnShutdown(), Map.of("zone", UpOptions.zone(i)),
                            d.stateSyncInterval()).withRpc(ListenAddress.loopback(ports.rpc()), rpcPeers))
                    .withConsensus(defaults.consensus().withListen(ListenAddress.loopback(ports.raft()))
                            .withPeers(raftPeers))
                    .withRestapi(defaults.restapi().withHttpListen(ListenAddress.loopback(ports.rest()))
                            .withBasicAuth(Map.of(ADMIN_USER, password)))
                    .withGateway(defaults.gateway().withListen(ListenAddress.loopback(ports.gateway())))
                    .withPsa(defaults.psa().withListen(ListenAddress.loopback(ports.psa())))
                    // Kubo clients point at REST + 1, where ipfs-cluster's proxy listens
                    .withIpfsproxy(defaults.ipfsproxy().withEnabled(true)
                            .withListen(ListenAddress.loopback(ports.proxy())))
                    // up prints each peer's metrics URL, so the endpoint is on (behind the same admin login)
                    .withMetrics(new io.pincluster.service.config.MetricsSection(true,
                            ListenAddress.loopback(ports.metrics())))
                    .withRepair(defaults.repair().withTiming(defaults.repair().peerDownAfter(), UP_REPAIR_GRACE));
            IdentityFile.write(dir.resolve(IdentityFile.FILE_NAME), identities.get(i), false);
            ServiceConfigFile.write(dir.resolve(ServiceConfigFile.FILE_NAME), config, false);
        }
    }
}
