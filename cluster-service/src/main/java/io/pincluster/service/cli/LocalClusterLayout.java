package io.pincluster.service.cli;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.membership.ClusterJoin;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The peer folders of a local cluster under the data folder. On first run every peer gets an identity
 * and a {@code service.json} (its ports, zone, the shared secret, all peers as the initial Raft group,
 * user {@code admin} with the password); later runs reuse the folders and only update the password, and create
 * the folders of peers added since (a larger {@code --peers}, or a peer folder deleted), which join the others.
 */
final class LocalClusterLayout {
    static final String ADMIN_USER = "admin";
    /** The repair grace of {@code up} clusters: a newcomer who kills a peer sees the repair within a minute. */
    static final Duration UP_REPAIR_GRACE = Duration.ofSeconds(30);

    private LocalClusterLayout() {
    }

    /**
     * What {@link #prepare} did: created every folder now ({@code createdAll}), or reused the cluster's and created
     * the folders of the peers listed in {@code added} (new peers, or peers whose folder was deleted: they get a new
     * identity and join the running cluster).
     */
    record Prepared(boolean createdAll, List<Integer> added) {
    }

    /**
     * Creates the folders of a new cluster, or reuses those of an earlier run: their passwords are updated, and
     * peers missing below {@code --peers} are created to join the others. A cluster does not shrink here: a folder
     * of a peer at or above {@code --peers} is refused (remove that peer with {@code pincluster peers rm}, then its
     * folder).
     */
    static Prepared prepare(UpOptions options, String password) throws IOException {
        List<Integer> existing = existingPeers(options.data());
        if (existing.isEmpty()) {
            create(options, password);
            return new Prepared(true, List.of());
        }
        int highest = existing.get(existing.size() - 1);
        if (highest >= options.peers()) {
            throw new IllegalArgumentException(options.data() + " holds a cluster with peer-" + highest
                    + ": use --peers " + (highest + 1) + " or more, or another --data folder (up adds peers, it does not"
                    + " remove them: 'pincluster peers rm' does)");
        }
        for (int i : existing) {
            Path file = options.peerDir(i).resolve(ServiceConfigFile.FILE_NAME);
            ServiceConfig config = ServiceConfigFile.load(file, Map.of());
            if (!password.equals(config.restapi().basicAuthCredentials().get(ADMIN_USER))) {
                ServiceConfigFile.write(file, config.withRestapi(
                        config.restapi().withBasicAuth(Map.of(ADMIN_USER, password))), true);
            }
        }
        List<Integer> added = new ArrayList<>();
        for (int i = 0; i < options.peers(); i++) {
            if (!existing.contains(i)) {
                added.add(i);
            }
        }
        if (!added.isEmpty()) {
            add(options, password, existing, added);
        }
        return new Prepared(false, added);
    }

    /**
     * The cluster RPC address ({@code host:port}) peer {@code index} joins through, when it must: it has no Raft state
     * (a new peer, or one whose Raft folder was deleted after the cluster removed it) while another peer has some. A
     * running peer is preferred; empty when the peer restarts from its own Raft state, or when no peer has any yet
     * (a cluster that never ran starts from the Raft group its folders list).
     */
    static Optional<String> joinSeed(UpOptions options, int index) throws IOException {
        if (hasRaftState(options, index)) {
            return Optional.empty();
        }
        Integer seed = null;
        for (int i = 0; i < options.peers(); i++) {
            if (i == index || !hasRaftState(options, i)) {
                continue;
            }
            if (PeerPidFile.livePeer(options.peerDir(i)).isPresent()) {
                seed = i;
                break;
            }
            seed = seed == null ? i : seed;
        }
        return seed == null ? Optional.empty() : Optional.of("127.0.0.1:" + options.ports(seed).rpc());
    }

    private static boolean hasRaftState(UpOptions options, int index) throws IOException {
        Path dir = options.peerDir(index);
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        if (!Files.exists(file)) {
            return false;
        }
        Path raft = dir.resolve(ServiceConfigFile.load(file, Map.of()).consensus().dataDir());
        return ClusterJoin.hasRaftStorage(raft);
    }

    /** The indexes of the peer folders under {@code data} that hold a configuration, in order. */
    private static List<Integer> existingPeers(Path data) throws IOException {
        if (!Files.isDirectory(data)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(data)) {
            return list.filter(p -> p.getFileName().toString().matches("peer-\\d{1,4}")
                            && Files.exists(p.resolve(ServiceConfigFile.FILE_NAME)))
                    .map(p -> Integer.parseInt(p.getFileName().toString().substring("peer-".length())))
                    .sorted().toList();
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
            write(options, i, identities.get(i), peerConfig(options, i, password, secret, raftPeers, rpcPeers));
        }
    }

    /**
     * New peers of an existing cluster: the cluster's secret, the peers every existing folder lists, and the new
     * peers (they join through a running peer, see {@link #joinSeed}; the lists only seed their address books).
     */
    private static void add(UpOptions options, String password, List<Integer> existing, List<Integer> added)
            throws IOException {
        Map<PeerId, ListenAddress> raftPeers = new LinkedHashMap<>();
        Map<PeerId, ListenAddress> rpcPeers = new LinkedHashMap<>();
        String secret = null;
        for (int i : existing) {
            ServiceConfig from = ServiceConfigFile.load(options.peerDir(i).resolve(ServiceConfigFile.FILE_NAME),
                    Map.of());
            secret = secret == null ? from.cluster().secret() : secret;
            raftPeers.putAll(from.consensus().peers());
            rpcPeers.putAll(from.cluster().peerAddresses());
        }
        Map<Integer, PeerIdentity> identities = new LinkedHashMap<>();
        for (int i : added) {
            PeerIdentity identity = PeerIdentity.generate();
            identities.put(i, identity);
            // a deleted folder's old identity may still be listed at these ports: the new one takes its place
            raftPeers.values().remove(ListenAddress.loopback(options.ports(i).raft()));
            rpcPeers.values().remove(ListenAddress.loopback(options.ports(i).rpc()));
            raftPeers.put(identity.peerId(), ListenAddress.loopback(options.ports(i).raft()));
            rpcPeers.put(identity.peerId(), ListenAddress.loopback(options.ports(i).rpc()));
        }
        for (var e : identities.entrySet()) {
            write(options, e.getKey(), e.getValue(),
                    peerConfig(options, e.getKey(), password, secret, raftPeers, rpcPeers));
        }
    }

    private static void write(UpOptions options, int index, PeerIdentity identity, ServiceConfig config)
            throws IOException {
        Path dir = Files.createDirectories(options.peerDir(index));
        IdentityFile.write(dir.resolve(IdentityFile.FILE_NAME), identity, false);
        ServiceConfigFile.write(dir.resolve(ServiceConfigFile.FILE_NAME), config, false);
    }

    private static ServiceConfig peerConfig(UpOptions options, int i, String password, String secret,
                                            Map<PeerId, ListenAddress> raftPeers,
                                            Map<PeerId, ListenAddress> rpcPeers) {
        PeerPorts ports = options.ports(i);
        ServiceConfig defaults = ServiceConfig.defaults("peer-" + i);
        ClusterSection d = defaults.cluster();
        return defaults
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
    }
}
