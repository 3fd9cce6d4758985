package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

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
import io.pincluster.service.config.ConnectorSection;
import io.pincluster.service.connector.ConnectorKind;
import io.pincluster.service.connector.GarbageCollector;
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

/**
 * Make-before-break on one peer: a copy whose pin moved to other peers stays pinned (and survives GC) until the
 * leader releases it; a pin that left the pinset is unpinned at once; what the store gains and loses is journalled
 * for the holdings reports.
 */
class SurplusCopyTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId OTHER = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private ConnectorKind kind;
    private NodeConnector connector;
    private PinSetState pinset;
    private LocalPinTracker tracker;

    @BeforeEach
    void setUp() throws Exception {
        kind = ConnectorKind.open(ConnectorSection.defaults(), dir.resolve("blocks"), SELF);
        connector = kind.connector();
        pinset = new PinSetState();
        tracker = new LocalPinTracker(SELF, pinset, connector, ContentPinner.localOnly(connector),
                TrackerSettings.defaults().withConcurrency(2).withReconcileInterval(Duration.ZERO), Clock.systemUTC(),
                new ExecutorScheduler("test-tracker"));
        pinset.addListener(tracker);
        tracker.start();
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        kind.close();
    }

    private Cid addFile(String text) throws Exception {
        try (NodeConnector.ImportSession s = connector.openImport()) {
            return new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), s, null).cid();
        }
    }

    private void allocate(Cid cid, PeerId... peers) {
        pinset.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(1, 2), PinType.DATA,
                List.of(peers), null, Instant.now())));
    }

    private Cid pinnedHere(String text) throws Exception {
        Cid cid = addFile(text);
        allocate(cid, SELF);
        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED && tracker.inProgress().isEmpty());
        return cid;
    }

    /** Moves {@code cid} to OTHER and waits until the tracker has worked on it. */
    private void moveAway(Cid cid) {
        allocate(cid, OTHER);
        await().until(() -> tracker.surplusCopies().isAwaiting(cid) && tracker.inProgress().isEmpty());
    }

    @Test
    void aCopyWhosePinMovedAwayIsKeptUntilTheLeaderReleasesIt() throws Exception {
        Cid cid = pinnedHere("moving away");
        assertThat(tracker.holdingChanges().take(10).added()).containsExactly(cid);

        moveAway(cid);

        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);
        LocalStatus kept = tracker.status(cid);
        assertThat(kept.status()).as("a kept copy is whole here and says so").isEqualTo(TrackerStatus.PINNED);
        assertThat(kept.error()).isEqualTo(LocalPinTracker.SURPLUS_NOTE);
        assertThat(tracker.surplusCopies().awaitingAfter(null, 10)).containsExactly(cid);
        assertThat(tracker.holdingChanges().size()).isZero(); // still held: nothing to tell the leader
        assertThat(tracker.reconcile()).isEmpty(); // the periodic pass leaves a kept copy alone
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);

        assertThat(tracker.release(List.of(cid))).containsExactly(cid);

        await().until(() -> connector.status(cid) == NodeConnector.PinState.UNPINNED
                && tracker.inProgress().isEmpty());
        assertThat(tracker.surplusCopies().awaitingCount()).isZero();
        assertThat(tracker.status(cid)).isEqualTo(new LocalStatus(TrackerStatus.REMOTE, "",
                tracker.status(cid).timestamp(), 0));
        assertThat(tracker.holdingChanges().take(10).removed()).containsExactly(cid);
    }

    @Test
    void aPinRemovedFromThePinsetIsUnpinnedAtOnceEvenWhileKept() throws Exception {
        Cid removedWhileAllocated = pinnedHere("removed while allocated here");
        Cid removedWhileKept = pinnedHere("removed while kept");
        moveAway(removedWhileKept);
        tracker.holdingChanges().clear();

        pinset.apply(new PinOp.RemovePin(removedWhileAllocated));
        pinset.apply(new PinOp.RemovePin(removedWhileKept));

        await().until(() -> connector.status(removedWhileAllocated) == NodeConnector.PinState.UNPINNED
                && connector.status(removedWhileKept) == NodeConnector.PinState.UNPINNED);
        assertThat(tracker.surplusCopies().kept()).isEmpty();
        await().until(() -> tracker.holdingChanges().size() == 2);
        assertThat(tracker.holdingChanges().take(10).removed())
                .containsExactlyInAnyOrder(removedWhileAllocated, removedWhileKept);
    }

    @Test
    void aKeptCopyAllocatedHereAgainIsNoLongerSurplusAndCannotBeReleased() throws Exception {
        Cid cid = pinnedHere("coming back");
        moveAway(cid);

        allocate(cid, OTHER, SELF);
        await().until(() -> !tracker.surplusCopies().isAwaiting(cid) && tracker.inProgress().isEmpty());

        assertThat(tracker.release(List.of(cid))).isEmpty();
        assertThat(tracker.status(cid).status()).isEqualTo(TrackerStatus.PINNED);
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);
    }

    @Test
    void aRestartedTrackerKeepsCopiesWhosePinsMovedWhileItWasDown() throws Exception {
        Cid cid = pinnedHere("moved while down");
        tracker.close();
        pinset.removeListener(tracker);
        allocate(cid, OTHER);

        tracker = new LocalPinTracker(SELF, pinset, connector, ContentPinner.localOnly(connector),
                TrackerSettings.defaults().withConcurrency(2).withReconcileInterval(Duration.ZERO), Clock.systemUTC(),
                new ExecutorScheduler("test-tracker-restarted"));
        pinset.addListener(tracker);
        tracker.start();

        await().until(() -> tracker.surplusCopies().isAwaiting(cid) && tracker.inProgress().isEmpty());
        assertThat(connector.status(cid)).isEqualTo(NodeConnector.PinState.RECURSIVE);
    }

    @Test
    void garbageCollectionKeepsKeptCopies() throws Exception {
        Cid kept = pinnedHere("kept through a GC");
        Cid dropped = pinnedHere("dropped by a GC");
        moveAway(kept);
        pinset.apply(new PinOp.RemovePin(dropped));
        await().until(() -> connector.status(dropped) == NodeConnector.PinState.UNPINNED);
        GarbageCollector gc = kind.garbageCollector(SELF, pinset, tracker.surplusCopies()::kept).orElseThrow();

        List<Cid> removed = gc.collect();

        assertThat(removed).isNotEmpty();
        assertThat(connector.block(kept)).isNotEmpty();
        assertThat(connector.status(kept)).isEqualTo(NodeConnector.PinState.RECURSIVE);
        assertThat(removed.stream().map(Cid::multihash)).contains(dropped.multihash())
                .doesNotContain(kept.multihash());
    }

    @Test
    void garbageCollectionKeepsWhateverTheKeptCopiesNameEvenIfNotPinned() throws Exception {
        Cid named = addFile("named as kept, pinned nowhere");
        Cid unnamed = addFile("named by nobody");
        GarbageCollector gc = kind.garbageCollector(SELF, pinset, () -> java.util.stream.Stream.of(named))
                .orElseThrow();

        List<Cid> removed = gc.collect();

        assertThat(removed.stream().map(Cid::multihash)).contains(unnamed.multihash())
                .doesNotContain(named.multihash());
        assertThat(connector.block(named)).isNotEmpty();
    }
}
