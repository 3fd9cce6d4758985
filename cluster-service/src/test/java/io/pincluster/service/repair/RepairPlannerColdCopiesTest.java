package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetState;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.health.PeerHealth;
import io.pincluster.service.health.PeerState;
import io.pincluster.service.holders.ConfirmedHolders;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * The repair planner with {@code cold.archive_counts_as_copy} (decision 0024), on a manual clock with real failure
 * detection: three peers, one of them down past the grace. A pin with replication min 2, one live copy and an archive
 * is at its minimum when the archive counts (not re-allocated, not under-replicated), and below it when it does not;
 * a pin with no live copy is repaired either way (a pin keeps one hot copy); a drained peer's pins move regardless;
 * and a pin whose hot copies were dropped is not topped up. Also where lost starts: a suspect holder's copy is no live
 * copy, but its pin is repaired, not lost (lost is every holder down); and how a pass submits: two seconds' worth of
 * the rate after a quiet time, handed to the log in one call.
 */
class RepairPlannerColdCopiesTest {
    private static final Instant T0 = Instant.parse("2026-12-05T00:00:00Z");
    private static final PeerId SELF = peer("a");
    private static final PeerId B = peer("b");
    private static final PeerId C = peer("c");

    private final ManualClock clock = new ManualClock(T0);
    private final List<PeerId> members = new CopyOnWriteArrayList<>(List.of(SELF, B, C));
    private final PeerMonitor monitor = new PeerMonitor(clock, () -> members);
    private final PeerHealth health = new PeerHealth(SELF, monitor, () -> members, Duration.ofSeconds(1),
            Duration.ofSeconds(5), clock);
    private final PinSetState state = new PinSetState();
    private final FakePinset pinset = new FakePinset();
    private final Map<PeerId, Set<Cid>> held = new HashMap<>();
    private final Set<Cid> archived = new HashSet<>();
    private final List<PeerRecord> directory = new CopyOnWriteArrayList<>();

    private static PeerId peer(String name) {
        return PeerId.ofPublicKeyProto(("cold-copies-" + name).getBytes(StandardCharsets.UTF_8));
    }

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("cold-copies-pin" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private RepairPlanner planner(boolean archiveCountsAsCopy) {
        return new RepairPlanner(SELF, new FakeMembership(), pinset, health, new FakeHolders(),
                new RepairPlanner.Settings(true, Duration.ZERO, 100, false, 0, Duration.ZERO), clock,
                new MoveLog(100), p -> "", new RepairPlanner.Options(null, archived::contains, archiveCountsAsCopy));
    }

    private Cid pin(int n, int min, List<PeerId> allocations, boolean archive) {
        Cid cid = cid(n);
        state.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(min, 3), PinType.DATA,
                allocations, null, T0)));
        for (PeerId p : allocations) {
            held.computeIfAbsent(p, k -> new HashSet<>()).add(cid);
        }
        if (archive) {
            archived.add(cid);
        }
        return cid;
    }

    /** B keeps pinging, C falls silent for longer than peer_down_after: C is down, and past the (zero) grace. */
    private void cDown() {
        ping(B);
        ping(C);
        clock.advance(Duration.ofSeconds(3));
        ping(B);
        clock.advance(Duration.ofSeconds(3));
        ping(B);
        health.check();
        assertThat(health.downPeers()).containsExactly(C);
    }

    private void ping(PeerId peer) {
        monitor.accept(List.of(new Metric(MetricNames.PING, peer, "", 0, false, clock.instant().plusSeconds(3),
                null)));
    }

    @Test
    void withTheSettingOnAPinAtItsMinimumCountingTheArchiveIsNotRepairedNorUnderReplicated() {
        Cid atMin = pin(1, 2, List.of(B, C), true);
        Cid notArchived = pin(2, 2, List.of(B, C), false);
        cDown();

        RepairSummary summary = planner(true).pass();

        assertThat(pinset.reallocated).as("only the pin without an archive moves").containsExactly(notArchived);
        assertThat(summary.underReplicated()).as("the archived one is at its minimum").isEqualTo(1);
        assertThat(pinset.reallocated).doesNotContain(atMin);
    }

    @Test
    void withTheSettingOffTheSamePinIsRepaired() {
        Cid atMin = pin(1, 2, List.of(B, C), true);
        cDown();

        RepairSummary summary = planner(false).pass();

        assertThat(pinset.reallocated).containsExactly(atMin);
        assertThat(summary.underReplicated()).isEqualTo(1);
    }

    @Test
    void theArchiveCountsOnlyOnceAndOnlyNextToALiveHotCopy() {
        Cid needsTwoMore = pin(1, 3, List.of(B, C, SELF), true); // live 2 (B, self) + archive = 3: at min
        Cid onlyCold = pin(2, 1, List.of(C), true); // no live copy: cold, restored, not counted as at min
        Cid shortByOne = pin(3, 3, List.of(B, C), true); // live 1 + archive = 2 < 3
        cDown();

        RepairSummary summary = planner(true).pass();

        assertThat(pinset.reallocated).containsExactlyInAnyOrder(onlyCold, shortByOne);
        assertThat(summary.cold()).isEqualTo(1);
        assertThat(summary.underReplicated()).as("the only-cold pin and the one short by a copy").isEqualTo(2);
    }

    @Test
    void aPinWhoseOtherHolderIsOnlySuspectIsRepairedNotLostAndOneWithEveryHolderDownIsLost() {
        Cid onSuspect = pin(1, 2, List.of(B, C), false);
        Cid onDownOnly = pin(2, 1, List.of(C), false);
        cDown();
        clock.advance(Duration.ofSeconds(2)); // B misses its pings: suspect after 1 s, down after 5 s
        health.check();
        assertThat(health.state(B)).isEqualTo(PeerState.SUSPECT);

        RepairSummary summary = planner(false).pass();

        assertThat(pinset.reallocated).as("B's copy can still be fetched: repaired off C").containsExactly(onSuspect);
        assertThat(summary.lost()).as("only the pin held by C alone").isEqualTo(1);
        assertThat(summary.lostSample()).containsExactly(onDownOnly);
    }

    @Test
    void aDrainedPeersPinsMoveEvenWhenTheArchiveWouldCount() {
        Cid onDrained = pin(1, 2, List.of(B, SELF), true);
        directory.add(new PeerRecord(B, "b", "", "", false, PeerRecord.Drain.DRAIN, null));
        ping(B);
        ping(C);
        health.check();

        planner(true).pass();

        assertThat(pinset.reallocated).containsExactly(onDrained);
    }

    @Test
    void aRepairAfterAQuietTimeHandsTwoSecondsWorthToTheLogInOneCallThenWaitsForThem() {
        for (int n = 0; n < 250; n++) {
            pin(n, 1, List.of(B, C), false);
        }
        RepairPlanner planner = planner(false); // 100 re-allocations a second
        cDown();

        RepairSummary first = planner.pass();

        assertThat(pinset.handedOver).containsExactly(200);
        assertThat(first.inFlight()).isEqualTo(200);
        assertThat(first.queued()).isEqualTo(50);
        clock.advance(Duration.ofSeconds(1));
        planner.pass(); // none of the 200 came back: two seconds' worth wait already
        assertThat(pinset.handedOver).containsExactly(200);
        assertThat(pinset.reallocated).hasSize(200).doesNotHaveDuplicates();
    }

    @Test
    void aPinWhoseHotCopiesWereDroppedIsNotToppedUp() {
        Cid dropped = pin(1, 2, List.of(), true);
        Cid placedShort = pin(2, 1, List.of(B), false);
        ping(B);
        ping(C);
        health.check();
        RepairPlanner planner = new RepairPlanner(SELF, new FakeMembership(), pinset, health, new FakeHolders(),
                new RepairPlanner.Settings(true, Duration.ZERO, 100, true, 0, Duration.ZERO), clock,
                new MoveLog(100), p -> "", new RepairPlanner.Options(null, archived::contains, true));

        planner.pass();

        assertThat(pinset.reallocated).as("the top-up sweep").contains(placedShort).doesNotContain(dropped);
    }

    private final class FakePinset implements ReplicatedPinset {
        final List<Cid> reallocated = new CopyOnWriteArrayList<>();
        final List<Integer> handedOver = new CopyOnWriteArrayList<>(); // moves per reallocateAllAsync call

        @Override
        public List<CompletableFuture<Pin>> reallocateAllAsync(List<Reallocation> moves) {
            handedOver.add(moves.size());
            return ReplicatedPinset.super.reallocateAllAsync(moves);
        }

        @Override
        public PinSetView state() {
            return state;
        }

        @Override
        public CompletableFuture<Pin> pinAsync(Cid cid, PinOptions options) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Pin> unpinAsync(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public CompletableFuture<Pin> reallocateAsync(Cid cid, Set<PeerId> leaving, boolean topUp) {
            reallocated.add(cid);
            return new CompletableFuture<>(); // in flight for the rest of the test
        }

        @Override
        public void addListener(PinSetListener listener) {
        }

        @Override
        public int expireDue() {
            return 0;
        }
    }

    private final class FakeMembership implements ClusterMembership {
        @Override
        public PeerInfo.RaftInfo raftInfo() {
            return new PeerInfo.RaftInfo("leader", 1, 1, 1, 0, SELF);
        }

        @Override
        public List<PeerId> peers() {
            return members;
        }

        @Override
        public List<PeerId> voters() {
            return members;
        }

        @Override
        public Optional<PeerId> leader() {
            return Optional.of(SELF);
        }

        @Override
        public void addPeer(PeerId peer, String raftAddress) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removePeer(PeerId peer) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void leave() {
            throw new UnsupportedOperationException();
        }

        @Override
        public boolean isRemoved() {
            return false;
        }

        @Override
        public void register(PeerRecord record) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<PeerRecord> directory() {
            return directory;
        }
    }

    private final class FakeHolders implements ConfirmedHolders {
        @Override
        public boolean holds(PeerId peer, Cid cid) {
            return held.getOrDefault(peer, Set.of()).contains(cid);
        }

        @Override
        public boolean hasFullReport(PeerId peer) {
            return true;
        }

        @Override
        public int awaitingRelease(PeerId peer) {
            return 0;
        }
    }
}
