package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.time.GoDuration;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Section {@code cluster}: who this peer is in the cluster and the cluster-wide pin defaults.
 *
 * @param peername               human-readable name shown next to the peer ID
 * @param secret                 the cluster secret, 64 hex characters (32 bytes); peers authenticate each other with
 *                               it. Never logged.
 * @param replicationFactorMin   default minimum copies for pins that ask for 0; -1 = every peer (ipfs-cluster default)
 * @param replicationFactorMax   default maximum copies; -1 = every peer
 * @param leaveOnShutdown        leave the Raft group on a clean shutdown
 * @param tags                   free-form tags published about this peer; {@code zone} is used for placement
 * @param stateSyncInterval      how often the leader removes expired pins (ipfs-cluster's state_sync_interval)
 * @param rpcListen              where this peer's cluster RPC (gRPC, peer to peer) listens; 9096
 * @param peerAddresses          the cluster RPC address of other peers, by peer ID (peers that join are learnt
 *                               at run time)
 * @param holderReportInterval   how often this peer tells the leader what it now holds pinned (and asks which
 *                               copies it kept for make-before-break it may release)
 * @param statusTimeout          how long a status answer waits for each other peer; a peer that lets it pass is shown
 *                               as {@code cluster_error} and not asked again until it answers a background probe
 */
public record ClusterSection(String peername, String secret, int replicationFactorMin, int replicationFactorMax,
                             boolean leaveOnShutdown, Map<String, String> tags, Duration stateSyncInterval,
                             ListenAddress rpcListen, Map<PeerId, ListenAddress> peerAddresses,
                             Duration holderReportInterval, Duration statusTimeout) {
    static final String NAME = "cluster";
    static final ListenAddress DEFAULT_RPC_LISTEN = ListenAddress.loopback(9096);
    static final Duration DEFAULT_HOLDER_REPORT_INTERVAL = Duration.ofSeconds(1);
    /**
     * Half the one second a status answer may take with a hung peer: the rest is for this peer's own work and the
     * HTTP round trip.
     */
    public static final Duration DEFAULT_STATUS_TIMEOUT = Duration.ofMillis(500);
    /** A longer wait would bring back what the key exists to prevent: status answers stuck behind a hung peer. */
    static final Duration MAX_STATUS_TIMEOUT = Duration.ofMinutes(1);

    public ClusterSection {
        tags = tags == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tags));
        peerAddresses = peerAddresses == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(peerAddresses));
        Checks c = new Checks(NAME);
        c.require(peername != null && !peername.isBlank(), "peername", "must not be empty");
        c.require(secret != null && secret.matches("[0-9a-fA-F]{64}"), "secret",
                "must be 64 hex characters (32 bytes)");
        c.require(validFactor(replicationFactorMin), "replication_factor_min",
                replicationFactorMin + " is invalid: use -1 (every peer) or a positive number");
        c.require(validFactor(replicationFactorMax), "replication_factor_max",
                replicationFactorMax + " is invalid: use -1 (every peer) or a positive number");
        c.require((replicationFactorMin == -1) == (replicationFactorMax == -1), "replication_factor_min",
                "when one of replication_factor_min/max is -1 both must be -1");
        c.require(replicationFactorMin == -1 || replicationFactorMax == -1
                        || replicationFactorMin <= replicationFactorMax, "replication_factor_min",
                "cluster.replication_factor_min is larger than max");
        c.require(tags.keySet().stream().noneMatch(String::isBlank), "tags", "tag names must not be empty");
        c.requireInterval(stateSyncInterval, "state_sync_interval", false);
        c.require(rpcListen != null, "rpc_listen", "is required");
        c.requireInterval(holderReportInterval, "holder_report_interval", false);
        c.require(statusTimeout != null && !statusTimeout.isNegative() && !statusTimeout.isZero()
                        && statusTimeout.compareTo(MAX_STATUS_TIMEOUT) <= 0, "status_timeout",
                (statusTimeout == null ? "is required" : GoDuration.format(statusTimeout) + " is invalid")
                        + ": use a duration above 0 and at most 1m, e.g. 500ms");
        c.throwIfAny();
    }

    /** Without {@code holder_report_interval} and {@code status_timeout}: both take their defaults. */
    public ClusterSection(String peername, String secret, int replicationFactorMin, int replicationFactorMax,
                          boolean leaveOnShutdown, Map<String, String> tags, Duration stateSyncInterval,
                          ListenAddress rpcListen, Map<PeerId, ListenAddress> peerAddresses) {
        this(peername, secret, replicationFactorMin, replicationFactorMax, leaveOnShutdown, tags, stateSyncInterval,
                rpcListen, peerAddresses, DEFAULT_HOLDER_REPORT_INTERVAL, DEFAULT_STATUS_TIMEOUT);
    }

    /** Without the peer RPC keys: {@code rpc_listen} defaults to 127.0.0.1:9096, no peer addresses. */
    public ClusterSection(String peername, String secret, int replicationFactorMin, int replicationFactorMax,
                          boolean leaveOnShutdown, Map<String, String> tags, Duration stateSyncInterval) {
        this(peername, secret, replicationFactorMin, replicationFactorMax, leaveOnShutdown, tags, stateSyncInterval,
                DEFAULT_RPC_LISTEN, Map.of(), DEFAULT_HOLDER_REPORT_INTERVAL, DEFAULT_STATUS_TIMEOUT);
    }

    public static ClusterSection defaults(String peername) {
        return new ClusterSection(peername, newSecret(), -1, -1, false, Map.of(), Duration.ofMinutes(5));
    }

    /** 32 random bytes as 64 hex characters, like ipfs-cluster's generated secret. */
    public static String newSecret() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /**
     * Names the cluster secret without revealing it: the first 16 hex characters of a SHA-256 over a fixed label and
     * the secret's bytes. State backups carry it (decision 0014), so a restore can tell whether it goes into a
     * cluster with the same secret. The secret is 32 random bytes, so the fingerprint gives no handle on it.
     */
    public String secretFingerprint() {
        try {
            java.security.MessageDigest sha = java.security.MessageDigest.getInstance("SHA-256");
            sha.update("pincluster cluster secret fingerprint\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            sha.update(HexFormat.of().parseHex(secret));
            return "sha256:" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    /** The {@code zone} tag, or empty. */
    public String zone() {
        return tags.getOrDefault("zone", "");
    }

    public ClusterSection withTags(Map<String, String> newTags) {
        return new ClusterSection(peername, secret, replicationFactorMin, replicationFactorMax, leaveOnShutdown,
                newTags, stateSyncInterval, rpcListen, peerAddresses, holderReportInterval, statusTimeout);
    }

    public ClusterSection withReplication(int min, int max) {
        return new ClusterSection(peername, secret, min, max, leaveOnShutdown, tags, stateSyncInterval, rpcListen,
                peerAddresses, holderReportInterval, statusTimeout);
    }

    public ClusterSection withRpc(ListenAddress newRpcListen, Map<PeerId, ListenAddress> newPeerAddresses) {
        return new ClusterSection(peername, secret, replicationFactorMin, replicationFactorMax, leaveOnShutdown,
                tags, stateSyncInterval, newRpcListen, newPeerAddresses, holderReportInterval,
                statusTimeout);
    }

    public ClusterSection withStatusTimeout(Duration timeout) {
        return new ClusterSection(peername, secret, replicationFactorMin, replicationFactorMax, leaveOnShutdown,
                tags, stateSyncInterval, rpcListen, peerAddresses, holderReportInterval, timeout);
    }

    static ClusterSection read(SectionReader r, ClusterSection d) {
        return new ClusterSection(
                r.string("peername", d.peername()),
                r.string("secret", d.secret()),
                r.integer("replication_factor_min", d.replicationFactorMin()),
                r.integer("replication_factor_max", d.replicationFactorMax()),
                r.bool("leave_on_shutdown", d.leaveOnShutdown()),
                r.stringMap("tags", d.tags()),
                r.duration("state_sync_interval", d.stateSyncInterval()),
                r.listen("rpc_listen", d.rpcListen()),
                readPeerAddresses(r, d.peerAddresses()),
                r.duration("holder_report_interval", d.holderReportInterval()),
                r.duration("status_timeout", d.statusTimeout()));
    }

    private static Map<PeerId, ListenAddress> readPeerAddresses(SectionReader r, Map<PeerId, ListenAddress> d) {
        Map<String, String> raw = r.stringMap("peer_addresses", null);
        if (raw == null) {
            return d;
        }
        Map<PeerId, ListenAddress> out = new LinkedHashMap<>();
        raw.forEach((id, addr) -> {
            try {
                out.put(PeerId.parse(id), ListenAddress.parse(addr));
            } catch (RuntimeException e) {
                r.problem("peer_addresses", "entry '" + id + "': " + e.getMessage());
            }
        });
        return out;
    }

    void writeTo(ObjectNode o, boolean redact) {
        o.put("peername", peername);
        o.put("secret", redact ? ServiceConfigFile.REDACTED : secret);
        o.put("replication_factor_min", replicationFactorMin);
        o.put("replication_factor_max", replicationFactorMax);
        o.put("leave_on_shutdown", leaveOnShutdown);
        ObjectNode t = o.putObject("tags");
        tags.forEach(t::put);
        o.put("state_sync_interval", GoDuration.format(stateSyncInterval));
        o.put("rpc_listen", rpcListen.toString());
        ObjectNode addresses = o.putObject("peer_addresses");
        peerAddresses.forEach((id, addr) -> addresses.put(id.value(), addr.toString()));
        o.put("holder_report_interval", GoDuration.format(holderReportInterval));
        o.put("status_timeout", GoDuration.format(statusTimeout));
    }

    private static boolean validFactor(int f) {
        return f == -1 || f > 0;
    }

    @Override
    public String toString() {
        return "ClusterSection[peername=" + peername + ", secret=<redacted>, replication=" + replicationFactorMin
                + ".." + replicationFactorMax + ", tags=" + tags + ", rpc_listen=" + rpcListen + ", status_timeout="
                + GoDuration.format(statusTimeout) + "]";
    }
}
