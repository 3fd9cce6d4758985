package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Queue order, retries with backoff, the progress timeout and the reconcile pass, with time driven by hand; and a load
 * larger than the queue: the pins the full queue turns away keep no state and no retry timer, say {@code pin_queued},
 * and are all done once the queue has room (a walk of the pinset queues them), pins and unpins.
 */
class TrackerQueueTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final TrackerSettings SETTINGS = TrackerSettings.defaults().withConcurrency(1)
            .withReconcileInterval(Duration.ofMinutes(1)).withProgressTimeout(TIMEOUT)
            .withBackoff(new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
    /** The small queue of the overflow tests. */
    private static final int QUEUE = 4;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private ManualScheduler scheduler;
    private EmbeddedConnector connector;
    private PinSetState pinset;
    private GatedPinner pinner;
    private LocalPinTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        pinset = new PinSetState();
        pinner = new GatedPinner(connector);
        startTracker(SETTINGS);
    }

    private void startTracker(TrackerSettings settings) {
        scheduler = new ManualScheduler(clock);
        tracker = new LocalPinTracker(SELF, pinset, connector, pinner, settings, clock, scheduler);
        pinset.addListener(tracker);
        tracker.start();
    }

    /** A tracker whose queue holds {@code size} CIDs, in place of the one set up (the pinset is still empty). */
    private void restartWithQueueOf(int size) {
        tracker.close();
        pinset.removeListener(tracker);
        startTracker(new TrackerSettings(SETTINGS.concurrency(), size, SETTINGS.reconcileInterval(),
                SETTINGS.progressTimeout(), SETTINGS.backoff()));
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        connector.close();
    }

    @Test
    void pinsTheFullQueueTurnsAwayKeepNothingSayQueuedAndAreAllPinnedOnceItHasRoom() throws Exception {
        restartWithQueueOf(QUEUE);
        Cid first = stored("holds the only worker");
        pinner.hold(first);
        pinHere(first);
        await().until(() -> pinner.running.containsKey(first));

        List<Cid> more = new ArrayList<>();
        for (int i = 0; i < 60; i++) { // many walks: each queues four, stops, and the next resumes where it stopped
            Cid cid = stored("pin " + i);
            more.add(cid);
            pinHere(cid);
        }

        assertThat(tracker.queueLength()).isEqualTo(QUEUE);
        assertThat(tracker.inProgress()).as("entries: the running pin and the queue's, none for those turned away")
                .hasSize(QUEUE + 1);
        assertThat(scheduler.pendingOnce()).as("no retry timer for a pin turned away").isZero();
        for (Cid cid : more.subList(QUEUE, more.size())) {
            assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.PIN_QUEUED);
            assertThat(tracker.status(cid).error()).isEqualTo(LocalPinTracker.QUEUE_FULL_NOTE);
        }
        assertThat(tracker.statusCounts()).doesNotContainKey(TrackerStatus.PIN_ERROR);
        assertThat(tracker.hasQueueBacklog()).isTrue();
        assertThat(tracker.reconcile()).as("the reconcile would take them for lost pins").isEmpty();
        assertThat(tracker.status(more.get(more.size() - 1)).status()).isEqualTo(TrackerStatus.PIN_QUEUED);

        pinner.release(first);

        await().until(() -> more.stream().allMatch(cid -> tracker.status(cid).status() == TrackerStatus.PINNED));
        assertThat(pinner.started).as("each pin worked on once").hasSize(more.size() + 1).doesNotHaveDuplicates();
        await().until(() -> tracker.inProgress().isEmpty());
        await().until(() -> !tracker.hasQueueBacklog());

        // The backlog is over: a pin allocated here and not held is a lost one again, not one the queue turned away.
        connector.unpin(more.get(0));
        assertThat(tracker.status(more.get(0)).status()).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);
    }

    @Test
    void unpinsTheFullQueueTurnsAwayAreDoneOnceItHasRoom() throws Exception {
        restartWithQueueOf(QUEUE);
        List<Cid> pinned = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Cid cid = stored("pinned first " + i);
            pinned.add(cid);
            pinHere(cid);
        }
        await().until(() -> pinned.stream().allMatch(cid -> connector.status(cid).isPinned()));

        Cid blocker = stored("holds the only worker");
        pinner.hold(blocker);
        pinHere(blocker);
        await().until(() -> pinner.running.containsKey(blocker));
        pinned.forEach(cid -> pinset.apply(new PinOp.RemovePin(cid)));
        assertThat(tracker.queueLength()).isEqualTo(QUEUE);
        assertThat(pinned.stream().filter(cid -> connector.status(cid).isPinned())).hasSize(pinned.size());

        pinner.release(blocker);

        await().until(() -> pinned.stream().noneMatch(cid -> connector.status(cid).isPinned()));
        await().until(() -> tracker.inProgress().isEmpty());
        assertThat(connector.status(blocker).isPinned()).isTrue();
    }

    private Cid stored(String text) throws Exception {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            return new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), s, null).cid();
        }
    }

    private void pinHere(Cid cid) {
        pinset.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(1, 1), PinType.DATA,
                List.of(SELF), null, clock.instant())));
    }

    private TrackerStatus statusOf(Cid cid) {
        return tracker.status(cid).status();
    }

    @Test
    void newPinsGoBeforeRetries() throws Exception {
        Cid x = stored("fails once");
        Cid a = stored("holds the only worker");
        Cid b = stored("new while x waits");
        pinner.failNext(x, 1);
        pinHere(x);
        await().until(() -> statusOf(x) == TrackerStatus.PIN_ERROR);

        pinner.hold(a);
        pinHere(a);
        await().until(() -> pinner.running.containsKey(a));
        scheduler.advance(Duration.ofSeconds(1)); // x's retry comes due while the worker is busy
        assertThat(tracker.status(x)).extracting(LocalStatus::status, LocalStatus::attemptCount)
                .containsExactly(TrackerStatus.PIN_QUEUED, 1);
        pinHere(b);
        assertThat(tracker.queueLength()).isEqualTo(2);
        pinner.release(a);

        await().until(() -> statusOf(x) == TrackerStatus.PINNED && statusOf(b) == TrackerStatus.PINNED);
        assertThat(pinner.started).containsExactly(x, a, b, x);
        assertThat(tracker.inProgress()).isEmpty();
    }

    @Test
    void failuresAreRetriedAfterDoublingWaitsCappedAtTheMaximum() throws Exception {
        Cid x = stored("fails four times");
        pinner.failNext(x, 4);
        pinHere(x);
        // Waits after failures 1..4: 1s, 2s, 4s, 4s (capped).
        long[] waits = {1000, 2000, 4000, 4000};
        for (int failure = 1; failure <= 4; failure++) {
            int n = failure;
            await().until(() -> tracker.status(x).status() == TrackerStatus.PIN_ERROR
                    && tracker.status(x).attemptCount() == n);
            assertThat(tracker.status(x).error()).contains("no peer has");
            scheduler.advance(Duration.ofMillis(waits[failure - 1] - 1));
            assertThat(statusOf(x)).as("retried before its backoff after failure " + n)
                    .isEqualTo(TrackerStatus.PIN_ERROR);
            scheduler.advance(Duration.ofMillis(1));
        }
        await().until(() -> statusOf(x) == TrackerStatus.PINNED);
        assertThat(pinner.started).hasSize(5);
        assertThat(scheduler.pendingOnce()).isZero();
    }

    @Test
    void aPinThatStoresNothingForTheProgressTimeoutIsStoppedAndRetried() throws Exception {
        Cid a = stored("stalls");
        pinner.hold(a);
        pinHere(a);
        await().until(() -> pinner.running.containsKey(a));

        scheduler.advance(TIMEOUT);
        assertThat(statusOf(a)).isEqualTo(TrackerStatus.PINNING); // exactly the timeout is still allowed
        scheduler.advance(TIMEOUT.dividedBy(4));
        await().until(() -> statusOf(a) == TrackerStatus.PIN_ERROR);
        assertThat(tracker.status(a).error()).contains("no progress for PT10S").contains("0 blocks");
        assertThat(tracker.status(a).attemptCount()).isEqualTo(1);

        pinner.release(a);
        scheduler.advance(Duration.ofSeconds(1));
        await().until(() -> statusOf(a) == TrackerStatus.PINNED);
        assertThat(pinner.started).containsExactly(a, a);
    }

    @Test
    void aSlowPinThatKeepsStoringBlocksIsNeverTimedOut() throws Exception {
        Cid a = stored("slow but steady");
        pinner.hold(a);
        pinHere(a);
        await().until(() -> pinner.running.containsKey(a));

        for (int i = 0; i < 8; i++) { // 60 s in all, six times the timeout, a block every 7.5 s
            scheduler.advance(TIMEOUT.multipliedBy(3).dividedBy(4));
            pinner.running.get(a).blockStored();
        }
        assertThat(statusOf(a)).isEqualTo(TrackerStatus.PINNING);
        pinner.release(a);
        await().until(() -> statusOf(a) == TrackerStatus.PINNED);
        assertThat(pinner.started).containsExactly(a);
    }

    @Test
    void losingTheAllocationWhilePinningCancelsThePinAndUnpins() throws Exception {
        Cid a = stored("dropped midway");
        pinner.hold(a);
        pinHere(a);
        await().until(() -> pinner.running.containsKey(a));

        pinset.apply(new PinOp.RemovePin(a));

        await().until(() -> statusOf(a) == TrackerStatus.UNPINNED);
        assertThat(connector.status(a)).isEqualTo(NodeConnector.PinState.UNPINNED);
        assertThat(tracker.inProgress()).isEmpty();
    }

    @Test
    void reconcilePinsWhatIsMissingAndUnpinsWhatIsNotAllocated() throws Exception {
        Cid wanted = stored("allocated but lost its local pin");
        Cid stray = stored("pinned here, in nobody's pinset");
        pinset.removeListener(tracker);
        pinHere(wanted);
        pinset.addListener(tracker);
        connector.pin(stray, PinMode.RECURSIVE);
        assertThat(statusOf(wanted)).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);

        scheduler.advance(Duration.ofMinutes(1));

        await().until(() -> statusOf(wanted) == TrackerStatus.PINNED
                && connector.status(stray) == NodeConnector.PinState.UNPINNED);
        assertThat(connector.pins()).containsExactly(wanted);
    }

    @Test
    void aFailedRepairIsRetriedWithTheDagCheckThoughTheStoreStillRecordsThePin() throws Exception {
        Cid x = stored("pinned, then loses a block");
        connector.pin(x, PinMode.RECURSIVE);
        pinHere(x);
        await().until(() -> statusOf(x) == TrackerStatus.PINNED);
        assertThat(pinner.started).isEmpty(); // the store held it pinned: nothing to fetch

        pinner.missing.put(x, List.of(x));
        pinner.failNext(x, 1);
        assertThat(tracker.reconcile()).containsExactly(x);
        await().until(() -> statusOf(x) == TrackerStatus.PIN_ERROR);

        scheduler.advance(Duration.ofSeconds(1));
        // The store still records the pin; only a retry that checks the DAG fetches what is missing.
        await().until(() -> pinner.started.size() == 2 && statusOf(x) == TrackerStatus.PINNED);
        assertThat(pinner.started).containsExactly(x, x);
    }

    @Test
    void recoverRetriesAFailedPinAtOnce() throws Exception {
        Cid x = stored("recovered by hand");
        pinner.failNext(x, 1);
        pinHere(x);
        await().until(() -> statusOf(x) == TrackerStatus.PIN_ERROR);

        tracker.recover(x);

        await().until(() -> statusOf(x) == TrackerStatus.PINNED);
        assertThat(scheduler.pendingOnce()).as("the backoff retry is called off").isZero();
    }
}
