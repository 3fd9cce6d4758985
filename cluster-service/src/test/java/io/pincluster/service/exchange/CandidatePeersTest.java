package io.pincluster.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.testing.UnreachablePeerRpc;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** One attempt at a pin asks a bounded number of peers, the likely holders first, whatever the cluster's size. */
class CandidatePeersTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private final List<PeerId> members = IntStream.range(0, 20).mapToObj(i -> PeerIdentity.generate().peerId())
            .toList();
    private final AtomicInteger statusAsked = new AtomicInteger();
    private final UnreachablePeerRpc rpc = new UnreachablePeerRpc() {
        @Override
        public PinInfo status(PeerId target, Cid cid) {
            statusAsked.incrementAndGet();
            throw unavailable(target);
        }
    };

    private Pin pin(List<PeerId> allocations, List<String> origins) {
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256("candidates".getBytes(StandardCharsets.UTF_8)));
        PinOptions options = new PinOptions(2, 2, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null,
                origins);
        return new Pin(cid, options, PinType.DATA, allocations, null, Instant.EPOCH);
    }

    @Test
    void allocatedPeersThenOriginsThenABoundedFewOfTheRest() {
        CandidatePeers candidates = new CandidatePeers(SELF, rpc, () -> members, 4);
        PeerId allocated = members.get(7);
        PeerId origin = members.get(3);

        List<PeerId> order = candidates.forPin(pin(List.of(SELF, allocated), List.of("/ip4/10.0.0.3/tcp/4001/p2p/"
                + origin)));

        assertThat(order).hasSize(4).doesNotContain(SELF).doesNotHaveDuplicates();
        assertThat(order.subList(0, 2)).containsExactly(allocated, origin);
        assertThat(statusAsked).as("only the allocated peer is asked for its status").hasValue(1);
    }

    @Test
    void eachAttemptAsksADifferentFewOfTheOtherPeers() {
        CandidatePeers candidates = new CandidatePeers(SELF, rpc, () -> members, 3);
        Pin pin = pin(List.of(SELF, members.get(0)), List.of());
        Set<PeerId> askedOverAttempts = new HashSet<>();

        for (int attempt = 0; attempt < 50; attempt++) {
            List<PeerId> order = candidates.forPin(pin);
            assertThat(order).hasSize(3).startsWith(members.get(0));
            askedOverAttempts.addAll(order);
        }

        assertThat(askedOverAttempts).as("attempts spread over the cluster").hasSizeGreaterThan(10);
    }

    @Test
    void aSmallClusterIsAskedWholeInItsUsualOrder() {
        List<PeerId> three = members.subList(0, 3);
        CandidatePeers candidates = new CandidatePeers(SELF, rpc, () -> three, 8);

        List<PeerId> order = candidates.forPin(pin(List.of(SELF, three.get(2)), List.of()));

        assertThat(order).hasSize(3).startsWith(three.get(2));
        assertThat(order.subList(1, 3)).isSorted();
    }
}
