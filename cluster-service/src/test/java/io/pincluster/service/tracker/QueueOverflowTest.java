package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.NodeConnector;
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
 * A load larger than the tracker's queue: the pins the full queue turns away keep no state and no retry timer, say
 * {@code pin_queued}, and are all done once the queue has room (a walk of the pinset queues them), pins and unpins.
 */
class QueueOverflowTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final int QUEUE = 4;

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private EmbeddedConnector connector;
    private PinSetState pinset;
    private GatedPinner pinner;
    private LocalPinTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        pinset = new PinSetState();
        pinner = new GatedPinner(connector);
        TrackerSettings settings = new TrackerSettings(1, QUEUE, Duration.ofMinutes(1), Duration.ofMinutes(2),
                new RetryBackoff(Duration.ofSeconds(1), Duration.ofSeconds(4)));
        tracker = new LocalPinTracker(SELF, pinset, connector, pinner, settings, clock, scheduler);
        pinset.addListener(tracker);
        tracker.start();
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        connector.close();
    }

    @Test
    void pinsTheFullQueueTurnsAwayKeepNothingSayQueuedAndAreAllPinnedOnceItHasRoom() throws Exception {
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
        assertThat(tracker.reconcile()).as("the reconcile would take them for lost pins").isEmpty();
        assertThat(tracker.status(more.get(more.size() - 1)).status()).isEqualTo(TrackerStatus.PIN_QUEUED);

        pinner.release(first);

        await().until(() -> more.stream().allMatch(cid -> tracker.status(cid).status() == TrackerStatus.PINNED));
        assertThat(pinner.started).as("each pin worked on once").hasSize(more.size() + 1).doesNotHaveDuplicates();
        await().until(() -> tracker.inProgress().isEmpty());

        // The backlog is over: a pin allocated here and not held is a lost one again, not one the queue turned away.
        connector.unpin(more.get(0));
        assertThat(tracker.status(more.get(0)).status()).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);
    }

    @Test
    void unpinsTheFullQueueTurnsAwayAreDoneOnceItHasRoom() throws Exception {
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
}
