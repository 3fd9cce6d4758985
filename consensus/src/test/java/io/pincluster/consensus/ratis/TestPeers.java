package io.pincluster.consensus.ratis;

import io.pincluster.consensus.ConsensusConfig;
import io.pincluster.core.cid.Cid;
import java.util.Set;
import java.time.Instant;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.testkit.FreePorts;
import io.pincluster.core.tls.PeerTls;
import io.pincluster.security.ClusterCa;
import io.pincluster.security.PeerTlsIdentity;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Test fixtures: peers on free loopback ports, configs with test timeouts, a trivial decider. */
final class TestPeers {
    final List<PeerId> ids = new ArrayList<>();
    final Map<PeerId, String> addresses = new LinkedHashMap<>();
    final Path root;

    TestPeers(int n, Path root) {
        this.root = root;
        for (int i = 0; i < n; i++) {
            PeerId id = PeerId.ofPublicKeyProto(("test-peer-" + i + "-" + root).getBytes(StandardCharsets.UTF_8));
            ids.add(id);
            addresses.put(id, FreePorts.loopbackAddress());
        }
    }

    /** The secret of the clusters these tests run; their peer links are mutual TLS with its CA. */
    static final String SECRET = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
    private static final ClusterCa CA = ClusterCa.fromHexSecret(SECRET);

    /** Peer {@code i}'s TLS identity (key and certificate in its own folder), admitting every peer of the cluster. */
    PeerTls tls(int i) {
        return tls(i, peer -> true);
    }

    /** The TLS identity of the peer {@code config} is for. */
    PeerTls tls(ConsensusConfig config) {
        return tls(ids.indexOf(config.peerId()));
    }

    /** Peer {@code i}'s TLS identity, admitting the peers {@code admitted} accepts. */
    PeerTls tls(int i, java.util.function.Predicate<PeerId> admitted) {
        return PeerTlsIdentity.open(ids.get(i), CA, root.resolve("tls-" + i), admitted);
    }

    ConsensusConfig config(int i) {
        PeerId id = ids.get(i);
        return ConsensusConfig.defaults(id, addresses.get(id), addresses, root.resolve("peer-" + i))
                .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000))
                .withRequestTimeout(Duration.ofSeconds(15));
    }

    /** Peer {@code i} of a cluster bootstrapped from the first {@code members} peers. */
    ConsensusConfig bootstrapConfig(int i, int members) {
        PeerId id = ids.get(i);
        Map<PeerId, String> initial = new LinkedHashMap<>();
        ids.subList(0, members).forEach(p -> initial.put(p, addresses.get(p)));
        return ConsensusConfig.defaults(id, addresses.get(id), initial, root.resolve("peer-" + i))
                .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000))
                .withRequestTimeout(Duration.ofSeconds(15));
    }

    /** Peer {@code i} started with no configuration, to be added to a running cluster. */
    ConsensusConfig joinerConfig(int i) {
        PeerId id = ids.get(i);
        return ConsensusConfig.defaults(id, addresses.get(id), Map.of(), root.resolve("peer-" + i))
                .withElectionTimeout(Duration.ofMillis(500), Duration.ofMillis(1000))
                .withRequestTimeout(Duration.ofSeconds(15));
    }

    /**
     * Allocates to the known peers in order up to replication max (-1 / 0 = everywhere); a reallocation takes the
     * first peers that are not leaving.
     */
    PinDecider decider() {
        return new PinDecider() {
            @Override
            public Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView state, Instant now) {
                int max = options.replicationMax();
                List<PeerId> allocations = max <= 0 ? List.of() : ids.subList(0, Math.min(max, ids.size()));
                return new Pin(cid, options, PinType.DATA, allocations, null, now);
            }

            @Override
            public Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView state, Instant now) {
                List<PeerId> staying = ids.stream().filter(p -> !leaving.contains(p))
                        .limit(existing.options().replicationMax()).toList();
                return new Pin(existing.cid(), existing.options(), existing.type(), staying, null, now);
            }
        };
    }

    /**
     * A test's teardown: stops every peer still running ({@code null} entries are skipped) as a crash would, without
     * the leader's hand-over. A leader closed after its followers hands over to the follower it heard from last,
     * which in a teardown is one closed a moment earlier, and then waits out the Raft client's retries: about 11 s a
     * test in CI, for nothing a test asserts. Hand-over on close is checked where it is the subject
     * ({@code MembershipConsensusTest.closingTheLeaderHandsOverWithoutWaitingForAnElectionTimeout}).
     */
    static void stopAll(RatisConsensus... peers) {
        for (RatisConsensus c : peers) {
            if (c != null) {
                c.crash();
            }
        }
    }

    static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("content-" + n).getBytes(StandardCharsets.UTF_8)));
    }

}
