package io.pincluster.service;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ListenAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What {@code pincluster init} may set; null keeps the default. A port of 0 means "any free port" (tests).
 *
 * @param peername   the peer's name (default: the host name)
 * @param host       the address every listener binds to (default 127.0.0.1)
 * @param restPort   REST API port (9094)
 * @param raftPort   Raft port (9098)
 * @param gatewayPort gateway port (8080)
 * @param metricsPort metrics port (8888)
 * @param zone       the {@code zone} tag
 * @param user       REST API user name when a password is given (default {@code admin})
 * @param password   REST API password; null = no authentication
 * @param secret     the cluster secret (64 hex characters) shared by all peers; null = a new random one
 * @param peers      the initial cluster (peer ID to Raft {@code host:port}); this peer is added if missing;
 *                   empty = a one-peer cluster
 * @param force      replace an existing {@code service.json} (an existing identity is always kept)
 * @param tls        serve the REST API, gateway and metrics over HTTPS with a new self-signed certificate
 *                   ({@code tls/cert.pem}, {@code tls/key.pem} in the peer folder; existing files are kept)
 */
public record InitOptions(String peername, String host, Integer restPort, Integer raftPort, Integer gatewayPort,
                          Integer metricsPort,
                          String zone, String user, String password, String secret, Map<PeerId, ListenAddress> peers,
                          boolean force, boolean tls) {
    public InitOptions {
        peers = peers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(peers));
    }

    /** Plain HTTP. */
    public InitOptions(String peername, String host, Integer restPort, Integer raftPort, Integer gatewayPort,
                       Integer metricsPort, String zone, String user, String password, String secret,
                       Map<PeerId, ListenAddress> peers, boolean force) {
        this(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password, secret, peers, force,
                false);
    }

    public InitOptions withTls(boolean newTls) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password,
                secret, peers, force, newTls);
    }

    public static InitOptions defaults() {
        return new InitOptions(null, null, null, null, null, null, null, null, null, null, Map.of(), false);
    }

    public InitOptions withPeername(String name) {
        return new InitOptions(name, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password, secret,
                peers, force, tls);
    }

    public InitOptions withHost(String newHost) {
        return new InitOptions(peername, newHost, restPort, raftPort, gatewayPort, metricsPort, zone, user, password,
                secret, peers, force, tls);
    }

    public InitOptions withPorts(Integer rest, Integer raft, Integer gateway, Integer metrics) {
        return new InitOptions(peername, host, rest, raft, gateway, metrics, zone, user, password, secret, peers,
                force, tls);
    }

    public InitOptions withZone(String newZone) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, newZone, user, password,
                secret, peers, force, tls);
    }

    public InitOptions withBasicAuth(String newUser, String newPassword) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, newUser,
                newPassword, secret, peers, force, tls);
    }

    public InitOptions withSecret(String newSecret) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password,
                newSecret, peers, force, tls);
    }

    public InitOptions withPeers(Map<PeerId, ListenAddress> newPeers) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password,
                secret, newPeers, force, tls);
    }

    public InitOptions withForce(boolean newForce) {
        return new InitOptions(peername, host, restPort, raftPort, gatewayPort, metricsPort, zone, user, password,
                secret, peers, newForce, tls);
    }

    /** Never shows the password or the secret. */
    @Override
    public String toString() {
        return "InitOptions[peername=" + peername + ", host=" + host + ", ports=" + restPort + "/" + raftPort + "/"
                + gatewayPort + "/" + metricsPort + ", zone=" + zone + ", auth=" + (password != null)
                + ", peers=" + peers.keySet() + ", force=" + force + ", tls=" + tls + "]";
    }
}
