package io.pincluster.consensus.ratis;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.tls.PeerTls;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcTlsConfig;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerProto;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.ReconfigurationInProgressException;
import org.apache.ratis.protocol.exceptions.ReconfigurationTimeoutException;
import org.apache.ratis.protocol.exceptions.SetConfigurationException;
import org.apache.ratis.retry.ExceptionDependentRetry;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.retry.RetryPolicy;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/** Translates a {@link ConsensusConfig} into Ratis properties, ids and policies (see ratis.md section 5). */
final class RaftSettings {
    private static final Duration CLIENT_RETRY_SLEEP = Duration.ofMillis(100);
    /** The Raft log entries kept in memory at most (Ratis' default is 200 MB), unless two segments are larger. */
    private static final long SEGMENT_CACHE_BYTES = 64L << 20;

    private RaftSettings() {
    }

    static RaftGroupId groupId(ConsensusConfig c) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(
                ("pincluster-raft-group/" + c.groupName()).getBytes(StandardCharsets.UTF_8)));
    }

    static RaftPeerId raftId(PeerId peer) {
        return RaftPeerId.valueOf(peer.value());
    }

    static PeerId peerId(RaftPeerId id) {
        return PeerId.parse(id.toString());
    }

    /**
     * The bootstrap group; no peers for a peer that joins a running cluster later. The first {@code voters} peers in
     * peer-ID order vote, the others start as listeners: every peer computes the same split from the same list,
     * whatever order its configuration file lists them in.
     */
    static RaftGroup initialGroup(ConsensusConfig c) {
        List<RaftPeer> peers = new ArrayList<>();
        List<Map.Entry<PeerId, String>> sorted = c.initialPeers().entrySet().stream()
                .sorted(Map.Entry.comparingByKey(java.util.Comparator.comparing(PeerId::value))).toList();
        for (int i = 0; i < sorted.size(); i++) {
            Map.Entry<PeerId, String> e = sorted.get(i);
            peers.add(RaftPeer.newBuilder().setId(raftId(e.getKey())).setAddress(e.getValue())
                    .setStartupRole(i < c.voters() ? RaftPeerRole.FOLLOWER : RaftPeerRole.LISTENER).build());
        }
        return RaftGroup.valueOf(groupId(c), peers);
    }

    static RaftProperties server(ConsensusConfig c) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.storageDir().toFile()));
        GrpcConfigKeys.Server.setHost(p, c.bindHost());
        GrpcConfigKeys.Server.setPort(p, c.port());
        long min = c.electionTimeoutMin().toMillis();
        long max = c.electionTimeoutMax().toMillis();
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, ms(min));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, ms(max));
        // A fresh cluster should elect quickly; later elections use the (longer) regular timeouts. A restart waits
        // longer for the leader's first append before it campaigns (rejoinGrace, decision 0013), and the voters of a
        // whole-cluster restart take turns (decision 0029).
        boolean rejoins = rejoins(c);
        Duration firstMin = rejoins ? firstCampaignAfterRejoin(c) : Duration.ofMillis(Math.min(min, 200));
        Duration firstMax = rejoins ? firstMin.plusMillis(max - min) : Duration.ofMillis(Math.min(max, 500));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMin(p, ms(firstMin.toMillis()));
        RaftServerConfigKeys.Rpc.setFirstElectionTimeoutMax(p, ms(firstMax.toMillis()));
        // The leader retries a silent peer every appenderRetry (Ratis: 5 s after 30 failures), so a peer that comes
        // back hears from it well within its rejoin grace.
        RaftServerConfigKeys.Log.Appender.setRetryPolicy(p, "1ms,10, " + appenderRetry(c).toMillis() + "ms,"
                + Integer.MAX_VALUE);
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, ms(Math.max(3000, 2 * max)));
        // A retried request is answered from the retry cache only while our clients still retry: they give up
        // after the request timeout. Ratis keeps each reply 60 s by default; at thousands of entries per second
        // that held ~140k replies (tens of MB) in a peer measured at -Xmx512m.
        RaftServerConfigKeys.RetryCache.setExpiryTime(p, ms(c.requestTimeout().toMillis() + 5000));
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
        RaftServerConfigKeys.Snapshot.setRetentionFileNum(p, c.snapshotRetention());
        // A stopping peer writes its last snapshot itself (PinSetStateMachine.close): Ratis' own stop snapshot is
        // skipped when the stop lands while its updater is between applying an entry and checking for the stop.
        RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(p, false);
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
        RaftServerConfigKeys.Log.setPreallocatedSize(p, SizeInBytes.valueOf(Math.min(4L << 20, c.logSegmentBytes())));
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.min(1024, c.snapshotThreshold()));
        // Keep the log bounded even while a peer is down for long; it catches up by snapshot instead.
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        // Closed segments kept in memory for followers that lag: Ratis' 200 MB default was ~280 MB of a peer's heap
        // after a bulk load (10M pins: 2.1 GiB live against 1.8 once restarted). Older entries are read back from
        // the segment files, which the page cache holds.
        RaftServerConfigKeys.Log.setSegmentCacheSizeMax(p, SizeInBytes.valueOf(Math.max(SEGMENT_CACHE_BYTES,
                2L * c.logSegmentBytes())));
        c.raftProperties().forEach(p::set);
        return p;
    }

    /**
     * Whether this peer restarts into a group with other voters: its Raft folder already holds the group's log, and
     * the last configuration it applied ({@code raft-meta.conf}, which Ratis writes on every applied configuration
     * entry) names other voters, or cannot be read. Its configuration may then be stale: e.g. it was a voter and the
     * leader gave its vote to a listener while it was down. A restarted single-voter group has nobody to wait for.
     */
    static boolean rejoins(ConsensusConfig c) {
        java.nio.file.Path current = c.storageDir().resolve(groupId(c).getUuid().toString()).resolve("current");
        if (!java.nio.file.Files.isDirectory(current)) {
            return false;
        }
        try {
            List<RaftPeerProto> voters = lastVoters(c);
            return !(voters.size() == 1 && voters.get(0).getId().equals(raftId(c.peerId()).toByteString()));
        } catch (java.io.IOException | RuntimeException e) {
            return true;
        }
    }

    /** The voters of the last configuration this peer applied ({@code raft-meta.conf}). */
    private static List<RaftPeerProto> lastVoters(ConsensusConfig c) throws java.io.IOException {
        java.nio.file.Path conf = c.storageDir().resolve(groupId(c).getUuid().toString()).resolve("current")
                .resolve("raft-meta.conf");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(conf)) {
            return LogEntryProto.parseFrom(in).getConfigurationEntry().getPeersList();
        }
    }

    /**
     * When a restarted voter first campaigns: after its rejoin grace, plus one maximum election timeout for each voter
     * ahead of it in its last configuration (ordered by id). When the whole cluster restarts at once, the voters'
     * first campaigns then start in separate windows instead of together. Session 32's lock-step restart of five
     * peers ran three elections in ten seconds, and the overlapping terms left two followers in Ratis' INCONSISTENCY
     * loop (decision 0029); with the windows, session 33's restarts of the same cluster changed the term once (an
     * election can still outlast a window while peers load their snapshots, so the windows make overlaps rarer, not
     * impossible). A peer restarted into a running cluster hears from the leader first and never campaigns; one whose turn
     * comes while those ahead are down waits a few seconds more than before. A peer that is not among its last
     * voters (a listener) or cannot read them waits the grace alone.
     */
    static Duration firstCampaignAfterRejoin(ConsensusConfig c) {
        long rank;
        try {
            List<String> ids = lastVoters(c).stream().map(v -> RaftPeerId.valueOf(v.getId()).toString()).sorted()
                    .toList();
            rank = Math.max(0, ids.indexOf(raftId(c.peerId()).toString()));
        } catch (java.io.IOException | RuntimeException e) {
            rank = 0;
        }
        return rejoinGrace(c).plus(c.electionTimeoutMax().multipliedBy(rank));
    }

    /**
     * How long a restarted peer waits for a leader before its first campaign: twice the maximum election timeout, at
     * least three leader retries ({@link #appenderRetry}, at most 1.5 of it each with Ratis' jitter). A voter demoted
     * while it was down still has its old configuration; if it asked for votes before the leader reached it, the
     * leader would tell it to shut down ({@code RaftServerImpl.shouldSendShutdown} in Ratis 3.3.0). The cost: a
     * whole-cluster restart elects this much later; a peer restarted in a running cluster hears from the leader
     * first and does not wait.
     */
    static Duration rejoinGrace(ConsensusConfig c) {
        Duration twice = c.electionTimeoutMax().multipliedBy(2);
        Duration retries = appenderRetry(c).multipliedBy(3);
        return twice.compareTo(retries) >= 0 ? twice : retries;
    }

    /** How often the leader retries a peer it cannot reach, after ten quick tries: min election timeout, at most 1s. */
    static Duration appenderRetry(ConsensusConfig c) {
        Duration min = c.electionTimeoutMin();
        return min.compareTo(Duration.ofSeconds(1)) <= 0 ? min : Duration.ofSeconds(1);
    }

    /**
     * Mutual TLS on every Raft link: the server port, its links to the other servers, and every client (writes and
     * admin calls). The managers are live, so a re-issued certificate or a newly removed peer takes effect at the
     * next handshake. Ratis' own client does not check which peer answers: any peer of the cluster may (the
     * cluster RPC does check).
     */
    static Parameters tls(PeerTls tls) {
        GrpcTlsConfig conf = new GrpcTlsConfig(tls.keyManager(), tls.trustManager(), true);
        Parameters p = new Parameters();
        GrpcConfigKeys.TLS.setConf(p, conf);
        GrpcConfigKeys.Server.setTlsConf(p, conf);
        GrpcConfigKeys.Client.setTlsConf(p, conf);
        GrpcConfigKeys.Admin.setTlsConf(p, conf);
        return p;
    }

    /**
     * As {@link #tls(PeerTls)}, for the Raft server: also checks every call's caller against the Raft configuration
     * ({@link RaftCallerCheck}), so a removed peer's connection gets no new call through.
     */
    static Parameters serverTls(PeerTls tls, java.util.function.Predicate<io.pincluster.core.peer.PeerId> member) {
        Parameters p = tls(tls);
        RaftCallerCheck check = new RaftCallerCheck(tls, member);
        GrpcConfigKeys.Server.setServicesCustomizer(p, (builder, types) -> builder.intercept(check));
        return p;
    }

    static RaftProperties client(ConsensusConfig c) {
        RaftProperties p = new RaftProperties();
        long attempt = Math.max(100, Math.min(3000, c.requestTimeout().toMillis() / 2));
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, ms(attempt));
        c.raftProperties().forEach(p::set);
        return p;
    }

    /**
     * Retries (leader changes, elections) for about the request timeout, never forever (ratis.md P16). A
     * membership change refused because another one runs is not retried: the caller gets CONFLICT at once.
     */
    static RetryPolicy clientRetry(ConsensusConfig c) {
        int attempts = (int) Math.max(1, c.requestTimeout().toMillis() / CLIENT_RETRY_SLEEP.toMillis());
        RetryPolicy retry = RetryPolicies.retryUpToMaximumCountWithFixedSleep(attempts,
                ms(CLIENT_RETRY_SLEEP.toMillis()));
        return ExceptionDependentRetry.newBuilder().setDefaultPolicy(retry).setMaxAttempts(attempts + 1)
                .setExceptionToPolicy(ReconfigurationInProgressException.class, RetryPolicies.noRetry())
                .setExceptionToPolicy(SetConfigurationException.class, RetryPolicies.noRetry())
                .setExceptionToPolicy(ReconfigurationTimeoutException.class, RetryPolicies.noRetry())
                .build();
    }

    private static TimeDuration ms(long millis) {
        return TimeDuration.valueOf(millis, TimeUnit.MILLISECONDS);
    }
}
