package io.pincluster.consensus;

import io.pincluster.core.peer.PeerId;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How this peer takes part in the Raft group.
 *
 * @param peerId this peer; its string form is the Raft peer id
 * @param raftAddress {@code host:port} this peer's Raft (gRPC) server binds to and others dial
 * @param initialPeers the bootstrap configuration (peer to {@code host:port}), including this peer; empty
 *     for a peer that will be added to a running cluster later. Ignored on restart (Raft keeps its own).
 * @param storageDir Raft log, metadata and snapshots of this peer
 * @param groupName peers with the same name form one Raft group (its id is derived from the name)
 * @param electionTimeoutMin lower bound of the randomized election timeout (heartbeats every min/2)
 * @param electionTimeoutMax upper bound of the election timeout
 * @param requestTimeout how long pin/unpin wait for a commit before failing with NO_QUORUM
 * @param snapshotThreshold applied log entries between automatic snapshots (whatever they carry)
 * @param snapshotPins pins applied (pin, unpin and other decisions, counted inside batched entries) between
 *     automatic snapshots: a batched entry carries up to {@code batchMaxOps} of them, so counting entries alone let
 *     a million pins (2,000 entries) go without a snapshot and be replayed in full at restart
 * @param snapshotLogBytes bytes of applied log entries between automatic snapshots (all three limits grow to a
 *     quarter of the last snapshot's pins when that is more: {@code SnapshotTrigger})
 * @param snapshotRetention snapshot files kept on disk
 * @param logSegmentBytes Raft log segment size; the log is purged in whole segments
 * @param batchMaxOps most pin/unpin requests in one log entry
 * @param batchMaxBytes most request bytes in one log entry (Ratis caps an entry at 4 MB)
 * @param batchesInFlight log entries this peer keeps in flight at once; requests that arrive meanwhile
 *     wait and go into the next entry (natural batching, no fixed delay). Default 2: with 16 clients spread
 *     over 3 peers, 4 gave entries of 1-2 pins and 923 pins/s, 2 gave 1203 pins/s (one run each, warm)
 * @param raftProperties extra Ratis properties ({@code raft.*} keys), applied last; for tuning only
 * @param voters how many peers vote in Raft (decision 0013): a bootstrap list or a joining peer beyond this number is a
 *     non-voting listener (full pinset, not counted for quorum), and the leader promotes a caught-up listener when a
 *     voter is removed or down for {@code voterReplaceAfter}. Every peer of a cluster must use the same value
 * @param voterReplaceAfter how long the leader must not have heard from a voter before it swaps that voter for a
 *     caught-up listener (the voter stays a member, as a listener); 0 = never
 */
public record ConsensusConfig(PeerId peerId, String raftAddress, Map<PeerId, String> initialPeers,
                              Path storageDir, String groupName, Duration electionTimeoutMin,
                              Duration electionTimeoutMax, Duration requestTimeout, long snapshotThreshold,
                              long snapshotPins, long snapshotLogBytes, int snapshotRetention, long logSegmentBytes,
                              int batchMaxOps, int batchMaxBytes, int batchesInFlight,
                              Map<String, String> raftProperties, int voters, Duration voterReplaceAfter) {
    /**
     * Default {@link #snapshotPins}: replaying a batched log costs about 15 us per pin (1M pins: 15.5 s), so a
     * restart replays at most ~1.5 s after the newest snapshot.
     */
    public static final long DEFAULT_SNAPSHOT_PINS = 100_000;
    /** Default {@link #snapshotLogBytes}: two default log segments. */
    public static final long DEFAULT_SNAPSHOT_LOG_BYTES = 64L << 20;

    /**
     * Default {@link #batchMaxOps}. The leader's repair submits thousands of small re-allocations at once; at 1000 per
     * entry and two entries in flight, a peer loss of 40,000 pins took 32 s to commit on a loaded 2-core machine
     * (one round trip per thousand). The byte limit (1 MiB) still bounds an entry of large pins.
     */
    public static final int DEFAULT_BATCH_MAX_OPS = 5000;

    /**
     * Default {@link #voters}: five tolerate two failed voters; a cluster of five peers or fewer is all voters, as
     * before listeners existed. Each voter added to the quorum makes every write wait for one more acknowledgement.
     */
    public static final int DEFAULT_VOTERS = 5;
    /**
     * Default {@link #voterReplaceAfter}: one minute (decision 0013). Well above a restart or a short network outage
     * (a peer restarts and is heard from again within seconds), so those change no vote; well below the five minutes
     * repair waits before it moves data ({@code repair.repair_grace}), because giving a vote away moves nothing and
     * every minute with a voter down is a minute in which one more failure stops all writes (three voters) or
     * leaves none to spare (five). The demoted voter stays a member and comes back as a listener.
     */
    public static final Duration DEFAULT_VOTER_REPLACE_AFTER = Duration.ofMinutes(1);

    /** Production defaults that tolerate a saturated 2-core machine without spurious elections. */
    public static ConsensusConfig defaults(PeerId peerId, String raftAddress, Map<PeerId, String> initialPeers,
                                           Path storageDir) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, "pincluster",
                Duration.ofMillis(1500), Duration.ofMillis(3000), Duration.ofSeconds(10), 100_000,
                DEFAULT_SNAPSHOT_PINS, DEFAULT_SNAPSHOT_LOG_BYTES, 2,
                32L << 20, DEFAULT_BATCH_MAX_OPS, 1 << 20, 2, Map.of(), DEFAULT_VOTERS, DEFAULT_VOTER_REPLACE_AFTER);
    }

    public ConsensusConfig {
        require(peerId != null, "peerId is required");
        require(raftAddress != null && parsePort(raftAddress) > 0,
                "raftAddress must be host:port with a port in 1..65535, not '" + raftAddress + "'");
        initialPeers = initialPeers == null ? Map.of() : java.util.Collections.unmodifiableMap(
                new LinkedHashMap<>(initialPeers));
        for (Map.Entry<PeerId, String> e : initialPeers.entrySet()) {
            require(e.getValue() != null && parsePort(e.getValue()) > 0,
                    "initialPeers: address of " + e.getKey() + " must be host:port, not '" + e.getValue() + "'");
        }
        require(initialPeers.isEmpty() || raftAddress.equals(initialPeers.get(peerId)),
                "initialPeers must list this peer (" + peerId + ") with its raftAddress " + raftAddress);
        require(storageDir != null, "storageDir is required");
        require(groupName != null && !groupName.isBlank(), "groupName must not be blank");
        require(positive(electionTimeoutMin), "electionTimeoutMin must be positive");
        require(positive(electionTimeoutMax) && electionTimeoutMax.compareTo(electionTimeoutMin) > 0,
                "electionTimeoutMax (" + electionTimeoutMax + ") must be greater than electionTimeoutMin ("
                        + electionTimeoutMin + ")");
        require(positive(requestTimeout), "requestTimeout must be positive");
        require(snapshotThreshold >= 1, "snapshotThreshold must be at least 1, not " + snapshotThreshold);
        require(snapshotPins >= 1, "snapshotPins must be at least 1, not " + snapshotPins);
        require(snapshotLogBytes >= 1, "snapshotLogBytes must be at least 1, not " + snapshotLogBytes);
        require(snapshotRetention >= 1, "snapshotRetention must be at least 1, not " + snapshotRetention);
        require(logSegmentBytes >= 64 * 1024, "logSegmentBytes must be at least 64 KiB, not " + logSegmentBytes);
        require(batchMaxOps >= 1, "batchMaxOps must be at least 1, not " + batchMaxOps);
        require(batchMaxBytes >= 1024 && batchMaxBytes <= 3 << 20,
                "batchMaxBytes must be between 1 KiB and 3 MiB (a Raft entry is at most 4 MB), not " + batchMaxBytes);
        require(batchesInFlight >= 1 && batchesInFlight <= 64,
                "batchesInFlight must be between 1 and 64, not " + batchesInFlight);
        raftProperties = raftProperties == null ? Map.of() : Map.copyOf(raftProperties);
        require(voters >= 1 && voters <= 15, "voters must be between 1 and 15, not " + voters);
        require(voterReplaceAfter != null && !voterReplaceAfter.isNegative(),
                "voterReplaceAfter must be 0 (never) or positive");
    }

    public ConsensusConfig withElectionTimeout(Duration min, Duration max) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, min, max, requestTimeout,
                snapshotThreshold, snapshotPins, snapshotLogBytes, snapshotRetention, logSegmentBytes, batchMaxOps,
                batchMaxBytes, batchesInFlight, raftProperties, voters, voterReplaceAfter);
    }

    public ConsensusConfig withRequestTimeout(Duration timeout) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, electionTimeoutMin,
                electionTimeoutMax, timeout, snapshotThreshold, snapshotPins, snapshotLogBytes, snapshotRetention,
                logSegmentBytes, batchMaxOps, batchMaxBytes, batchesInFlight, raftProperties, voters, voterReplaceAfter);
    }

    public ConsensusConfig withSnapshots(long threshold, long segmentBytes) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, threshold, snapshotPins, snapshotLogBytes, snapshotRetention,
                segmentBytes, batchMaxOps, batchMaxBytes, batchesInFlight, raftProperties, voters, voterReplaceAfter);
    }

    /** Snapshot also after {@code pins} applied pins or {@code logBytes} applied log bytes, whichever comes first. */
    public ConsensusConfig withSnapshotTriggers(long pins, long logBytes) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, snapshotThreshold, pins, logBytes, snapshotRetention,
                logSegmentBytes, batchMaxOps, batchMaxBytes, batchesInFlight, raftProperties, voters, voterReplaceAfter);
    }

    public ConsensusConfig withBatching(int maxOps, int maxBytes, int inFlight) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, snapshotThreshold, snapshotPins, snapshotLogBytes, snapshotRetention,
                logSegmentBytes, maxOps, maxBytes, inFlight, raftProperties, voters, voterReplaceAfter);
    }

    /** At most {@code count} voting peers; a voter unheard of for {@code replaceAfter} is swapped for a listener. */
    public ConsensusConfig withVoters(int count, Duration replaceAfter) {
        return new ConsensusConfig(peerId, raftAddress, initialPeers, storageDir, groupName, electionTimeoutMin,
                electionTimeoutMax, requestTimeout, snapshotThreshold, snapshotPins, snapshotLogBytes, snapshotRetention,
                logSegmentBytes, batchMaxOps, batchMaxBytes, batchesInFlight, raftProperties, count, replaceAfter);
    }

    /** Host part of {@link #raftAddress()}, the interface the Raft server binds to. */
    public String bindHost() {
        return raftAddress.substring(0, raftAddress.lastIndexOf(':'));
    }

    public int port() {
        return parsePort(raftAddress);
    }

    private static int parsePort(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) {
            return -1;
        }
        try {
            int port = Integer.parseInt(address.substring(colon + 1));
            return port >= 1 && port <= 65535 ? port : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private static boolean positive(Duration d) {
        return d != null && !d.isNegative() && !d.isZero();
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException("consensus config: " + message);
        }
    }
}
