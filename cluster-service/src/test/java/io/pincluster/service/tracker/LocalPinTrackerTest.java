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
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalPinTrackerTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId OTHER = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private EmbeddedConnector connector;
    private PinSetState pinset;
    private LocalPinTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        pinset = new PinSetState();
        tracker = newTracker();
    }

    private LocalPinTracker newTracker() {
        LocalPinTracker t = new LocalPinTracker(SELF, pinset, connector, ContentPinner.localOnly(connector),
                TrackerSettings.defaults().withConcurrency(2).withReconcileInterval(Duration.ZERO), Clock.systemUTC(),
                new ExecutorScheduler("test-tracker"));
        pinset.addListener(t);
        return t;
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        connector.close();
    }

    private Cid addFile(String text) throws Exception {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            return new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), s, null).cid();
        }
    }

    private static Pin pin(Cid cid, PeerId... allocations) {
        PinOptions options = allocations.length == 0 ? PinOptions.DEFAULTS.withReplication(-1, -1)
                : PinOptions.DEFAULTS.withReplication(1, allocations.length);
        return new Pin(cid, options, PinType.DATA, List.of(allocations), null, Instant.now());
    }

    @Test
    void allocatedPinWithLocalBlocksBecomesPinnedAndUnpinIsFollowed() throws Exception {
        tracker.start();
        Cid cid = addFile("hello tracker");

        pinset.apply(new PinOp.AddPin(pin(cid, SELF)));

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);

        pinset.apply(new PinOp.RemovePin(cid));

        await().until(() -> tracker.status(cid).status() == TrackerStatus.UNPINNED);
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.UNPINNED);
        assertThat(tracker.inProgress()).isEmpty();
    }

    @Test
    void pinAllocatedElsewhereIsRemoteAndNotPinnedHere() throws Exception {
        tracker.start();
        Cid cid = addFile("someone else's");

        pinset.apply(new PinOp.AddPin(pin(cid, OTHER)));

        assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.REMOTE);
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.UNPINNED);
    }

    @Test
    void missingBlocksGivePinErrorAndRecoverPinsOnceTheyArrive() throws Exception {
        tracker.start();
        byte[] content = "arrives later".getBytes(StandardCharsets.UTF_8);
        // Compute the CID without storing anything.
        Cid cid = new FileImporter(ImportOptions.kuboDefaults())
                .importFile(new ByteArrayInputStream(content), (c, b) -> { }, null).cid();

        pinset.apply(new PinOp.AddPin(pin(cid)));

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PIN_ERROR);
        LocalStatus failed = tracker.status(cid);
        assertThat(failed.error()).contains(cid.toString()).contains("not available locally");
        assertThat(failed.attemptCount()).isEqualTo(1);

        assertThat(addFile("arrives later")).isEqualTo(cid);
        assertThat(tracker.recoverAll()).containsExactly(cid);

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
    }

    @Test
    void startReconcilesPinsetAndStoreChangedWhileStopped() throws Exception {
        Cid keep = addFile("keep me");
        Cid drop = addFile("drop me");
        connector.pin(drop, io.pincluster.core.pin.PinMode.RECURSIVE);
        pinset.removeListener(tracker);
        pinset.apply(new PinOp.AddPin(pin(keep, SELF))); // happened while the tracker was not listening

        assertThat(tracker.status(keep).status()).isEqualTo(TrackerStatus.UNEXPECTEDLY_UNPINNED);
        tracker.start();

        await().until(() -> tracker.status(keep).status() == TrackerStatus.PINNED
                && connector.status(drop) == NodeConnector.PinState.UNPINNED);
        assertThat(connector.pins()).containsExactly(keep);
    }

    @Test
    void aSnapshotInstalledAfterStartIsWalkedNotToldPinByPin() throws Exception {
        Cid kept = addFile("kept across the install");
        Cid dropped = addFile("gone in the leader's snapshot");
        Cid added = addFile("new in the leader's snapshot");
        tracker.start();
        Pin keptPin = pin(kept, SELF);
        pinset.apply(new PinOp.AddPin(keptPin));
        pinset.apply(new PinOp.AddPin(pin(dropped, SELF)));
        await().until(() -> connector.status(dropped) == NodeConnector.PinState.RECURSIVE
                && connector.status(kept) == NodeConnector.PinState.RECURSIVE);
        List<Pin> seen = new java.util.ArrayList<>();
        pinset.addListener((before, after) -> seen.add(after != null ? after : before)); // a per-pin listener

        // A follower that fell behind the purged log installs the leader's snapshot; the tracker resyncs itself.
        pinset.replaceAll(List.of(keptPin, pin(added, SELF)).iterator(), 20);

        assertThat(seen).as("listeners that want them still get the differences").extracting(Pin::cid)
                .containsExactlyInAnyOrder(dropped, added);
        await().until(() -> connector.status(added) == NodeConnector.PinState.RECURSIVE
                && connector.status(dropped) == NodeConnector.PinState.UNPINNED);
        assertThat(connector.status(kept)).isEqualTo(NodeConnector.PinState.RECURSIVE);
        await().until(() -> tracker.status(added).status() == TrackerStatus.PINNED);
    }

    @Test
    void aSnapshotLoadedBeforeStartQueuesNothingUntilTheCatchUpQueuesWhatTheStoreLacks() throws Exception {
        List<Pin> snapshot = new java.util.ArrayList<>();
        for (int i = 0; i < 200; i++) {
            Cid held = addFile("held " + i);
            connector.pin(held, io.pincluster.core.pin.PinMode.RECURSIVE);
            snapshot.add(pin(held, SELF));
        }
        Cid missing = new FileImporter(ImportOptions.kuboDefaults())
                .importFile(new ByteArrayInputStream("not here".getBytes(StandardCharsets.UTF_8)), (c, b) -> { }, null)
                .cid();
        snapshot.add(pin(missing, SELF));

        pinset.replaceAll(snapshot.iterator(), 10); // a peer starting: consensus loads its snapshot first
        assertThat(tracker.inProgress()).as("nothing held per pin before start").isEmpty();

        tracker.start();
        await().until(() -> tracker.status(missing).status() == TrackerStatus.PIN_ERROR);
        assertThat(tracker.status(snapshot.get(0).cid()).status()).isEqualTo(TrackerStatus.PINNED);
        assertThat(tracker.inProgress()).containsOnly(missing);
    }
}
