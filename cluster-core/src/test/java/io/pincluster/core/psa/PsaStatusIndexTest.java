package io.pincluster.core.psa;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The PSA status index over a small in-memory cluster: each CID's status on two peers, answered as the real status
 * merge does for a filtered {@code statusAll} (only CIDs with a matching entry, only the matching entries).
 */
class PsaStatusIndexTest {
    private static final PeerId A = PeerId.ofPublicKeyProto(new byte[] {8, 1, 18, 4, 'a', 'a', 'a', 'a'});
    private static final PeerId B = PeerId.ofPublicKeyProto(new byte[] {8, 1, 18, 4, 'b', 'b', 'b', 'b'});
    private static final Instant NOW = Instant.parse("2026-12-05T00:00:00Z");
    private static final PsaStatusIndex.Settings SETTINGS = new PsaStatusIndex.Settings(Duration.ofMillis(20),
            Duration.ofSeconds(30), Duration.ofMinutes(5), 1000, 1000);

    private final Cluster cluster = new Cluster();
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);

    /** Statuses by CID and peer (a CID absent from the map is pinned on every peer); the replica's pinset. */
    private static final class Cluster implements StatusApi {
        final Map<Cid, Map<PeerId, TrackerStatus>> work = new ConcurrentHashMap<>();
        final Set<Cid> pinset = ConcurrentHashMap.newKeySet();
        final AtomicInteger statusAlls = new AtomicInteger();

        @Override
        public GlobalPinInfo status(Cid cid, boolean local) {
            throw new UnsupportedOperationException("the index asks filtered statusAll only");
        }

        @Override
        public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
            assertThat(cids).isEmpty();
            assertThat(filter).isEqualTo(PsaStatusIndex.NOT_DONE);
            statusAlls.incrementAndGet();
            return new TreeMap<>(work).entrySet().stream().map(e -> {
                Map<PeerId, PinInfo> matched = new TreeMap<>();
                e.getValue().forEach((peer, s) -> {
                    if (filter.contains(s)) {
                        matched.put(peer, PinInfo.of(peer, "p", s, NOW));
                    }
                });
                return GlobalPinInfo.of(e.getKey(), null, matched);
            }).filter(g -> !g.peerMap().isEmpty());
        }

        @Override
        public GlobalPinInfo recover(Cid cid, boolean local) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Stream<GlobalPinInfo> recoverAll(boolean local) {
            throw new UnsupportedOperationException();
        }

        void set(Cid cid, TrackerStatus onA, TrackerStatus onB) {
            work.put(cid, Map.of(A, onA, B, onB));
        }

        void done(Cid cid) {
            work.remove(cid);
        }
    }

    private PsaStatusIndex index() {
        return new PsaStatusIndex(cluster, cluster.pinset::contains, null, SETTINGS, nanos::get);
    }

    private static Cid cid(String seed) {
        return Cid.v1(Codec.RAW, Multihash.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    private static Pin pin(Cid cid) {
        return new Pin(cid, PinOptions.DEFAULTS, PinType.DATA, List.of(), null, NOW);
    }

    /** A pin the replica has held for a while (not a recent change). */
    private Cid known(String seed) {
        Cid cid = cid(seed);
        cluster.pinset.add(cid);
        return cid;
    }

    @Test
    void answersNothingBeforeItsFirstRefresh() {
        PsaStatusIndex index = index();
        assertThat(index.lookup()).isNull();
        assertThat(index.refresh()).isTrue();
        assertThat(index.lookup()).isNotNull();
    }

    @Test
    void queuedThenPinnedAfterTheNextRefresh() {
        PsaStatusIndex index = index();
        Cid c = known("queued-then-pinned");
        cluster.set(c, TrackerStatus.PIN_QUEUED, TrackerStatus.PINNED);
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("queued");

        cluster.set(c, TrackerStatus.PINNING, TrackerStatus.PINNED);
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("pinning");

        cluster.done(c);
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("pinned");
    }

    @Test
    void pinnedThenFailedShowsPinnedUntilTheNextRefreshThenFailed() {
        PsaStatusIndex index = index();
        Cid c = known("pinned-then-failed");
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("pinned");

        cluster.set(c, TrackerStatus.PINNED, TrackerStatus.PIN_ERROR);
        assertThat(index.lookup().statusOf(c)).as("the documented lag: one refresh").isEqualTo("pinned");
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("failed");

        cluster.done(c); // recovered
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("pinned");
    }

    @Test
    void foldsThePeersAsTheDirectPathDoes() {
        PsaStatusIndex index = index();
        Cid errorAndQueued = known("error-and-queued");
        Cid queuedAndPinning = known("queued-and-pinning");
        Cid pinningAndPinned = known("pinning-and-pinned");
        cluster.set(errorAndQueued, TrackerStatus.PIN_QUEUED, TrackerStatus.PIN_ERROR);
        cluster.set(queuedAndPinning, TrackerStatus.PINNING, TrackerStatus.PIN_QUEUED);
        cluster.set(pinningAndPinned, TrackerStatus.PINNED, TrackerStatus.PINNING);
        index.refresh();
        PsaStatusIndex.Lookup lookup = index.lookup();
        assertThat(lookup.statusOf(errorAndQueued)).isEqualTo("failed");
        assertThat(lookup.statusOf(queuedAndPinning)).isEqualTo("queued");
        assertThat(lookup.statusOf(pinningAndPinned)).isEqualTo("pinning");
        assertThat(index.directAnswers()).isZero();
    }

    @Test
    void aNewPinIsLeftToTheCallerUntilTwoRefreshesHaveStartedSinceItChanged() {
        PsaStatusIndex index = index();
        index.refresh();
        Cid c = cid("new");
        cluster.pinset.add(c);
        index.pinChanged(null, pin(c));
        // Not yet on any tracker's work list: "not listed" would say pinned, which it is not.
        assertThat(index.lookup().statusOf(c)).isNull();
        index.refresh();
        assertThat(index.lookup().statusOf(c)).as("margin for replicas that apply it later").isNull();
        cluster.set(c, TrackerStatus.PIN_QUEUED, TrackerStatus.PIN_QUEUED);
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("queued");
        assertThat(index.directAnswers()).isEqualTo(2);
    }

    @Test
    void anUnpinnedCidIsLeftToTheCaller() {
        PsaStatusIndex index = index();
        Cid c = known("unpinned");
        index.refresh();
        assertThat(index.lookup().statusOf(c)).isEqualTo("pinned");

        cluster.pinset.remove(c);
        index.pinChanged(pin(c), null);
        assertThat(index.lookup().statusOf(c)).isNull();
        index.refresh();
        index.refresh();
        assertThat(index.lookup().statusOf(c)).as("still not in the pinset: the direct path answers").isNull();
    }

    /**
     * With the request table the index keeps the requested CIDs the pinset lacks instead of searching the pinset for
     * every candidate: a request recorded before its pin, a pin removed under a request, both known at once; a CID
     * absent before the index started is found by the seeding pass.
     */
    @Test
    void withTheRequestTableItKeepsTheRequestedCidsThePinsetLacks() {
        PsaTable table = new PsaTable();
        Cid orphanBeforeStart = cid("orphan-before-start");
        Cid pinned = known("pinned");
        table.apply(new PsaOp.Put(request("r0", orphanBeforeStart), null));
        table.apply(new PsaOp.Put(request("r1", pinned), null));
        java.util.concurrent.atomic.AtomicInteger pinsetAsked = new java.util.concurrent.atomic.AtomicInteger();
        PsaStatusIndex index = new PsaStatusIndex(cluster, c -> {
            pinsetAsked.incrementAndGet();
            return cluster.pinset.contains(c);
        }, table, SETTINGS, nanos::get);
        index.refresh();
        index.refresh();
        int afterSeeding = pinsetAsked.get();
        PsaStatusIndex.Lookup lookup = index.lookup();
        assertThat(lookup.statusOf(orphanBeforeStart)).as("found by the seeding pass").isNull();
        assertThat(lookup.statusOf(pinned)).isEqualTo("pinned");
        assertThat(pinsetAsked.get()).as("lookups do not search the pinset").isEqualTo(afterSeeding);

        // A request recorded before its pin: unknown until the pin is applied, then for two refreshes (changed).
        Cid fresh = cid("fresh");
        table.apply(new PsaOp.Put(request("r2", fresh), null));
        assertThat(index.lookup().statusOf(fresh)).isNull();
        cluster.pinset.add(fresh);
        index.pinChanged(null, pin(fresh));
        index.refresh();
        index.refresh();
        assertThat(index.lookup().statusOf(fresh)).isEqualTo("pinned");

        // A pin removed while a request names it (an unpin through the REST API): unknown for good.
        cluster.pinset.remove(pinned);
        index.pinChanged(pin(pinned), null);
        index.refresh();
        index.refresh();
        index.refresh();
        assertThat(index.lookup().statusOf(pinned)).isNull();

        // Its request deleted and the CID pinned again for someone else: known again.
        table.apply(new PsaOp.Remove("r1"));
        cluster.pinset.add(pinned);
        index.pinChanged(null, pin(pinned));
        index.refresh();
        index.refresh();
        assertThat(index.lookup().statusOf(pinned)).isEqualTo("pinned");

        // A snapshot replaces the table: seeded again at the next refresh.
        table.replaceAll(List.of(request("r9", cid("orphan-in-snapshot"))));
        index.refresh();
        assertThat(index.lookup().statusOf(cid("orphan-in-snapshot"))).isNull();
    }

    private static PsaPin request(String id, Cid cid) {
        return new PsaPin(id, "alice", cid, null, List.of(), Map.of(), 0, NOW);
    }

    @Test
    void moreEntriesThanItMayHoldTurnItOffUntilTheyFit() {
        PsaStatusIndex index = new PsaStatusIndex(cluster, cluster.pinset::contains, null,
                new PsaStatusIndex.Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5), 2,
                        1000), nanos::get);
        for (int i = 0; i < 3; i++) {
            cluster.set(known("failed-" + i), TrackerStatus.PIN_ERROR, TrackerStatus.PINNED);
        }
        assertThat(index.refresh()).isFalse();
        assertThat(index.lookup()).isNull();
        cluster.done(cid("failed-0"));
        assertThat(index.refresh()).isTrue();
        assertThat(index.lookup().statusOf(cid("failed-1"))).isEqualTo("failed");
    }

    @Test
    void tooManyChangesTurnItOffUntilTheyRotateOut() {
        PsaStatusIndex index = new PsaStatusIndex(cluster, cluster.pinset::contains, null,
                new PsaStatusIndex.Settings(Duration.ofSeconds(1), Duration.ofSeconds(30), Duration.ofMinutes(5),
                        1000, 2), nanos::get);
        index.refresh();
        for (int i = 0; i < 5; i++) {
            index.changed(known("burst-" + i));
        }
        assertThat(index.lookup()).as("more changes than it keeps: it cannot tell which").isNull();
        index.refresh();
        assertThat(index.lookup()).as("the overflowed generation is the margin of this refresh").isNull();
        index.refresh();
        assertThat(index.lookup().statusOf(cid("burst-0"))).isEqualTo("pinned");
    }

    @Test
    void aSnapshotOlderThanMaxAgeIsNotUsed() {
        PsaStatusIndex index = index();
        index.refresh();
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertThat(index.lookup()).isNull();
        index.refresh();
        assertThat(index.lookup()).isNotNull();
    }

    @Test
    void refreshesRunInTheBackgroundOnlyWhileListsAskAndStopWhenIdle() {
        try (PsaStatusIndex index = new PsaStatusIndex(cluster, cluster.pinset::contains,
                new PsaStatusIndex.Settings(Duration.ofMillis(20), Duration.ofSeconds(30), Duration.ofMillis(300),
                        1000, 1000)).start()) {
            Cid c = known("background");
            cluster.set(c, TrackerStatus.PIN_ERROR, TrackerStatus.PINNED);
            assertThat(index.lookup()).as("nothing yet: the caller asks the cluster").isNull();
            await().atMost(Duration.ofSeconds(10)).until(() -> index.lookup() != null
                    && "failed".equals(index.lookup().statusOf(c)));
            cluster.done(c);
            await().atMost(Duration.ofSeconds(10)).until(() -> "pinned".equals(index.lookup().statusOf(c)));

            // No lookup for longer than idleAfter: the refreshes stop (polls 250 ms apart see the same count, where
            // a demanded index refreshes every 20 ms).
            AtomicLong seen = new AtomicLong(-1);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(250))
                    .until(() -> seen.getAndSet(index.refreshes()) == index.refreshes());
        }
    }
}
