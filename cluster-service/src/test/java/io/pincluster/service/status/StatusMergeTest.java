package io.pincluster.service.status;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.testing.UnreachablePeerRpc;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The k-way merge of per-peer status streams, with the peers' streams given as in-memory sorted lists. */
class StatusMergeTest {
    private static final PeerId A = PeerId.parse("12D3KooWAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA");
    private static final PeerId B = PeerId.parse("12D3KooWBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB");
    private static final PeerId C = PeerId.parse("12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq");
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final Clock CLOCK = Clock.fixed(T, ZoneOffset.UTC);

    private final PinSetState pinset = new PinSetState();
    private final PeerLabels labels = new PeerLabels(new UnreachablePeerRpc(), Runnable::run, CLOCK);
    private final AtomicInteger directAsks = new AtomicInteger();

    private static Cid cid(int i) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("pin " + i).getBytes(StandardCharsets.UTF_8)));
    }

    private Pin pin(Cid cid, PeerId... allocations) {
        PinOptions o = new PinOptions(allocations.length, allocations.length, "n", PinMode.RECURSIVE, 0, List.of(),
                null, Map.of(), null, List.of());
        Pin p = new Pin(cid, o, PinType.DATA, List.of(allocations), null, T);
        pinset.apply(new PinOp.AddPin(p));
        return p;
    }

    private static CidStatus st(PeerId peer, Cid cid, TrackerStatus s) {
        return new CidStatus(cid, PinInfo.of(peer, "name-" + peer.toString().substring(8, 9), s, T));
    }

    private List<GlobalPinInfo> merge(Set<TrackerStatus> filter, Map<PeerId, Function<Set<TrackerStatus>,
            Stream<CidStatus>>> peers) {
        try (Stream<GlobalPinInfo> s = StatusMerge.stream(pinset, List.copyOf(new java.util.TreeMap<>(peers)
                .keySet()), p -> peers.get(p).apply(filter), filter, labels, (peer, c) -> {
                    directAsks.incrementAndGet();
                    return PinInfo.of(peer, "", TrackerStatus.PINNING, T);
                }, CLOCK)) {
            return s.toList();
        }
    }

    private static Function<Set<TrackerStatus>, Stream<CidStatus>> serving(CidStatus... items) {
        return filter -> Stream.of(items).sorted(java.util.Comparator.comparing(CidStatus::cid))
                .filter(s -> filter.isEmpty() || filter.contains(s.info().status()));
    }

    private List<Cid> sortedCids(int n) {
        List<Cid> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(cid(i));
        }
        out.sort(null);
        return out;
    }

    @Test
    void fillsRemoteForPeersOutsideTheAllocationsAndKeepsCidOrder() {
        List<Cid> c = sortedCids(3);
        pin(c.get(0), A);
        pin(c.get(1), A, B);
        pin(c.get(2), C);
        List<GlobalPinInfo> out = merge(Set.of(), Map.of(
                A, serving(st(A, c.get(0), TrackerStatus.PINNED), st(A, c.get(1), TrackerStatus.PINNING)),
                B, serving(st(B, c.get(1), TrackerStatus.PIN_QUEUED)),
                C, serving(st(C, c.get(2), TrackerStatus.PIN_ERROR))));
        assertThat(out).extracting(GlobalPinInfo::cid).containsExactlyElementsOf(c);
        assertThat(statuses(out.get(0))).containsExactly(TrackerStatus.PINNED, TrackerStatus.REMOTE,
                TrackerStatus.REMOTE);
        assertThat(statuses(out.get(1))).containsExactly(TrackerStatus.PINNING, TrackerStatus.PIN_QUEUED,
                TrackerStatus.REMOTE);
        assertThat(statuses(out.get(2))).containsExactly(TrackerStatus.REMOTE, TrackerStatus.REMOTE,
                TrackerStatus.PIN_ERROR);
        assertThat(out.get(2).name()).isEqualTo("n");
        assertThat(directAsks).hasValue(0);
    }

    private static List<TrackerStatus> statuses(GlobalPinInfo info) {
        return List.of(info.peerMap().get(A).status(), info.peerMap().get(B).status(),
                info.peerMap().get(C).status());
    }

    @Test
    void aPeerFailingMidStreamIsClusterErrorForTheRestOfItsAllocatedCids() {
        List<Cid> c = sortedCids(4);
        c.forEach(x -> pin(x, A, B));
        Function<Set<TrackerStatus>, Stream<CidStatus>> breaksAfterOne = f -> {
            Iterator<CidStatus> it = new Iterator<>() {
                int n;

                @Override
                public boolean hasNext() {
                    if (n == 1) {
                        throw new ClusterException(ErrorCode.UNAVAILABLE, "peer B went away");
                    }
                    return true;
                }

                @Override
                public CidStatus next() {
                    n++;
                    return st(B, c.get(0), TrackerStatus.PINNED);
                }
            };
            return java.util.stream.StreamSupport.stream(java.util.Spliterators.spliteratorUnknownSize(it, 0), false);
        };
        List<GlobalPinInfo> out = merge(Set.of(), Map.of(
                A, serving(c.stream().map(x -> st(A, x, TrackerStatus.PINNED)).toArray(CidStatus[]::new)),
                B, breaksAfterOne,
                C, f -> {
                    throw new ClusterException(ErrorCode.UNAVAILABLE, "peer C unreachable");
                }));
        assertThat(out).hasSize(4);
        assertThat(out.get(0).peerMap().get(B).status()).isEqualTo(TrackerStatus.PINNED);
        for (GlobalPinInfo g : out.subList(1, 4)) {
            assertThat(g.peerMap().get(B).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
            assertThat(g.peerMap().get(B).error()).isEqualTo("peer B went away");
        }
        // C is not allocated: remote, even though it cannot be reached.
        assertThat(out).allSatisfy(g -> assertThat(g.peerMap().get(C).status()).isEqualTo(TrackerStatus.REMOTE));
    }

    @Test
    void filterKeepsCidsWithAMatchingPeerAndOnlyTheMatchingEntriesPlusUnreachablePeers() {
        List<Cid> c = sortedCids(3);
        c.forEach(x -> pin(x, A, B, C));
        List<GlobalPinInfo> out = merge(Set.of(TrackerStatus.PIN_ERROR), Map.of(
                A, serving(st(A, c.get(0), TrackerStatus.PINNED), st(A, c.get(1), TrackerStatus.PIN_ERROR),
                        st(A, c.get(2), TrackerStatus.PINNED)),
                B, serving(st(B, c.get(0), TrackerStatus.PINNED), st(B, c.get(1), TrackerStatus.PINNED)),
                C, f -> {
                    throw new ClusterException(ErrorCode.UNAVAILABLE, "down");
                }));
        assertThat(out).singleElement().satisfies(g -> {
            assertThat(g.cid()).isEqualTo(c.get(1));
            assertThat(g.peerMap()).containsOnlyKeys(A, C);
            assertThat(g.peerMap().get(C).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
        });
    }

    @Test
    void unreportedAllocatedPinIsAskedDirectlyAndUnknownCidsAreUnpinned() {
        List<Cid> c = sortedCids(2);
        pin(c.get(0), A, B);
        // c1 is not in this replica: B is still unpinning it.
        List<GlobalPinInfo> out = merge(Set.of(), Map.of(
                A, serving(st(A, c.get(0), TrackerStatus.PINNED)),
                B, serving(st(B, c.get(1), TrackerStatus.UNPINNING))));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).peerMap().get(B).status()).isEqualTo(TrackerStatus.PINNING);
        assertThat(directAsks).hasValue(1);
        assertThat(out.get(1).peerMap().get(A).status()).isEqualTo(TrackerStatus.UNPINNED);
        assertThat(out.get(1).peerMap().get(B).status()).isEqualTo(TrackerStatus.UNPINNING);
        assertThat(out.get(1).name()).isEmpty();
    }

    @Test
    void remoteFilterIsAnsweredFromTheAllocations() {
        List<Cid> c = sortedCids(2);
        pin(c.get(0), A);
        pin(c.get(1), A, B);
        List<GlobalPinInfo> out = merge(Set.of(TrackerStatus.REMOTE), Map.of(
                A, serving(st(A, c.get(0), TrackerStatus.PINNED), st(A, c.get(1), TrackerStatus.PINNED)),
                B, serving(st(B, c.get(1), TrackerStatus.PINNED))));
        assertThat(out).singleElement().satisfies(g -> {
            assertThat(g.cid()).isEqualTo(c.get(0));
            assertThat(g.peerMap()).containsOnlyKeys(B);
        });
    }
}
