package io.pincluster.service.holders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.HoldersReply;
import io.pincluster.core.component.HoldingsReply;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The leader's registry: reports in sequence, resyncs, full reports in pages, leadership terms, the release rule. */
class HolderRegistryTest {
    private static final PeerId A = PeerIdentity.generate().peerId();
    private static final PeerId B = PeerIdentity.generate().peerId();
    private static final PeerId C = PeerIdentity.generate().peerId();
    private static final PeerId X = PeerIdentity.generate().peerId();

    private final PinSetState pinset = new PinSetState();
    private final Set<PeerId> down = new HashSet<>();
    private final AtomicLong term = new AtomicLong(5);
    private final HolderRegistry registry = new HolderRegistry(pinset, p -> !down.contains(p), term::get,
            Duration.ZERO);

    private static Cid cid(String name) {
        return Cid.v1(Codec.RAW, Multihash.sha256(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static HoldingsReport full(PeerId peer, long epoch, long seq, List<Cid> held) {
        return new HoldingsReport(peer, epoch, seq, true, true, held, List.of(), List.of(), 0);
    }

    private static HoldingsReport delta(PeerId peer, long epoch, long seq, List<Cid> added, List<Cid> removed) {
        return new HoldingsReport(peer, epoch, seq, false, false, added, removed, List.of(), 0);
    }

    private static HoldingsReport awaiting(PeerId peer, long epoch, long seq, List<Cid> cids) {
        return new HoldingsReport(peer, epoch, seq, false, false, List.of(), List.of(), cids, cids.size());
    }

    private void pin(Cid cid, int min, int max, PeerId... allocations) {
        pinset.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(min, max), PinType.DATA,
                List.of(allocations), null, Instant.EPOCH)));
    }

    @Test
    void deltasInSequenceAddAndRemove() {
        Cid one = cid("one");
        Cid two = cid("two");
        assertThat(registry.report(full(A, 7, 1, List.of(one))).resync()).isFalse();

        assertThat(registry.report(delta(A, 7, 2, List.of(two), List.of()))).isEqualTo(
                new HoldingsReply(false, false, List.of()));
        assertThat(registry.report(delta(A, 7, 3, List.of(), List.of(one))).resync()).isFalse();

        assertThat(registry.holds(A, one)).isFalse();
        assertThat(registry.holds(A, two)).isTrue();
        assertThat(registry.holds(B, two)).isFalse();
        assertThat(registry.hasFullReport(A)).isTrue();
        assertThat(registry.heldCount(A)).isEqualTo(1);
    }

    @Test
    void aGapInTheSequenceAsksForAResyncAndAppliesNothing() {
        Cid one = cid("one");
        registry.report(full(A, 7, 1, List.of()));

        HoldingsReply reply = registry.report(delta(A, 7, 3, List.of(one), List.of()));

        assertThat(reply.resync()).isTrue();
        assertThat(registry.holds(A, one)).isFalse();
        // the same number twice (a report sent again after a lost answer) is a gap too
        assertThat(registry.report(delta(A, 7, 2, List.of(one), List.of())).resync()).isFalse();
        assertThat(registry.report(delta(A, 7, 2, List.of(), List.of(one))).resync()).isTrue();
        assertThat(registry.holds(A, one)).isTrue();
    }

    @Test
    void anotherEpochAsksForAResyncUntilAFullReportArrives() {
        Cid old = cid("old");
        Cid fresh = cid("fresh");
        registry.report(full(A, 7, 1, List.of(old)));

        // the peer restarted: a new epoch, numbering from scratch
        assertThat(registry.report(delta(A, 8, 1, List.of(fresh), List.of())).resync()).isTrue();
        assertThat(registry.holds(A, fresh)).isFalse();

        assertThat(registry.report(full(A, 8, 2, List.of(fresh))).resync()).isFalse();
        assertThat(registry.holds(A, old)).isFalse(); // a full report replaces what was known
        assertThat(registry.holds(A, fresh)).isTrue();
        assertThat(registry.report(delta(A, 8, 3, List.of(), List.of())).resync()).isFalse();
    }

    @Test
    void aPeerNeverHeardOfIsAskedForAFullReport() {
        assertThat(registry.report(delta(B, 1, 1, List.of(cid("x")), List.of())).resync()).isTrue();
        assertThat(registry.holds(B, cid("x"))).isFalse();
        assertThat(registry.hasFullReport(B)).isFalse();
    }

    @Test
    void aFullReportInPagesIsCompleteOnlyAfterItsLastPage() {
        List<Cid> cids = IntStream.range(0, 5).mapToObj(i -> cid("c" + i)).toList();
        registry.report(new HoldingsReport(A, 3, 10, true, false, cids.subList(0, 2), List.of(), List.of(), 0));
        assertThat(registry.hasFullReport(A)).isFalse();
        assertThat(registry.holds(A, cids.get(1))).isTrue();

        registry.report(new HoldingsReport(A, 3, 11, false, false, cids.subList(2, 4), List.of(), List.of(), 0));
        assertThat(registry.hasFullReport(A)).isFalse();
        registry.report(new HoldingsReport(A, 3, 12, false, true, cids.subList(4, 5), List.of(), List.of(), 0));

        assertThat(registry.hasFullReport(A)).isTrue();
        assertThat(cids).allMatch(c -> registry.holds(A, c));
        assertThat(registry.heldCount(A)).isEqualTo(5);

        // a lost page: the report restarts, and is incomplete again until its last page
        registry.report(new HoldingsReport(A, 3, 13, true, false, cids.subList(0, 1), List.of(), List.of(), 0));
        assertThat(registry.hasFullReport(A)).isFalse();
        assertThat(registry.heldCount(A)).isEqualTo(1);
        assertThat(registry.report(new HoldingsReport(A, 3, 15, false, true, cids.subList(1, 5), List.of(),
                List.of(), 0)).resync()).isTrue();
        assertThat(registry.hasFullReport(A)).isFalse();
    }

    @Test
    void aNewLeadershipTermStartsEmptyAndAsksEveryoneToResync() {
        Cid one = cid("one");
        registry.report(full(A, 7, 1, List.of(one)));
        assertThat(registry.holds(A, one)).isTrue();

        term.set(-1); // another peer leads
        assertThat(registry.holds(A, one)).isFalse();
        assertThat(registry.hasFullReport(A)).isFalse();
        assertThat(registry.report(delta(A, 7, 2, List.of(), List.of()))).isEqualTo(
                HoldingsReply.notLeaderReply());

        term.set(9); // this peer leads again, in a later term: what it knew is stale
        assertThat(registry.holds(A, one)).isFalse();
        assertThat(registry.report(delta(A, 7, 3, List.of(), List.of())).resync()).isTrue();
        assertThat(registry.report(full(A, 7, 4, List.of(one))).resync()).isFalse();
        assertThat(registry.holds(A, one)).isTrue();
        assertThat(registry.hasFullReport(A)).isTrue();
    }

    @Test
    void queriesShareOneLeadershipReadingPerIntervalAndReportsAlwaysReadAfresh() {
        AtomicInteger reads = new AtomicInteger();
        HolderRegistry cached = new HolderRegistry(pinset, p -> true, () -> {
            reads.incrementAndGet();
            return term.get();
        }, Duration.ofHours(1));
        Cid one = cid("one");
        cached.report(full(A, 7, 1, List.of(one)));
        assertThat(reads.get()).isEqualTo(1);

        for (int i = 0; i < 1000; i++) {
            assertThat(cached.holds(A, one)).isTrue();
        }
        assertThat(reads.get()).isEqualTo(1);

        term.set(-1);
        assertThat(cached.report(delta(A, 7, 2, List.of(), List.of())).notLeader()).isTrue();
        assertThat(reads.get()).isEqualTo(2);
        assertThat(cached.holds(A, one)).isFalse(); // the report's fresh reading is what queries use next
    }

    @Test
    void findHoldersNamesTheReportedHoldersAndIsCompleteOnlyOnceEveryLiveMemberReportedInFull() {
        Set<PeerId> members = Set.of(A, B, C);
        HolderRegistry leader = new HolderRegistry(pinset, p -> !down.contains(p), term::get, () -> members,
                Duration.ZERO);
        Cid one = cid("one");
        Cid two = cid("two");
        List<Cid> asked = List.of(one, two);

        // Leading, but no report of this term yet: nothing is known, nothing is claimed absent.
        assertThat(leader.findHolders(asked)).isEqualTo(new HoldersReply(true, false, false,
                List.of(List.of(), List.of())));

        leader.report(full(A, 7, 1, List.of(one)));
        leader.report(full(B, 8, 1, List.of(one)));
        HoldersReply partial = leader.findHolders(asked);
        assertThat(partial.complete()).as("C, live, has not reported").isFalse();
        assertThat(partial.holders().get(0)).containsExactlyInAnyOrder(A, B);
        assertThat(partial.holders().get(1)).isEmpty();

        down.add(C); // a peer that is down holds nothing anyone could fetch
        assertThat(leader.findHolders(asked).complete()).isTrue();
        down.clear();
        // C reports (in two pages): complete only once its last page arrived
        leader.report(new HoldingsReport(C, 9, 1, true, false, List.of(), List.of(), List.of(), 0));
        assertThat(leader.findHolders(asked).complete()).isFalse();
        leader.report(new HoldingsReport(C, 9, 2, false, true, List.of(two), List.of(), List.of(), 0));
        HoldersReply full = leader.findHolders(asked);
        assertThat(full.complete()).isTrue();
        assertThat(full.holders().get(1)).containsExactly(C);
        assertThat(leader.findHolders(List.of(cid("nobody's"))).holders()).containsExactly(List.of());

        term.set(-1);
        assertThat(leader.findHolders(asked)).isEqualTo(HoldersReply.notLeaderReply());
        term.set(6); // a new term: the view is rebuilt from the peers' reports, so nothing is known
        HoldersReply rebuilding = leader.findHolders(asked);
        assertThat(rebuilding.complete()).isFalse();
        assertThat(rebuilding.holders()).containsExactly(List.of(), List.of());
    }

    @Test
    void findHoldersNamesLiveHoldersBeforeOnesThatAreDownWhateverTheOrderTheyReportedIn() {
        Set<PeerId> members = Set.of(A, B, C);
        HolderRegistry leader = new HolderRegistry(pinset, p -> !down.contains(p), term::get, () -> members,
                Duration.ZERO);
        Cid one = cid("one");
        for (PeerId peer : List.of(A, B, C)) {
            leader.report(full(peer, 7, 1, List.of(one)));
        }
        // The asker tries holders in this order and waits out each one's deadline: a frozen holder first stalled
        // every fetch of the pins it held (FrozenPeerRepairIT).
        for (PeerId frozen : List.of(A, B, C)) {
            down.clear();
            down.add(frozen);
            List<PeerId> named = leader.findHolders(List.of(one)).holders().get(0);
            assertThat(named).as("%s is down", frozen).containsExactlyInAnyOrder(A, B, C).endsWith(frozen);
        }
    }

    @Test
    void findHoldersRefusesTooManyCidsAndAnswersIncompleteWithoutMembers() {
        assertThatThrownBy(() -> registry.findHolders(java.util.Collections.nCopies(
                HolderRegistry.MAX_CIDS_PER_QUESTION + 1, cid("x"))))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        registry.report(full(A, 7, 1, List.of()));
        assertThat(registry.findHolders(List.of(cid("x"))).complete()).as("members unknown: never complete")
                .isFalse();
    }

    @Test
    void awaitingReleaseIsTheLastReportedTotal() {
        registry.report(full(X, 1, 1, List.of()));
        registry.report(new HoldingsReport(X, 1, 2, false, false, List.of(), List.of(), List.of(cid("a")), 40));
        assertThat(registry.awaitingRelease(X)).isEqualTo(40);
        registry.report(new HoldingsReport(X, 1, 3, false, false, List.of(), List.of(), List.of(), 0));
        assertThat(registry.awaitingRelease(X)).isZero();
        assertThat(registry.awaitingRelease(A)).isZero();
    }

    @Test
    void aCopyOfAPinThatIsGoneIsReleasable() {
        Cid gone = cid("gone");
        registry.report(full(X, 1, 1, List.of(gone)));
        assertThat(registry.report(awaiting(X, 1, 2, List.of(gone))).releasable()).containsExactly(gone);
    }

    @Test
    void aCopyAllocatedToItsHolderAgainOrPinnedEverywhereIsNeverReleasable() {
        Cid back = cid("back");
        Cid everywhere = cid("everywhere");
        pin(back, 1, 2, A, X);
        pinset.apply(new PinOp.AddPin(new Pin(everywhere, PinOptions.DEFAULTS.withReplication(-1, -1),
                PinType.DATA, List.of(), null, Instant.EPOCH)));
        registry.report(full(A, 1, 1, List.of(back, everywhere)));
        registry.report(full(X, 1, 1, List.of(back, everywhere)));

        assertThat(registry.report(awaiting(X, 1, 2, List.of(back, everywhere))).releasable()).isEmpty();
    }

    @Test
    void aMovedCopyIsReleasableOnlyOnceEveryLiveAllocatedPeerConfirmedIt() {
        Cid moved = cid("moved");
        pin(moved, 2, 2, A, B);
        registry.report(full(X, 1, 1, List.of(moved)));
        registry.report(full(A, 1, 1, List.of(moved)));
        registry.report(full(B, 1, 1, List.of()));

        assertThat(registry.report(awaiting(X, 1, 2, List.of(moved))).releasable()).isEmpty();

        registry.report(delta(B, 1, 2, List.of(moved), List.of()));
        assertThat(registry.report(awaiting(X, 1, 3, List.of(moved))).releasable()).containsExactly(moved);
    }

    @Test
    void aDownAllocatedPeerDoesNotBlockButDoesNotCountTowardsTheMinimum() {
        Cid moved = cid("moved");
        pin(moved, 1, 3, A, B, C);
        registry.report(full(A, 1, 1, List.of(moved)));
        registry.report(full(X, 1, 1, List.of(moved)));
        down.add(B);
        down.add(C);

        // min 1: A alone is enough while B and C are down
        assertThat(registry.report(awaiting(X, 1, 2, List.of(moved))).releasable()).containsExactly(moved);

        // min 2: one live confirmed holder is not enough
        pin(moved, 2, 3, A, B, C);
        assertThat(registry.report(awaiting(X, 1, 3, List.of(moved))).releasable()).isEmpty();

        // B is back but has not confirmed: it blocks
        down.remove(B);
        assertThat(registry.report(awaiting(X, 1, 4, List.of(moved))).releasable()).isEmpty();
        registry.report(full(B, 1, 1, List.of(moved)));
        assertThat(registry.report(awaiting(X, 1, 5, List.of(moved))).releasable()).containsExactly(moved);
    }

    @Test
    void theMinimumIsCappedByTheNumberOfAllocationsAndTheLastCopyIsNeverReleased() {
        Cid fewer = cid("fewer");
        Cid nowhere = cid("nowhere");
        pin(fewer, 3, 3, A); // fewer allocations than the minimum: all of them are enough
        pin(nowhere, 1, 1); // no allocation at all: the holder keeps the only copy
        registry.report(full(A, 1, 1, List.of(fewer)));
        registry.report(full(X, 1, 1, List.of(fewer, nowhere)));

        assertThat(registry.report(awaiting(X, 1, 2, List.of(fewer, nowhere))).releasable()).containsExactly(fewer);

        down.add(A); // every allocated peer down: nothing confirmed live
        assertThat(registry.report(awaiting(X, 1, 3, List.of(fewer))).releasable()).isEmpty();
    }

    @Test
    void heldCidsAreThePinsetsOwnInstances() {
        Cid inPinset = cid("shared");
        pin(inPinset, 1, 1, A);
        Cid reported = Cid.decode(inPinset.bytes());
        assertThat(reported).isEqualTo(inPinset).isNotSameAs(pinset.get(inPinset).orElseThrow().cid());

        registry.report(full(A, 1, 1, List.of(reported)));

        assertThat(registry.holds(A, inPinset)).isTrue();
        assertThat(registry.storedInstance(A, inPinset)).isSameAs(pinset.get(inPinset).orElseThrow().cid());
    }

    @Test
    void aNewlyConfirmedCopyIsPassedOnToTheOtherAllocatedPeersThatLackIt() {
        Cid shared = cid("shared");
        Cid alone = cid("alone");
        pin(shared, 3, 3, A, B, C);
        pin(alone, 1, 1, A);
        registry.report(full(C, 3, 1, List.of(shared))); // C has its copy already (and A, B are not known yet)
        registry.report(full(A, 1, 1, List.of()));
        registry.report(full(B, 2, 1, List.of()));

        assertThat(registry.report(delta(A, 1, 2, List.of(shared, alone), List.of())).holderAppeared())
                .as("the reporter itself is told nothing").isEmpty();

        HoldingsReply toB = registry.report(delta(B, 2, 2, List.of(), List.of()));
        assertThat(toB.holderAppeared()).containsExactly(shared);
        assertThat(toB.recheckWaiting()).isFalse();
        assertThat(registry.report(delta(C, 3, 2, List.of(), List.of())).holderAppeared())
                .as("C holds it: nothing to wake").isEmpty();
        assertThat(registry.report(delta(B, 2, 3, List.of(), List.of())).holderAppeared())
                .as("told once").isEmpty();
    }

    @Test
    void aFullReportIsPassedOnOnlyToPeersKnownToLackTheCopy() {
        Cid one = cid("one");
        Cid two = cid("two");
        pin(one, 2, 2, A, B);
        pin(two, 2, 2, A, C);
        registry.report(full(B, 2, 1, List.of()));
        registry.report(full(C, 3, 1, List.of(two)));

        // A restarted: its full report lists old copies too. B's full report says B lacks one; C holds two.
        registry.report(full(A, 9, 1, List.of(one, two)));
        assertThat(registry.report(delta(B, 2, 2, List.of(), List.of())).holderAppeared()).containsExactly(one);
        assertThat(registry.report(delta(C, 3, 2, List.of(), List.of())).holderAppeared()).isEmpty();
    }

    @Test
    void aPeerWhoseFullReportComesLastLearnsWhatOthersHoldOfItsAllocations() {
        Cid one = cid("one");
        Cid held = cid("held");
        Cid nobody = cid("nobody");
        pin(one, 2, 2, A, B);
        pin(held, 2, 2, A, B);
        pin(nobody, 2, 2, A, B);

        // A new leader (the old one's pending notices died with its term): A reports before B.
        registry.report(full(A, 1, 1, List.of(one, held)));
        HoldingsReply firstFromB = registry.report(full(B, 2, 1, List.of(held)));
        assertThat(firstFromB.holderAppeared()).as("what B lacks and A holds").containsExactly(one);
        assertThat(registry.report(delta(B, 2, 2, List.of(), List.of())).holderAppeared()).as("told once")
                .isEmpty();
    }

    @Test
    void aFullReportInPagesLearnsWhatOthersHoldOnlyWhenItIsComplete() {
        Cid one = cid("one");
        pin(one, 2, 2, A, B);
        registry.report(full(A, 1, 1, List.of(one)));

        HoldingsReply firstPage = registry.report(new HoldingsReport(B, 2, 1, true, false, List.of(), List.of(),
                List.of(), 0));
        assertThat(firstPage.holderAppeared()).as("a later page may still list it").isEmpty();
        HoldingsReply lastPage = registry.report(new HoldingsReport(B, 2, 2, false, true, List.of(), List.of(),
                List.of(), 0));
        assertThat(lastPage.holderAppeared()).containsExactly(one);
    }

    @Test
    void tooManyNewHoldersForOnePeerTellItToReCheckEverything() {
        registry.report(full(B, 2, 1, List.of()));
        List<Cid> many = IntStream.range(0, HolderRegistry.MAX_PENDING_NOTICES + 1).mapToObj(i -> cid("n" + i))
                .toList();
        many.forEach(c -> pin(c, 2, 2, A, B));

        registry.report(full(A, 1, 1, List.of()));
        registry.report(delta(A, 1, 2, many, List.of()));

        HoldingsReply toB = registry.report(delta(B, 2, 2, List.of(), List.of()));
        assertThat(toB.recheckWaiting()).isTrue();
        assertThat(toB.holderAppeared()).isEmpty();
        HoldingsReply next = registry.report(delta(B, 2, 3, List.of(), List.of()));
        assertThat(next.recheckWaiting()).isFalse();
    }
}
