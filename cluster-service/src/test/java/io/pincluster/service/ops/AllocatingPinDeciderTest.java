package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.allocator.AllocatorConfig;
import io.pincluster.allocator.BalancedAllocator;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The leader's decisions from real monitor contents: options checks, zones, expiry, sizes, pending bytes. */
class AllocatingPinDeciderTest {
    private static final Cid CID = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    private static final List<PeerId> PEERS = Stream.generate(() -> PeerIdentity.generate().peerId()).limit(4)
            .sorted().toList();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration TTL = Duration.ofSeconds(15);
    private static final long GB = 1_000_000_000L;

    private final ManualClock clock = new ManualClock(NOW);
    private final List<PeerId> members = new CopyOnWriteArrayList<>(PEERS);
    private final PeerMonitor monitor = new PeerMonitor(clock, () -> members);
    private final Map<Cid, Long> sizes = new HashMap<>();

    /** Peer i in zone "z(i % zones)" with {@code free[i]} bytes free, valid for one TTL from the clock's now. */
    private void publish(int zones, long... free) {
        for (int i = 0; i < PEERS.size(); i++) {
            Instant expire = clock.instant().plus(TTL);
            monitor.accept(List.of(Metric.tag(PEERS.get(i), "zone", "z" + (i % zones), expire),
                    Metric.freeSpace(PEERS.get(i), free[i], expire)));
        }
    }

    private AllocatingPinDecider decider(int defMin, int defMax, long reserve) {
        return new AllocatingPinDecider(defMin, defMax, () -> members,
                new BalancedAllocator(AllocatorConfig.DEFAULT.withReserveBytes(reserve)), monitor,
                cid -> sizes.getOrDefault(cid, DagSizes.UNKNOWN), new PendingAllocations(TTL), 1000);
    }

    private Pin decide(int defMin, int defMax, PinOptions options, Pin existing) {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        return decider(defMin, defMax, 0).decide(CID, options, existing, new PinSetState(), clock.instant());
    }

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("pin" + n).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void everywhereMeansNoAllocationsAndStoresResolvedFactors() {
        Pin pin = decide(-1, -1, PinOptions.DEFAULTS, null);

        assertThat(pin.allocations()).isEmpty();
        assertThat(pin.options().replicationMin()).isEqualTo(-1);
        assertThat(pin.timestamp()).isEqualTo(NOW);
        assertThat(pin.isAllocatedTo(PEERS.get(0))).isTrue();
    }

    @Test
    void allocatesUpToMaxUserAllocationsFirstThenMostFreeSpace() {
        PinOptions options = new PinOptions(2, 3, "n", PinMode.RECURSIVE, 0, List.of(PEERS.get(3)), null,
                Map.of(), null, List.of());

        Pin pin = decide(-1, -1, options, null);

        assertThat(pin.allocations()).containsExactly(PEERS.get(3), PEERS.get(0), PEERS.get(1));
        assertThat(pin.options().userAllocations()).isEmpty(); // transient, not stored
    }

    @Test
    void aPeerAboveTheDiskHighWaterMarkGetsNoNewCopyButStaysAHolderOfItsOwn() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        Instant expire = clock.instant().plus(TTL);
        monitor.accept(List.of(new Metric(MetricNames.DISKUSAGE, PEERS.get(0), "91/100", 910_000, false, expire,
                null), new Metric(MetricNames.DISKUSAGE, PEERS.get(1), "89/100", 890_000, false, expire, null)));
        AllocatingPinDecider decider = new AllocatingPinDecider(-1, -1, () -> members,
                new BalancedAllocator(AllocatorConfig.DEFAULT), monitor, cid -> DagSizes.UNKNOWN,
                new PendingAllocations(TTL), 1000, 0.90);

        Pin fresh = decider.decide(cid(1), PinOptions.DEFAULTS.withReplication(2, 4), null, new PinSetState(),
                clock.instant());
        assertThat(fresh.allocations()).containsExactly(PEERS.get(1), PEERS.get(2), PEERS.get(3));

        Pin held = new Pin(cid(2), PinOptions.DEFAULTS.withReplication(2, 2), PinType.DATA,
                List.of(PEERS.get(0), PEERS.get(3)), null, NOW);
        Pin moved = decider.reallocate(held, Set.of(PEERS.get(3)), false, new PinSetState(), clock.instant());
        assertThat(moved.allocations()).as("the full peer keeps its copy, the new one goes elsewhere")
                .containsExactly(PEERS.get(0), PEERS.get(1));
    }

    @Test
    void zeroTakesConfiguredDefaults() {
        Pin pin = decide(1, 2, PinOptions.DEFAULTS, null);

        assertThat(pin.allocations()).containsExactly(PEERS.get(0), PEERS.get(1));
        assertThat(pin.options().replicationMin()).isEqualTo(1);
        assertThat(pin.options().replicationMax()).isEqualTo(2);
    }

    @Test
    void tooFewPeersFailsWithIpfsClusterText() {
        assertThatThrownBy(() -> decide(-1, -1, PinOptions.DEFAULTS.withReplication(5, 6), null))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("not enough peers to allocate CID. Needed at least: 5. "
                            + "Wanted at most: 6. Available candidates: 4. See logs for more info.");
                });
    }

    @Test
    void reallocationDropsTheLeavingPeersNeverPicksThemAndKeepsOptionsAndTimestamp() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        PinOptions options = new PinOptions(2, 2, "kept", PinMode.RECURSIVE, 0, List.of(), null,
                Map.of("k", "v"), null, List.of());
        Pin existing = new Pin(CID, options, PinType.DATA, List.of(PEERS.get(0), PEERS.get(1)), null,
                NOW.minusSeconds(600));

        Pin moved = decider(-1, -1, 0).reallocate(existing, Set.of(PEERS.get(0)), false, new PinSetState(),
                clock.instant());

        // the staying peer is kept; the best other peer (most free space) replaces the leaving one
        assertThat(moved.allocations()).containsExactly(PEERS.get(1), PEERS.get(2));
        assertThat(moved.options()).isEqualTo(options);
        assertThat(moved.timestamp()).isEqualTo(existing.timestamp());
    }

    @Test
    void successiveMovesOffDifferentLivePeersEachLeaveTheirOwnPeersOut() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        AllocatingPinDecider decider = decider(-1, -1, 0);
        PinOptions two = PinOptions.DEFAULTS.withReplication(2, 2);
        Pin onZero = new Pin(CID, two, PinType.DATA, List.of(PEERS.get(0), PEERS.get(3)), null, NOW);
        Pin onOne = new Pin(CID, two, PinType.DATA, List.of(PEERS.get(1), PEERS.get(3)), null, NOW);

        // the decider reuses the metrics without the leaving peers while they are the same: never across sets
        assertThat(decider.reallocate(onZero, Set.of(PEERS.get(0)), false, new PinSetState(), clock.instant())
                .allocations()).containsExactly(PEERS.get(3), PEERS.get(1));
        assertThat(decider.reallocate(onOne, Set.of(PEERS.get(1)), false, new PinSetState(), clock.instant())
                .allocations()).containsExactly(PEERS.get(3), PEERS.get(0));
        assertThat(decider.reallocate(onZero, Set.of(PEERS.get(0)), false, new PinSetState(), clock.instant())
                .allocations()).containsExactly(PEERS.get(3), PEERS.get(1));
        assertThat(decider.reallocate(onZero, Set.of(PEERS.get(0), PEERS.get(1)), false, new PinSetState(),
                clock.instant()).allocations()).containsExactly(PEERS.get(3), PEERS.get(2));
    }

    @Test
    void topUpTakesAsManyCopiesUpToMaxAsTheClusterCanHoldAndNoMore() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        members.remove(PEERS.get(3)); // three usable peers for a pin that wants up to four
        Pin existing = new Pin(CID, PinOptions.DEFAULTS.withReplication(1, 4), PinType.DATA,
                List.of(PEERS.get(0)), null, NOW);

        Pin plain = decider(-1, -1, 0).reallocate(existing, Set.of(), false, new PinSetState(), clock.instant());
        Pin toppedUp = decider(-1, -1, 0).reallocate(existing, Set.of(), true, new PinSetState(), clock.instant());

        assertThat(plain.allocations()).as("at min already: nothing to do").containsExactly(PEERS.get(0));
        assertThat(toppedUp.allocations()).containsExactly(PEERS.get(0), PEERS.get(1), PEERS.get(2));
    }

    @Test
    void aMoveKeepsThePinsNumberOfCopiesInsteadOfShrinkingToMin() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        Pin existing = new Pin(CID, PinOptions.DEFAULTS.withReplication(2, 3), PinType.DATA,
                List.of(PEERS.get(1), PEERS.get(2), PEERS.get(3)), null, NOW);

        Pin moved = decider(-1, -1, 0).reallocate(existing, Set.of(PEERS.get(3)), false, new PinSetState(),
                clock.instant());

        assertThat(moved.allocations()).containsExactly(PEERS.get(1), PEERS.get(2), PEERS.get(0));
    }

    @Test
    void reallocationThatCannotReachMinFailsWithIpfsClusterText() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        Pin existing = new Pin(CID, PinOptions.DEFAULTS.withReplication(3, 3), PinType.DATA,
                List.of(PEERS.get(0), PEERS.get(1), PEERS.get(2)), null, NOW);

        assertThatThrownBy(() -> decider(-1, -1, 0).reallocate(existing, Set.of(PEERS.get(0), PEERS.get(1)), true,
                new PinSetState(), clock.instant()))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.getMessage()).startsWith("not enough peers to allocate CID. Needed at least: 2."));
    }

    @Test
    void aPeerWhoseMetricsExpiredOrThatLeftIsNotChosen() {
        AllocatingPinDecider decider = decider(-1, -1, 0);
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        clock.advance(Duration.ofSeconds(10));
        // Everyone but the emptiest peer renews its metrics; 6 s later only the stale one has expired.
        for (int i = 1; i < PEERS.size(); i++) {
            Instant expire = clock.instant().plus(TTL);
            monitor.accept(List.of(Metric.tag(PEERS.get(i), "zone", "z0", expire),
                    Metric.freeSpace(PEERS.get(i), (4 - i) * GB, expire)));
        }
        clock.advance(Duration.ofSeconds(6));

        Pin pin = decider.decide(CID, PinOptions.DEFAULTS.withReplication(3, 3), null, new PinSetState(),
                clock.instant());
        assertThat(pin.allocations()).containsExactly(PEERS.get(1), PEERS.get(2), PEERS.get(3));

        members.remove(PEERS.get(1));
        assertThatThrownBy(() -> decider.decide(cid(1), PinOptions.DEFAULTS.withReplication(3, 3), null,
                new PinSetState(), clock.instant())).isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.getMessage()).contains("Available candidates: 2"));
    }

    @Test
    void copiesGoToDifferentZonesFirst() {
        publish(2, 4 * GB, 3 * GB, 2 * GB, GB); // z0: peers 0, 2; z1: peers 1, 3
        Pin pin = decider(-1, -1, 0).decide(CID, PinOptions.DEFAULTS.withReplication(2, 2), null,
                new PinSetState(), NOW);
        assertThat(pin.allocations()).containsExactly(PEERS.get(0), PEERS.get(1));
    }

    @Test
    void aKnownSizeNeedsFreeSpaceForItPlusTheReserve() {
        publish(1, 4 * GB, 3 * GB, 2 * GB, GB);
        sizes.put(CID, 2 * GB);
        Pin pin = decider(-1, -1, GB / 2).decide(CID, PinOptions.DEFAULTS.withReplication(1, 4), null,
                new PinSetState(), NOW);
        // 2 GB + 0.5 GB reserve: only the peers with 4 and 3 GB free qualify.
        assertThat(pin.allocations()).containsExactly(PEERS.get(0), PEERS.get(1));
    }

    @Test
    void aBurstSpreadsBecauseAllocatedBytesCountAgainstFreeSpace() {
        publish(1, 10 * GB, 10 * GB, 10 * GB, 10 * GB);
        AllocatingPinDecider decider = decider(-1, -1, 0);
        Map<PeerId, Integer> counts = new HashMap<>();
        List<Pin> pins = new ArrayList<>();
        for (int i = 0; i < 400; i++) {
            sizes.put(cid(i), 1_000_000L);
            Pin pin = decider.decide(cid(i), PinOptions.DEFAULTS.withReplication(1, 1), null, new PinSetState(),
                    NOW);
            pins.add(pin);
            pin.allocations().forEach(p -> counts.merge(p, 1, Integer::sum));
        }
        // Same free space everywhere: without pending bytes all 400 would go to the same peer.
        assertThat(counts).hasSize(4).allSatisfy((peer, n) -> assertThat(n).isEqualTo(100));
    }

    @Test
    void existingPinWithEnoughLiveAllocationsKeepsThem() {
        Pin first = decide(-1, -1, PinOptions.DEFAULTS.withReplication(1, 1), null);

        // min already met: ipfs-cluster leaves the allocations alone, even though max grew.
        assertThat(decide(-1, -1, PinOptions.DEFAULTS.withReplication(1, 2), first).allocations())
                .isEqualTo(first.allocations());
        // min not met: the current peer stays first and the rest is filled up to max.
        assertThat(decide(-1, -1, PinOptions.DEFAULTS.withReplication(2, 3), first).allocations())
                .startsWith(first.allocations().get(0)).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void expiredOrDowngradedPinsAreRejected() {
        PinOptions past = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), NOW.minusSeconds(1),
                Map.of(), null, List.of());
        assertThatThrownBy(() -> decide(-1, -1, past, null)).hasMessage("pin.ExpireAt set before current time");

        Pin recursive = decide(-1, -1, PinOptions.DEFAULTS, null);
        PinOptions direct = new PinOptions(0, 0, "", PinMode.DIRECT, 0, List.of(), null, Map.of(), null,
                List.of());
        assertThatThrownBy(() -> decide(-1, -1, direct, recursive))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
