package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jol.info.GraphLayout;

/**
 * Pins whose content no peer has wait, {@code pin_queued}, with no timer of their own: no attempt is made again
 * until something wakes them (a new holder, blocks pushed here, a recover, a change of the pin) or the one
 * cluster-wide re-check comes round.
 */
class WaitingForHolderTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId OTHER = PeerIdentity.generate().peerId();
    private static final Duration RECHECK = Duration.ofMinutes(10);

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private EmbeddedConnector connector;
    private PinSetState pinset;
    private AbsentAwarePinner pinner;
    private LocalPinTracker tracker;

    /** Pins with the blocks in the local store; a CID whose root block is not there has no holder at all. */
    private static final class AbsentAwarePinner implements ContentPinner {
        private final EmbeddedConnector connector;
        private final ContentPinner local;
        final Map<Cid, AtomicInteger> attempts = new ConcurrentHashMap<>();
        /** What {@link #missingBlocks} reports per CID (the reconcile's view of lost blocks). */
        final Map<Cid, List<Cid>> missing = new ConcurrentHashMap<>();

        AbsentAwarePinner(EmbeddedConnector connector) {
            this.connector = connector;
            this.local = ContentPinner.localOnly(connector);
        }

        @Override
        public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
            attempts.computeIfAbsent(pin.cid(), c -> new AtomicInteger()).incrementAndGet();
            if (!held(pin.cid())) {
                throw new ContentUnavailableException("no peer provided " + pin.cid());
            }
            missing.remove(pin.cid());
            return local.pin(pin, progress);
        }

        @Override
        public List<Cid> missingBlocks(Pin pin) {
            return missing.getOrDefault(pin.cid(), List.of());
        }

        private boolean held(Cid cid) {
            try {
                return connector.store().hasOnDisk(cid);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        int attempts(Cid cid) {
            AtomicInteger n = attempts.get(cid);
            return n == null ? 0 : n.get();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        pinset = new PinSetState();
        pinner = new AbsentAwarePinner(connector);
        TrackerSettings settings = TrackerSettings.defaults().withConcurrency(2)
                .withReconcileInterval(Duration.ofHours(1)).withAbsentRecheckInterval(RECHECK);
        // The draw 0.5 puts the re-check exactly on its interval.
        tracker = new LocalPinTracker(SELF, pinset, connector, pinner, settings, clock, scheduler, () -> 0.5);
        pinset.addListener(tracker);
        tracker.start();
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        connector.close();
    }

    @Test
    void aPinNobodyHoldsWaitsQueuedWithNoTimerAndIsNotTriedAgainUntilTheReCheck() {
        Cid cid = cidOf("content that lives elsewhere");

        pinset.apply(new PinOp.AddPin(pin(cid, SELF, OTHER)));

        await().until(() -> tracker.waitingCount() == 1);
        LocalStatus status = tracker.status(cid);
        assertThat(status.status()).isEqualTo(TrackerStatus.PIN_QUEUED);
        assertThat(status.error()).isEqualTo(LocalPinTracker.WAITING_NOTE);
        assertThat(scheduler.pendingOnce()).as("no retry timer for a waiting pin").isZero();
        assertThat(tracker.statusCounts()).containsEntry(TrackerStatus.PIN_QUEUED, 1L);
        assertThat(tracker.statusCounts()).doesNotContainKey(TrackerStatus.PIN_ERROR);

        scheduler.advance(RECHECK.minusSeconds(1)); // the retry backoff would have tried it 7 times by now
        assertThat(pinner.attempts(cid)).isEqualTo(1);
        assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.PIN_QUEUED);

        scheduler.advance(Duration.ofSeconds(1)); // the safety net comes round
        await().until(() -> pinner.attempts(cid) == 2 && tracker.waitingCount() == 1);
        assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.PIN_QUEUED);
    }

    @Test
    void aWaitingPinWithOriginsSaysTheEmbeddedStoreCannotDialThem() {
        Cid cid = cidOf("content at an IPFS node outside the cluster");
        PinOptions withOrigins = new PinOptions(1, 2, "", null, 0, List.of(), null, Map.of(), null,
                List.of("/ip4/192.0.2.7/tcp/4001/p2p/12D3KooWAnIpfsNodeOutsideTheClusterxxxxxxxxxxxxxxx"));

        pinset.apply(new PinOp.AddPin(new Pin(cid, withOrigins, PinType.DATA, List.of(SELF, OTHER), null,
                Instant.now())));

        await().until(() -> tracker.waitingCount() == 1);
        LocalStatus status = tracker.status(cid);
        assertThat(status.status()).isEqualTo(TrackerStatus.PIN_QUEUED);
        assertThat(status.error()).isEqualTo(LocalPinTracker.WAITING_ORIGINS_NOTE)
                .contains("cannot dial other IPFS nodes");
    }

    @Test
    void aWaitingPinIsWokenWhenAHolderAppearsAndBecomesPinned() throws Exception {
        Cid cid = cidOf("pushed later");
        Cid unrelated = cidOf("still nowhere");
        pinset.apply(new PinOp.AddPin(pin(cid, SELF, OTHER)));
        pinset.apply(new PinOp.AddPin(pin(unrelated, SELF, OTHER)));
        await().until(() -> tracker.waitingCount() == 2);

        assertThat(addFile("pushed later")).isEqualTo(cid); // the blocks arrive (an /add push, a fetch elsewhere)
        assertThat(tracker.wake(List.of(cid, cidOf("not pinned at all")))).isEqualTo(1);

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        assertThat(pinner.attempts(cid)).isEqualTo(2);
        assertThat(pinner.attempts(unrelated)).as("only the woken pin is tried again").isEqualTo(1);
        assertThat(tracker.waitingCount()).isEqualTo(1);
        assertThat(tracker.holdingChanges().take(10).added()).containsExactly(cid);
    }

    @Test
    void recoverAndAChangeOfThePinWakeAWaitingPin() throws Exception {
        Cid cid = cidOf("recovered by hand");
        pinset.apply(new PinOp.AddPin(pin(cid, SELF, OTHER)));
        await().until(() -> tracker.waitingCount() == 1);

        assertThat(tracker.recover(cid).status()).isIn(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING);
        await().until(() -> pinner.attempts(cid) == 2 && tracker.waitingCount() == 1);

        // A repin (an /add of the content, an update naming origins) is a change of the pin: it is tried again.
        addFile("recovered by hand");
        pinset.apply(new PinOp.AddPin(pin(cid, SELF, OTHER)));
        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        assertThat(pinner.attempts(cid)).isEqualTo(3);
    }

    @Test
    void aWaitingPinNoLongerAllocatedHereStopsWaiting() {
        Cid cid = cidOf("moved away");
        pinset.apply(new PinOp.AddPin(pin(cid, SELF, OTHER)));
        await().until(() -> tracker.waitingCount() == 1);

        pinset.apply(new PinOp.AddPin(pin(cid, OTHER)));

        await().until(() -> tracker.waitingCount() == 0 && tracker.inProgress().isEmpty());
        assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.REMOTE);
        assertThat(tracker.wake(List.of(cid))).isZero();
    }

    @Test
    void lostContentNobodyCanRepairStaysAVisiblePinErrorButHasNoTimerEither() throws Exception {
        Cid cid = addFile("held, then lost");
        pinset.apply(new PinOp.AddPin(pin(cid, SELF)));
        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        connector.unpin(cid);
        connector.store().delete(cid); // the disk lost it; nobody else has it

        assertThat(tracker.reconcile()).containsExactly(cid);

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PIN_ERROR);
        assertThat(tracker.status(cid).error()).contains("no peer provided");
        assertThat(scheduler.pendingOnce()).as("no retry timer").isZero();
        assertThat(tracker.waitingCount()).isEqualTo(1);

        addFile("held, then lost");
        tracker.wake(List.of(cid));
        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        assertThat(tracker.waitingCount()).isZero();
    }

    @Test
    void otherFailuresKeepTheirRetryWithBackoff() {
        Cid cid = cidOf("disk full");
        ContentPinner failing = new ContentPinner() {
            @Override
            public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
                throw new ClusterException(ErrorCode.INTERNAL, "the store is full");
            }

            @Override
            public List<Cid> missingBlocks(Pin pin) {
                return List.of();
            }
        };
        PinSetState own = new PinSetState();
        LocalPinTracker t = new LocalPinTracker(SELF, own, connector, failing, TrackerSettings.defaults(), clock,
                scheduler, () -> 0.5);
        own.addListener(t);
        t.start();
        try {
            own.apply(new PinOp.AddPin(pin(cid, SELF)));
            await().until(() -> t.status(cid).status() == TrackerStatus.PIN_ERROR);
            assertThat(scheduler.pendingOnce()).isEqualTo(1);
            assertThat(t.waitingCount()).isZero();
        } finally {
            t.close();
        }
    }

    @Test
    void theReCheckPeriodIsDrawnWithinAQuarterOfTheInterval() {
        assertThat(LocalPinTracker.recheckPeriod(RECHECK, 0.0)).isEqualTo(Duration.ofMinutes(7).plusSeconds(30));
        assertThat(LocalPinTracker.recheckPeriod(RECHECK, 0.5)).isEqualTo(RECHECK);
        assertThat(LocalPinTracker.recheckPeriod(RECHECK, 0.999_999)).isBetween(Duration.ofMinutes(12),
                Duration.ofMinutes(12).plusSeconds(30));
    }

    /**
     * What a waiting pin costs: its CID is the pinset's own instance, so only its slot in the sorted set is new.
     * Measured with JOL over 20,000 waiting CIDs.
     */
    @Test
    void aWaitingPinCostsAFewBytesOfASortedSet() {
        WaitingPins waiting = new WaitingPins();
        List<Cid> cids = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(14);
        for (int i = 0; i < 20_000; i++) {
            byte[] bytes = new byte[32];
            random.nextBytes(bytes);
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(bytes));
            cids.add(cid);
            waiting.add(cid);
        }

        long withCids = GraphLayout.parseInstance(waiting.footprintRoot(), cids).totalSize();
        long cidsAlone = GraphLayout.parseInstance(cids).totalSize();
        double perPin = (double) (withCids - cidsAlone) / cids.size();

        System.out.printf("a waiting pin costs %.1f bytes (waiting set of %d CIDs)%n", perPin, cids.size());
        assertThat(perPin).as("a sorted key set: a head, a reference and leaf slack; a hash set's node took ~40")
                .isLessThan(24);
    }

    private Cid addFile(String text) throws Exception {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            return new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), s, null).cid();
        }
    }

    private static Cid cidOf(String text) {
        try {
            return new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), (c, b) -> { }, null)
                    .cid();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Pin pin(Cid cid, PeerId... allocations) {
        return new Pin(cid, PinOptions.DEFAULTS.withReplication(1, allocations.length), PinType.DATA,
                List.of(allocations), null, Instant.now());
    }
}
