package io.pincluster.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PinSetStateTest {
    private static final PeerId A = peer(1);
    private static final PeerId B = peer(2);
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private final PinSetState state = new PinSetState();

    static PeerId peer(int n) {
        return PeerId.ofPublicKeyProto(("peer-key-" + n).getBytes(StandardCharsets.UTF_8));
    }

    static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("block-" + n).getBytes(StandardCharsets.UTF_8)));
    }

    static Pin pin(Cid cid, String name, Map<String, String> meta, List<PeerId> allocations, Instant expireAt) {
        PinOptions o = new PinOptions(allocations.isEmpty() ? -1 : 1, allocations.isEmpty() ? -1 : 2, name,
                PinMode.RECURSIVE, 0, List.of(), expireAt, meta, null, List.of());
        return new Pin(cid, o, PinType.DATA, allocations, null, T0);
    }

    static AllocationQuery byName(String name, boolean prefix, Cid after, int limit) {
        return new AllocationQuery(Set.of(), name, prefix, null, null, after, limit);
    }

    @Test
    void aLoadedSnapshotsPinsTakeTheCidObjectsHeldElsewhere() {
        Map<Cid, Cid> held = new java.util.HashMap<>();
        Cid heldOne = Cid.decode(cid(1).bytes()); // equal to cid(1), another object: the store's record of it
        held.put(heldOne, heldOne);
        PinSetState sharing = new PinSetState(() -> c -> held.getOrDefault(c, c));
        Pin one = pin(cid(1), "", Map.of(), List.of(A), null);
        Pin two = pin(cid(2), "", Map.of(), List.of(A), null);
        assertThat(one.cid()).isEqualTo(heldOne).isNotSameAs(heldOne);
        sharing.replaceAll(List.of(one, two).iterator(), 5);
        assertThat(sharing.get(cid(1)).orElseThrow().cid()).isSameAs(heldOne);
        assertThat(sharing.get(cid(1)).orElseThrow()).isEqualTo(one);
        assertThat(sharing.get(cid(2)).orElseThrow().cid()).isSameAs(two.cid()); // none held: its own
    }

    @Test
    void aReplacementIsToldPinByPinOnlyToListenersThatDoNotResyncThemselves() {
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), null)));
        List<Cid> perPin = new ArrayList<>();
        int[] resyncs = {0};
        state.addListener((before, after) -> perPin.add(after != null ? after.cid() : before.cid()));
        state.addListener(new PinSetListener() {
            @Override
            public void pinChanged(Pin before, Pin after) {
                throw new AssertionError("a resyncing listener is not told pin by pin");
            }

            @Override
            public boolean pinsetReplaced() {
                resyncs[0]++;
                return true;
            }
        });
        state.replaceAll(List.of(pin(cid(2), "", Map.of(), List.of(A), null)).iterator(), 7);
        assertThat(perPin).containsExactlyInAnyOrder(cid(1), cid(2));
        assertThat(resyncs[0]).isEqualTo(1);
        assertThat(state.get(cid(2))).isPresent();
        assertThat(state.appliedIndex()).isEqualTo(7);
    }

    @Test
    void addReplaceRemoveAndReportWhatWasThere() {
        Pin first = pin(cid(1), "a", Map.of(), List.of(A), null);
        assertThat(state.apply(new PinOp.AddPin(first))).isNull();
        Pin second = pin(cid(1), "b", Map.of(), List.of(B), null);
        assertThat(state.apply(new PinOp.AddPin(second))).isEqualTo(first);
        assertThat(state.get(cid(1))).contains(second);
        assertThat(state.size()).isEqualTo(1);
        assertThat(state.apply(new PinOp.RemovePin(cid(1)))).isEqualTo(second);
        assertThat(state.apply(new PinOp.RemovePin(cid(1)))).as("removing twice is a no-op").isNull();
        assertThat(state.size()).isZero();
        assertThat(state.query(byName("b", false, null, 0))).isEmpty();
        assertThat(state.allocatedTo(B)).isEmpty();
    }

    @Test
    void queriesByExactNameAndPrefixPageInCidOrder() {
        List<Cid> fooBar = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String name = i % 3 == 0 ? "foo-a" : i % 3 == 1 ? "foo-b" : "bar";
            state.apply(new PinOp.AddPin(pin(cid(i), name, Map.of(), List.of(A), null)));
            if (name.startsWith("foo")) {
                fooBar.add(cid(i));
            }
        }
        fooBar.sort(null);
        assertThat(state.query(byName("foo-a", false, null, 0))).hasSize(10)
                .allMatch(p -> p.options().name().equals("foo-a"));
        List<Cid> paged = new ArrayList<>();
        Cid cursor = null;
        for (int page = 0; page < 10; page++) {
            List<Pin> got = state.query(byName("foo", true, cursor, 7)).toList();
            if (got.isEmpty()) {
                break;
            }
            assertThat(got.size()).isLessThanOrEqualTo(7);
            got.forEach(p -> paged.add(p.cid()));
            cursor = got.get(got.size() - 1).cid();
        }
        assertThat(paged).as("prefix pages merge both names in CID order without gaps").isEqualTo(fooBar);
    }

    @Test
    void queriesByMetadataAndTypeAndFollowsRenames() {
        state.apply(new PinOp.AddPin(pin(cid(1), "x", Map.of("team", "red"), List.of(A), null)));
        state.apply(new PinOp.AddPin(pin(cid(2), "x", Map.of("team", "blue"), List.of(A), null)));
        state.apply(new PinOp.AddPin(pin(cid(3), "y", Map.of("team", "red", "k", "v"), List.of(A), null)));
        AllocationQuery red = new AllocationQuery(Set.of(), null, false, "team", "red", null, 0);
        assertThat(state.query(red).map(Pin::cid)).containsExactlyElementsOf(sorted(cid(1), cid(3)));
        AllocationQuery redX = new AllocationQuery(Set.of(), "x", false, "team", "red", null, 0);
        assertThat(state.query(redX).map(Pin::cid)).containsExactly(cid(1));
        state.apply(new PinOp.AddPin(pin(cid(1), "z", Map.of("team", "blue"), List.of(A), null)));
        assertThat(state.query(red).map(Pin::cid)).containsExactly(cid(3));
        assertThat(state.query(byName("x", false, null, 0)).map(Pin::cid)).containsExactly(cid(2));
        AllocationQuery shards = new AllocationQuery(Set.of(PinType.SHARD), null, false, null, null, null, 0);
        assertThat(state.query(shards)).isEmpty();
        AllocationQuery data = new AllocationQuery(Set.of(PinType.DATA), null, false, null, null, null, 2);
        assertThat(state.query(data)).hasSize(2);
    }

    @Test
    void peerIndexIncludesEverywherePinsAndForgetsMovedAllocations() {
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), null)));
        state.apply(new PinOp.AddPin(pin(cid(2), "", Map.of(), List.of(A, B), null)));
        state.apply(new PinOp.AddPin(pin(cid(3), "", Map.of(), List.of(), null)));
        assertThat(state.allocatedTo(A)).containsExactlyElementsOf(sorted(cid(1), cid(2), cid(3)));
        assertThat(state.allocatedTo(B)).containsExactlyElementsOf(sorted(cid(2), cid(3)));
        state.apply(new PinOp.AddPin(pin(cid(2), "", Map.of(), List.of(B), null)));
        assertThat(state.allocatedTo(A)).containsExactlyElementsOf(sorted(cid(1), cid(3)));
        assertThat(state.allocatedTo(peer(99))).containsExactly(cid(3));
    }

    @Test
    void thePerPeerIndexIsReadFromAGivenCidOn() {
        for (int i = 1; i <= 6; i++) {
            state.apply(new PinOp.AddPin(pin(cid(i), "", Map.of(), i == 4 ? List.of() : List.of(i % 2 == 0 ? A : B),
                    null)));
        }
        List<Cid> toA = sorted(cid(2), cid(4), cid(6));
        for (int at = 0; at < toA.size(); at++) {
            assertThat(state.allocatedTo(A, toA.get(at))).as("from the allocated CID number " + at + ", included")
                    .containsExactlyElementsOf(toA.subList(at, toA.size()));
        }
        List<Cid> all = sorted(cid(1), cid(2), cid(3), cid(4), cid(5), cid(6));
        for (Cid from : all) {
            assertThat(state.allocatedTo(A, from)).as("from " + from)
                    .containsExactlyElementsOf(toA.stream().filter(c -> c.compareTo(from) >= 0).toList());
        }
        assertThat(state.allocatedTo(A, null)).containsExactlyElementsOf(toA);
    }

    @Test
    void allocationsOfAPeerComeFromItsIndexWithoutEverywherePinsAndFollowEveryChange() {
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), null)));
        state.apply(new PinOp.AddPin(pin(cid(2), "", Map.of(), List.of(A, B), null)));
        state.apply(new PinOp.AddPin(pin(cid(3), "", Map.of(), List.of(), null)));
        assertThat(state.allocationsOf(A)).containsExactlyElementsOf(sorted(cid(1), cid(2)));
        assertThat(state.allocationCount(A)).isEqualTo(2);
        assertThat(state.allocationsOf(peer(99))).isEmpty();
        assertThat(state.allocationCount(peer(99))).isZero();
        // an allocation turned into "everywhere" and back
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(), null)));
        assertThat(state.allocationsOf(A)).containsExactly(cid(2));
        assertThat(state.allocatedTo(B)).containsExactlyElementsOf(sorted(cid(1), cid(2), cid(3)));
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(B), null)));
        assertThat(state.allocatedTo(A)).containsExactlyElementsOf(sorted(cid(2), cid(3)));
        state.apply(new PinOp.RemovePin(cid(2)));
        assertThat(state.allocationsOf(A)).isEmpty();
        assertThat(state.allocationCount(B)).isEqualTo(1);
        // a snapshot replaces the index with the pinset
        state.replaceAll(List.of(pin(cid(7), "", Map.of(), List.of(A), null)).iterator(), 10);
        assertThat(state.allocationsOf(A)).containsExactly(cid(7));
        assertThat(state.allocationsOf(B)).isEmpty();
        assertThat(state.allocatedTo(B)).isEmpty();
    }

    @Test
    void typeQueriesFindDataPinsWithoutATypeIndexAndFollowTypeChanges() {
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), null)));
        state.apply(new PinOp.AddPin(typed(cid(2), PinType.META)));
        state.apply(new PinOp.AddPin(typed(cid(3), PinType.SHARD)));
        assertThat(state.query(byTypes(PinType.DATA)).map(Pin::cid)).containsExactly(cid(1));
        assertThat(state.query(byTypes(PinType.META)).map(Pin::cid)).containsExactly(cid(2));
        assertThat(state.query(byTypes(PinType.META, PinType.SHARD)).map(Pin::cid))
                .containsExactlyElementsOf(sorted(cid(2), cid(3)));
        assertThat(state.query(byTypes(PinType.DATA, PinType.SHARD)).map(Pin::cid))
                .containsExactlyElementsOf(sorted(cid(1), cid(3)));
        state.apply(new PinOp.AddPin(pin(cid(2), "", Map.of(), List.of(A), null)));
        state.apply(new PinOp.AddPin(typed(cid(1), PinType.SHARD)));
        assertThat(state.query(byTypes(PinType.META))).isEmpty();
        assertThat(state.query(byTypes(PinType.SHARD)).map(Pin::cid))
                .containsExactlyElementsOf(sorted(cid(1), cid(3)));
        assertThat(state.query(byTypes(PinType.DATA)).map(Pin::cid)).containsExactly(cid(2));
    }

    @Test
    void pinsThatSayTheSameThingShareTheirOptionsAndAllocations() {
        // as decoded from the log: every pin brings its own options, metadata map and allocation list
        for (int i = 0; i < 4; i++) {
            PinOptions o = new PinOptions(2, 3, "", PinMode.RECURSIVE, 0, new ArrayList<>(), null,
                    new java.util.TreeMap<>(), null, new ArrayList<>());
            List<PeerId> allocations = new ArrayList<>(List.of(PeerId.parse(A.value()), PeerId.parse(B.value())));
            state.apply(new PinOp.AddPin(new Pin(cid(i), o, PinType.DATA, allocations, null, T0)));
        }
        List<Pin> snapshot = new ArrayList<>(state.copyPins());
        snapshot.add(pin(cid(4), "", Map.of(), List.of(PeerId.parse(A.value()), PeerId.parse(B.value())), null));
        state.replaceAll(snapshot.iterator(), 7);
        state.apply(new PinOp.AddPin(pin(cid(5), "named", Map.of(), List.of(A, B), null)));
        state.apply(new PinOp.AddPin(pin(cid(6), "named", Map.of(), List.of(A, B), null)));
        state.apply(new PinOp.AddPin(new Pin(cid(7), pin(cid(7), "", Map.of(), List.of(), null).options(),
                PinType.DATA, List.of(), null, T0)));
        state.apply(new PinOp.AddPin(new Pin(cid(0), new PinOptions(2, 3, "", PinMode.RECURSIVE, 0, List.of(), null,
                Map.of(), null, List.of()), PinType.DATA, List.of(B, A), null, T0)));

        Pin p1 = state.get(cid(1)).orElseThrow();
        Pin p2 = state.get(cid(2)).orElseThrow();
        assertThat(p1.options()).isSameAs(p2.options());
        assertThat(p1.options().metadata()).isSameAs(Map.of());
        assertThat(p1.allocations()).isSameAs(p2.allocations()).containsExactly(A, B);
        assertThat(state.get(cid(4)).orElseThrow().allocations()).isSameAs(p1.allocations());
        assertThat(state.get(cid(5)).orElseThrow().allocations()).isSameAs(p1.allocations());
        assertThat(state.get(cid(0)).orElseThrow().allocations()).as("order is part of an allocation list")
                .containsExactly(B, A).isNotSameAs(p1.allocations());
        assertThat(state.get(cid(0)).orElseThrow().allocations().get(0))
                .isSameAs(p1.allocations().get(1));
        assertThat(state.get(cid(5)).orElseThrow().options()).as("named options are not kept in the interner")
                .isNotSameAs(state.get(cid(6)).orElseThrow().options())
                .isEqualTo(state.get(cid(6)).orElseThrow().options());
        assertThat(state.get(cid(7)).orElseThrow().allocations()).isEmpty();
        assertThat(state.allocatedTo(B)).containsExactlyElementsOf(sorted(cid(0), cid(1), cid(2), cid(3), cid(4),
                cid(5), cid(6), cid(7)));
    }

    @Test
    void expiryIndexReturnsOnlyDuePins() {
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), T0.plusSeconds(10))));
        state.apply(new PinOp.AddPin(pin(cid(2), "", Map.of(), List.of(A), T0.plusSeconds(20))));
        state.apply(new PinOp.AddPin(pin(cid(3), "", Map.of(), List.of(A), null)));
        assertThat(state.expiredAt(T0.plusSeconds(5))).isEmpty();
        assertThat(state.expiredAt(T0.plusSeconds(10)).map(Pin::cid)).containsExactly(cid(1));
        state.apply(new PinOp.AddPin(pin(cid(1), "", Map.of(), List.of(A), null)));
        assertThat(state.expiredAt(T0.plusSeconds(30)).map(Pin::cid)).containsExactly(cid(2));
    }

    @Test
    void listenersSeeEveryChangeAndSnapshotReplacementAsADiff() {
        List<String> events = new ArrayList<>();
        state.addListener((before, after) -> events.add((before == null ? "-" : before.options().name()) + ">"
                + (after == null ? "-" : after.options().name())));
        state.addListener((before, after) -> {
            throw new IllegalStateException("a broken listener must not stop the others");
        });
        state.apply(new PinOp.AddPin(pin(cid(1), "a", Map.of(), List.of(A), null)));
        state.apply(new PinOp.AddPin(pin(cid(2), "b", Map.of(), List.of(A), null)));
        state.apply(new PinOp.RemovePin(cid(9)));
        state.replaceAll(List.of(pin(cid(2), "b", Map.of(), List.of(A), null),
                pin(cid(3), "c", Map.of(), List.of(A), null)).iterator(), 42);
        assertThat(events).containsExactly("->a", "->b", "a>-", "->c");
        assertThat(state.appliedIndex()).isEqualTo(42);
        assertThat(state.pinsAfter(null).map(Pin::cid)).containsExactlyElementsOf(sorted(cid(2), cid(3)));
        assertThat(state.query(byName("a", false, null, 0))).isEmpty();
    }

    private static Pin typed(Cid cid, PinType type) {
        Pin p = pin(cid, "", Map.of(), List.of(A), null);
        return new Pin(cid, p.options(), type, p.allocations(), null, T0);
    }

    private static AllocationQuery byTypes(PinType... types) {
        return new AllocationQuery(Set.of(types), null, false, null, null, null, 0);
    }

    private static List<Cid> sorted(Cid... cids) {
        List<Cid> l = new ArrayList<>(List.of(cids));
        l.sort(null);
        return l;
    }
}
