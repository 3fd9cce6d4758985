package io.pincluster.service;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ClusterSection;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.GatewaySection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.MetricsSection;
import io.pincluster.service.config.RestApiSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.httpcert.SelfSignedCertificate;
import io.pincluster.service.identity.PeerIdentity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code pincluster init}: creates a peer folder with {@code identity.json} (a new Ed25519 key) and
 * {@code service.json} (defaults plus the options), and with {@code tls} a self-signed certificate and key in
 * {@code tls/} that the REST API, gateway and metrics then serve HTTPS with. Refuses to replace an existing {@code service.json} unless
 * forced; never replaces an existing identity, so re-running init with {@code force} keeps the peer ID (as
 * ipfs-cluster does). The command line ({@code pincluster init <peer folder> [options]}) is
 * {@code io.pincluster.service.cli.InitCli}.
 */
public final class InitCommand {
    /** Where {@code init --tls} puts the self-signed pair, relative to the peer folder (as service.json names it). */
    public static final String TLS_CERT = "tls/cert.pem";
    public static final String TLS_KEY = "tls/key.pem";

    private InitCommand() {
    }

    /** What init produced. */
    public record InitResult(PeerId peerId, Path identityFile, Path configFile, ServiceConfig config) {
    }

    /**
     * Initialises {@code peerDir} (created if needed).
     *
     * @throws ConfigException an option is invalid, or the folder is already initialised and {@code force} is off
     * @throws IOException     a file cannot be written
     */
    public static InitResult run(Path peerDir, InitOptions options) throws IOException {
        Path identityFile = peerDir.resolve(IdentityFile.FILE_NAME);
        Path configFile = peerDir.resolve(ServiceConfigFile.FILE_NAME);
        if (!options.force() && (Files.exists(configFile) || Files.exists(identityFile))) {
            throw new ConfigException(peerDir + " is already initialised (" + (Files.exists(configFile)
                    ? configFile.getFileName() : identityFile.getFileName()) + " exists); use --force to replace "
                    + ServiceConfigFile.FILE_NAME + " (the identity is kept)");
        }
        PeerIdentity identity = Files.exists(identityFile) ? IdentityFile.read(identityFile) : PeerIdentity.generate();
        ServiceConfig config = configFor(identity.peerId(), options);
        Files.createDirectories(peerDir);
        if (!Files.exists(identityFile)) {
            IdentityFile.write(identityFile, identity, false);
        }
        if (options.tls()) {
            Path cert = peerDir.resolve(TLS_CERT);
            Path key = peerDir.resolve(TLS_KEY);
            if (!Files.exists(cert) || !Files.exists(key)) {
                SelfSignedCertificate.write(cert, key, List.of(config.restapi().httpListen().host(),
                        config.cluster().peername()));
            }
        }
        ServiceConfigFile.write(configFile, config, true);
        return new InitResult(identity.peerId(), identityFile, configFile, config);
    }

    static ServiceConfig configFor(PeerId self, InitOptions o) {
        String name = o.peername() != null ? o.peername() : hostName();
        String host = o.host() != null ? o.host() : "127.0.0.1";
        ServiceConfig d = ServiceConfig.defaults(name);
        try {
            ClusterSection cluster = new ClusterSection(name, o.secret() != null ? o.secret() : d.cluster().secret(),
                    d.cluster().replicationFactorMin(), d.cluster().replicationFactorMax(),
                    d.cluster().leaveOnShutdown(), o.zone() != null ? Map.of("zone", o.zone()) : Map.of(),
                    d.cluster().stateSyncInterval())
                    // Peers on other hosts dial the cluster RPC too: it binds where Raft does, not to loopback.
                    .withRpc(new ListenAddress(host, d.cluster().rpcListen().port()), Map.of());
            ListenAddress raft = new ListenAddress(host, port(o.raftPort(), d.consensus().listen()));
            Map<PeerId, ListenAddress> peers = new LinkedHashMap<>(o.peers());
            if (!peers.isEmpty()) {
                peers.putIfAbsent(self, raft);
            }
            RestApiSection rest = d.restapi().withHttpListen(new ListenAddress(host,
                    port(o.restPort(), d.restapi().httpListen())));
            if (o.password() != null) {
                rest = rest.withBasicAuth(Map.of(o.user() != null ? o.user() : "admin", o.password()));
            }
            GatewaySection gateway = d.gateway().withListen(new ListenAddress(host,
                    port(o.gatewayPort(), d.gateway().listen())));
            // off by default; asking for a metrics port is asking for the endpoint
            MetricsSection metrics = new MetricsSection(d.metrics().enabled() || o.metricsPort() != null,
                    new ListenAddress(host, port(o.metricsPort(), d.metrics().listen())));
            // The Pinning Service API sits where ipfs-cluster puts it, three ports above REST (9097 by default).
            int psaPort = o.restPort() == null ? d.psa().listen().port() : o.restPort() == 0 ? 0 : o.restPort() + 3;
            io.pincluster.service.config.PsaSection psa = d.psa().withListen(new ListenAddress(host, psaPort));
            if (o.tls()) {
                psa = psa.withTls(TLS_CERT, TLS_KEY);
                rest = rest.withTls(TLS_CERT, TLS_KEY);
                gateway = gateway.withTls(TLS_CERT, TLS_KEY);
                metrics = metrics.withTls(TLS_CERT, TLS_KEY);
            }
            return d.withCluster(cluster)
                    .withConsensus(d.consensus().withListen(raft).withPeers(peers))
                    .withRestapi(rest)
                    .withGateway(gateway)
                    .withMetrics(metrics)
                    .withPsa(psa);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("init: " + e.getMessage());
        }
    }

    private static int port(Integer asked, ListenAddress def) {
        return asked != null ? asked : def.port();
    }

    private static String hostName() {
        String h = System.getenv("HOSTNAME");
        if (h != null && !h.isBlank()) {
            return h;
        }
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "pincluster";
        }
    }
}
