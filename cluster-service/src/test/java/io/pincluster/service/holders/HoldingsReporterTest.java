package io.pincluster.service.holders;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.ExecutorScheduler;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.TrackerSettings;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One peer's reporter against leaders' registries in this JVM: paged full reports, change reports, reports that
 * fail or reach a peer that no longer leads, a leader change, the leader reporting to itself, and releases.
 */
class HoldingsReporterTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId LEADER = PeerIdentity.generate().peerId();
    private static final PeerId NEXT_LEADER = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private EmbeddedConnector connector;
    private final PinSetState pinset = new PinSetState();
    private LocalPinTracker tracker;
    private final LeaderLink link = new LeaderLink();
    private final AtomicReference<PeerId> leader = new AtomicReference<>(LEADER);
    private final AtomicLong leaderTerm = new AtomicLong(3);
    private HolderRegistry leaderRegistry;
    private HolderRegistry ownRegistry;
    private HoldingsReporter reporter;

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        tracker = new LocalPinTracker(SELF, pinset, connector, ContentPinner.localOnly(connector),
                TrackerSettings.defaults().withConcurrency(2).withReconcileInterval(Duration.ZERO), Clock.systemUTC(),
                new ExecutorScheduler("test-tracker"));
        pinset.addListener(tracker);
        tracker.start();
        leaderRegistry = new HolderRegistry(pinset, p -> true, leaderTerm::get, Duration.ZERO);
        link.registries.put(LEADER, leaderRegistry);
        ownRegistry = new HolderRegistry(pinset, p -> true, () -> leader.get().equals(SELF) ? 8 : -1,
                Duration.ZERO);
        reporter = new HoldingsReporter(SELF, tracker, connector, pinset, () -> Optional.ofNullable(leader.get()),
                ownRegistry, link, Duration.ofHours(1), 2);
    }

    @AfterEach
    void tearDown() {
        reporter.close();
        tracker.close();
        connector.close();
    }

    private Cid pinnedHere(String text, PeerId... alsoOn) throws Exception {
        Cid cid;
        try (NodeConnector.ImportSession s = connector.openImport()) {
            cid = new FileImporter(ImportOptions.kuboDefaults())
                    .importFile(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), s, null).cid();
        }
        List<PeerId> peers = new ArrayList<>(List.of(alsoOn));
        peers.add(SELF);
        allocate(cid, peers);
        await().until(() -> connector.status(cid) == NodeConnector.PinState.RECURSIVE
                && tracker.inProgress().isEmpty());
        return cid;
    }

    private void allocate(Cid cid, List<PeerId> peers) {
        pinset.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(1, 3), PinType.DATA, peers,
                null, Instant.now())));
    }

    @Test
    void theFirstReportIsAFullReportInPagesThenOnlyChangesGo() throws Exception {
        List<Cid> held = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            held.add(pinnedHere("held " + i));
        }

        reporter.reportNow();

        assertThat(link.sent).hasSize(3); // 5 CIDs, 2 per page
        assertThat(link.sent.get(0).reset()).isTrue();
        assertThat(link.sent.get(2).complete()).isTrue();
        assertThat(link.sent).extracting(HoldingsReport::sequence).containsExactly(1L, 2L, 3L);
        assertThat(leaderRegistry.hasFullReport(SELF)).isTrue();
        assertThat(held).allMatch(c -> leaderRegistry.holds(SELF, c));
        assertThat(leaderRegistry.heldCount(SELF)).isEqualTo(5);

        Cid later = pinnedHere("pinned after the full report");
        pinset.apply(new PinOp.RemovePin(held.get(0)));
        await().until(() -> connector.status(held.get(0)) == NodeConnector.PinState.UNPINNED);
        link.sent.clear();

        reporter.reportNow();

        assertThat(link.sent).hasSize(1);
        HoldingsReport delta = link.sent.get(0);
        assertThat(delta.reset()).isFalse();
        assertThat(delta.sequence()).isEqualTo(4);
        assertThat(delta.added()).containsExactly(later);
        assertThat(delta.removed()).containsExactly(held.get(0));
        assertThat(leaderRegistry.holds(SELF, later)).isTrue();
        assertThat(leaderRegistry.holds(SELF, held.get(0))).isFalse();
    }

    @Test
    void changesOfARoundThatFailsGoInTheNextRound() throws Exception {
        reporter.reportNow();
        Cid cid = pinnedHere("reported late");
        link.cut = true;

        assertThatThrownBy(reporter::reportNow).isInstanceOf(ClusterException.class);
        assertThat(leaderRegistry.holds(SELF, cid)).isFalse();

        link.cut = false;
        reporter.reportNow();
        // The failed report's number is never used again, so the leader saw a gap and asked for a full report.
        assertThat(leaderRegistry.holds(SELF, cid)).isTrue();
        assertThat(leaderRegistry.hasFullReport(SELF)).isTrue();
    }

    @Test
    void aPeerThatNoLongerLeadsKeepsNothingAndTheNewLeaderGetsAFullReport() throws Exception {
        Cid first = pinnedHere("first");
        reporter.reportNow();
        leaderTerm.set(-1); // LEADER lost the leadership; this peer still thinks it leads
        Cid second = pinnedHere("second");

        reporter.reportNow();
        assertThat(leaderRegistry.holds(SELF, second)).isFalse();

        HolderRegistry next = new HolderRegistry(pinset, p -> true, () -> 4, Duration.ZERO);
        link.registries.put(NEXT_LEADER, next);
        leader.set(NEXT_LEADER);
        link.sent.clear();
        reporter.reportNow();

        assertThat(link.sent.get(0).reset()).isFalse(); // the changes first: the new leader answers resync
        assertThat(link.sent.get(1).reset()).isTrue();
        assertThat(next.hasFullReport(SELF)).isTrue();
        assertThat(next.holds(SELF, first)).isTrue();
        assertThat(next.holds(SELF, second)).isTrue();
    }

    @Test
    void theLeaderReportsToItsOwnRegistryWithoutAnRpc() throws Exception {
        Cid cid = pinnedHere("on the leader");
        leader.set(SELF);

        reporter.reportNow();

        assertThat(link.sent).isEmpty();
        assertThat(ownRegistry.holds(SELF, cid)).isTrue();
        assertThat(ownRegistry.hasFullReport(SELF)).isTrue();
    }

    @Test
    void nothingIsSentWhileNoLeaderIsKnown() throws Exception {
        pinnedHere("nobody to tell");
        leader.set(null);

        reporter.reportNow();

        assertThat(link.sent).isEmpty();
    }

    @Test
    void aKeptCopyIsListedAndReleasedOnceTheLeaderConfirmsItsNewHolder() throws Exception {
        PeerId other = PeerIdentity.generate().peerId();
        Cid moved = pinnedHere("moving to another peer");
        reporter.reportNow();
        allocate(moved, List.of(other));
        await().until(() -> tracker.surplusCopies().isAwaiting(moved) && tracker.inProgress().isEmpty());

        reporter.reportNow();
        assertThat(link.sent.get(link.sent.size() - 1).awaitingRelease()).containsExactly(moved);
        assertThat(leaderRegistry.awaitingRelease(SELF)).isEqualTo(1);
        assertThat(connector.status(moved)).isEqualTo(NodeConnector.PinState.RECURSIVE);

        leaderRegistry.report(new HoldingsReport(other, 1, 1, true, true, List.of(moved), List.of(), List.of(), 0));
        reporter.reportNow();

        await().until(() -> connector.status(moved) == NodeConnector.PinState.UNPINNED);
        reporter.reportNow();
        assertThat(leaderRegistry.holds(SELF, moved)).isFalse();
        assertThat(leaderRegistry.awaitingRelease(SELF)).isZero();
    }
}
