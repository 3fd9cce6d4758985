package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Section {@code consensus}: the Raft server.
 *
 * @param listen             where this peer's Raft server listens ({@code host:port}; 9098)
 * @param peers              the initial cluster: peer ID to its Raft address, this peer included; empty means a
 *                           one-peer cluster of this peer alone
 * @param electionTimeoutMin lower bound of the randomised election timeout
 * @param electionTimeoutMax upper bound of the randomised election timeout
 * @param snapshotThreshold  log entries applied between two snapshots, whatever they carry
 * @param snapshotPins       pins applied between two snapshots, counted inside batched entries (a snapshot is taken
 *                           when any of the three limits passes)
 * @param snapshotLogBytes   bytes of log entries applied between two snapshots
 * @param dataDir            where the Raft log and snapshots live, relative to the peer folder unless absolute
 * @param requestTimeout     how long a pin or unpin waits to be committed before failing
 * @param readyMaxLag        log entries this peer may have committed but not yet applied and still be ready
 *                           ({@code GET /health/ready}); a peer further behind answers stale reads
 * @param voters             how many peers vote in Raft; more peers are listeners (decision 0013)
 * @param voterReplaceAfter  how long the leader waits for a silent voter before a listener takes its vote; 0: never
 */
public record ConsensusSection(ListenAddress listen, Map<PeerId, ListenAddress> peers, Duration electionTimeoutMin,
                               Duration electionTimeoutMax, long snapshotThreshold, long snapshotPins,
                               long snapshotLogBytes, String dataDir, Duration requestTimeout, long readyMaxLag,
                               int voters, Duration voterReplaceAfter) {
    static final String NAME = "consensus";
    /**
     * One entry carries a batch of pin operations; a healthy follower applies within a few entries of the commit,
     * while one replaying a long log after a restart is thousands behind.
     */
    public static final long DEFAULT_READY_MAX_LAG = 1000;

    public ConsensusSection {
        peers = peers == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(peers));
        Checks c = new Checks(NAME);
        c.require(listen != null, "listen", "is required");
        c.require(electionTimeoutMin != null && electionTimeoutMin.toMillis() >= 50, "election_timeout_min",
                "must be at least 50ms");
        c.require(electionTimeoutMax != null && electionTimeoutMin != null
                && electionTimeoutMax.compareTo(electionTimeoutMin) > 0, "election_timeout_max",
                "must be greater than election_timeout_min");
        c.require(snapshotThreshold > 0, "snapshot_threshold", "must be positive, not " + snapshotThreshold);
        c.require(snapshotPins > 0, "snapshot_pins", "must be positive, not " + snapshotPins);
        c.require(snapshotLogBytes > 0, "snapshot_log_bytes", "must be positive, not " + snapshotLogBytes);
        c.require(dataDir != null && !dataDir.isBlank(), "data_dir", "must not be empty");
        c.require(requestTimeout != null && requestTimeout.toMillis() > 0, "request_timeout", "must be positive");
        c.require(readyMaxLag >= 0, "ready_max_lag", "must be 0 or more, not " + readyMaxLag);
        c.require(voters >= 1 && voters <= 15, "voters", "must be between 1 and 15, not " + voters);
        c.require(voterReplaceAfter != null && !voterReplaceAfter.isNegative(), "voter_replace_after",
                "must be 0s (never) or a duration, not " + voterReplaceAfter);
        c.throwIfAny();
    }

    /** Without the voter settings: they take their defaults. */
    public ConsensusSection(ListenAddress listen, Map<PeerId, ListenAddress> peers, Duration electionTimeoutMin,
                            Duration electionTimeoutMax, long snapshotThreshold, long snapshotPins,
                            long snapshotLogBytes, String dataDir, Duration requestTimeout, long readyMaxLag) {
        this(listen, peers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold, snapshotPins, snapshotLogBytes,
                dataDir, requestTimeout, readyMaxLag, ConsensusConfig.DEFAULT_VOTERS,
                ConsensusConfig.DEFAULT_VOTER_REPLACE_AFTER);
    }

    /** Without {@code ready_max_lag} and the voter settings: they take their defaults. */
    public ConsensusSection(ListenAddress listen, Map<PeerId, ListenAddress> peers, Duration electionTimeoutMin,
                            Duration electionTimeoutMax, long snapshotThreshold, long snapshotPins,
                            long snapshotLogBytes, String dataDir, Duration requestTimeout) {
        this(listen, peers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold, snapshotPins, snapshotLogBytes,
                dataDir, requestTimeout, DEFAULT_READY_MAX_LAG);
    }

    public static ConsensusSection defaults() {
        return new ConsensusSection(ListenAddress.loopback(9098), Map.of(), Duration.ofSeconds(1),
                Duration.ofSeconds(2), 10_000, ConsensusConfig.DEFAULT_SNAPSHOT_PINS,
                ConsensusConfig.DEFAULT_SNAPSHOT_LOG_BYTES, "raft", Duration.ofSeconds(30));
    }

    public ConsensusSection withListen(ListenAddress newListen) {
        return new ConsensusSection(newListen, peers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold,
                snapshotPins, snapshotLogBytes, dataDir, requestTimeout, readyMaxLag, voters, voterReplaceAfter);
    }

    public ConsensusSection withPeers(Map<PeerId, ListenAddress> newPeers) {
        return new ConsensusSection(listen, newPeers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold,
                snapshotPins, snapshotLogBytes, dataDir, requestTimeout, readyMaxLag, voters, voterReplaceAfter);
    }

    public ConsensusSection withReadyMaxLag(long entries) {
        return new ConsensusSection(listen, peers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold,
                snapshotPins, snapshotLogBytes, dataDir, requestTimeout, entries, voters, voterReplaceAfter);
    }

    public ConsensusSection withVoters(int count, Duration replaceAfter) {
        return new ConsensusSection(listen, peers, electionTimeoutMin, electionTimeoutMax, snapshotThreshold,
                snapshotPins, snapshotLogBytes, dataDir, requestTimeout, readyMaxLag, count, replaceAfter);
    }

    static ConsensusSection read(SectionReader r, ConsensusSection d) {
        ListenAddress listen = r.listen("listen", d.listen());
        Map<PeerId, ListenAddress> peers = new LinkedHashMap<>();
        Map<String, String> raw = r.stringMap("peers", null);
        if (raw == null) {
            peers.putAll(d.peers());
        } else {
            raw.forEach((id, addr) -> {
                try {
                    peers.put(PeerId.parse(id), ListenAddress.parse(addr));
                } catch (RuntimeException e) {
                    r.problem("peers", "entry '" + id + "': " + e.getMessage());
                }
            });
        }
        return new ConsensusSection(listen, peers,
                r.duration("election_timeout_min", d.electionTimeoutMin()),
                r.duration("election_timeout_max", d.electionTimeoutMax()),
                r.longValue("snapshot_threshold", d.snapshotThreshold()),
                r.longValue("snapshot_pins", d.snapshotPins()),
                r.size("snapshot_log_bytes", d.snapshotLogBytes()),
                r.string("data_dir", d.dataDir()),
                r.duration("request_timeout", d.requestTimeout()),
                r.longValue("ready_max_lag", d.readyMaxLag()),
                r.integer("voters", d.voters()),
                r.duration("voter_replace_after", d.voterReplaceAfter()));
    }

    void writeTo(ObjectNode o) {
        o.put("listen", listen.toString());
        ObjectNode p = o.putObject("peers");
        peers.forEach((id, addr) -> p.put(id.value(), addr.toString()));
        o.put("election_timeout_min", GoDuration.format(electionTimeoutMin));
        o.put("election_timeout_max", GoDuration.format(electionTimeoutMax));
        o.put("snapshot_threshold", snapshotThreshold);
        o.put("snapshot_pins", snapshotPins);
        o.put("snapshot_log_bytes", DataSize.format(snapshotLogBytes));
        o.put("data_dir", dataDir);
        o.put("request_timeout", GoDuration.format(requestTimeout));
        o.put("ready_max_lag", readyMaxLag);
        o.put("voters", voters);
        o.put("voter_replace_after", GoDuration.format(voterReplaceAfter));
    }
}
