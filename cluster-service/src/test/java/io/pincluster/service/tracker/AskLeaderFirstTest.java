package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.tracker.HolderLookup.Holders;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tracker asks the leader who holds a pin before its attempt (decision 0022) and hands the answer to the pinner:
 * nobody (the pin waits without a peer asked), the holders, or unknown. Pins with origins, pins whose root block is
 * here and an operator's recover do not ask. A real tracker and store; the lookup answers from a table.
 */
class AskLeaderFirstTest {
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId OTHER = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private final ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
    private final ManualScheduler scheduler = new ManualScheduler(clock);
    private final TableLookup lookup = new TableLookup();
    private EmbeddedConnector connector;
    private PinSetState pinset;
    private RecordingPinner pinner;
    private LocalPinTracker tracker;

    /** Answers from {@link #answers} (UNKNOWN otherwise) and records what it was asked. */
    private static final class TableLookup implements HolderLookup {
        final Map<Cid, Holders> answers = new ConcurrentHashMap<>();
        final List<Cid> asked = new CopyOnWriteArrayList<>();
        /** Answers given only when the test completes them. */
        final Map<Cid, CompletableFuture<Holders>> held = new ConcurrentHashMap<>();

        @Override
        public CompletableFuture<Holders> holdersOf(Cid cid) {
            asked.add(cid);
            CompletableFuture<Holders> later = held.get(cid);
            return later != null ? later
                    : CompletableFuture.supplyAsync(() -> answers.getOrDefault(cid, Holders.UNKNOWN));
        }
    }

    /**
     * Records the answer each attempt was given; a known holder "sends" the block (it is put in the store), anything
     * else finds no peer that has it.
     */
    private static final class RecordingPinner implements ContentPinner {
        private final EmbeddedConnector connector;
        final List<Holders> given = new CopyOnWriteArrayList<>();

        RecordingPinner(EmbeddedConnector connector) {
            this.connector = connector;
        }

        @Override
        public CompletableFuture<Void> pin(Pin pin, PinProgress progress) {
            return pin(pin, progress, Holders.UNKNOWN);
        }

        @Override
        public CompletableFuture<Void> pin(Pin pin, PinProgress progress, Holders holders) {
            given.add(holders);
            if (!holders.peers().isEmpty()) {
                try (var session = connector.openImport()) {
                    session.put(pin.cid(), block(pin.cid()));
                }
            }
            if (!needsPeers(pin)) {
                return connector.pinAsync(pin.cid(), pin.options().mode());
            }
            throw new ContentUnavailableException("no peer provided " + pin.cid());
        }

        @Override
        public boolean needsPeers(Pin pin) {
            try {
                return !connector.store().hasOnDisk(pin.cid());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** As the embedded store's pinner with no archive and no gateway cache: only a peer can bring the content. */
        @Override
        public boolean couldPinWithoutPeers(Pin pin) {
            return !needsPeers(pin);
        }

        @Override
        public List<Cid> missingBlocks(Pin pin) {
            return List.of();
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        pinset = new PinSetState();
        pinner = new RecordingPinner(connector);
        TrackerSettings settings = TrackerSettings.defaults().withConcurrency(2)
                .withReconcileInterval(Duration.ofHours(1)).withAbsentRecheckInterval(Duration.ofMinutes(10));
        tracker = new LocalPinTracker(SELF, pinset, connector, pinner, settings, clock, scheduler, () -> 0.5,
                lookup);
        pinset.addListener(tracker);
        tracker.start();
    }

    @AfterEach
    void tearDown() {
        tracker.close();
        connector.close();
    }

    @Test
    void aPinNobodyHoldsWaitsOnTheLeadersAnswerUntilTheReCheckAsksAgain() {
        Cid cid = cid("nobody has it");
        lookup.answers.put(cid, Holders.NOBODY);

        pinset.apply(new PinOp.AddPin(pin(cid, PinOptions.DEFAULTS)));

        await().until(() -> tracker.waitingCount() == 1);
        assertThat(pinner.given).as("no pass that would ask no peer: the answer puts it to wait").isEmpty();
        assertThat(lookup.asked).containsExactly(cid);
        assertThat(tracker.status(cid).error()).isEqualTo(LocalPinTracker.WAITING_NOTE);
        assertThat(tracker.inProgress()).isEmpty();

        scheduler.advance(Duration.ofMinutes(10)); // the safety net asks the leader again, not the peers
        await().until(() -> lookup.asked.size() == 2 && tracker.waitingCount() == 1);
        assertThat(pinner.given).isEmpty();
    }

    @Test
    void theReCheckGivesAPassOnlyToThePinsTheLeaderNowSaysSomeoneHolds() {
        Cid stillNobody = cid("still nobody has it");
        Cid heldNow = cid("a holder appeared and the wake-up was lost");
        lookup.answers.put(stillNobody, Holders.NOBODY);
        lookup.answers.put(heldNow, Holders.NOBODY);
        pinset.apply(new PinOp.AddPin(pin(stillNobody, PinOptions.DEFAULTS)));
        pinset.apply(new PinOp.AddPin(pin(heldNow, PinOptions.DEFAULTS)));
        await().until(() -> tracker.waitingCount() == 2);
        lookup.answers.put(heldNow, Holders.of(List.of(OTHER)));
        CompletableFuture<Holders> answerForStillNobody = new CompletableFuture<>();
        lookup.held.put(stillNobody, answerForStillNobody);

        scheduler.advance(Duration.ofMinutes(10));

        await().until(() -> tracker.status(heldNow).status() == TrackerStatus.PINNED);
        await().until(() -> lookup.asked.stream().filter(stillNobody::equals).count() == 2);
        assertThat(tracker.inProgress()).as("asked about while it waits, not in a pass of its own").isEmpty();
        assertThat(tracker.status(stillNobody).error()).isEqualTo(LocalPinTracker.WAITING_NOTE);
        answerForStillNobody.complete(Holders.NOBODY);
        assertThat(pinner.given).as("one pass, for the pin someone holds").containsExactly(Holders.of(List.of(OTHER)));
        assertThat(tracker.waitingCount()).isEqualTo(1);
    }

    @Test
    void aPinWithHoldersIsFetchedFromThem() {
        Cid cid = cid("held by the other peer");
        lookup.answers.put(cid, Holders.of(List.of(OTHER)));

        pinset.apply(new PinOp.AddPin(pin(cid, PinOptions.DEFAULTS)));

        await().until(() -> tracker.status(cid).status() == TrackerStatus.PINNED);
        assertThat(pinner.given).containsExactly(Holders.of(List.of(OTHER)));
    }

    @Test
    void anUnknownAnswerLeavesTheChoiceOfPeersToThePinner() {
        Cid cid = cid("the leader cannot tell");

        pinset.apply(new PinOp.AddPin(pin(cid, PinOptions.DEFAULTS)));

        await().until(() -> tracker.waitingCount() == 1);
        assertThat(lookup.asked).containsExactly(cid);
        assertThat(pinner.given).containsExactly(Holders.UNKNOWN);
    }

    @Test
    void originsALocalRootAndAnOperatorsRecoverDoNotAskTheLeader() throws Exception {
        Cid withOrigins = cid("named origins");
        pinset.apply(new PinOp.AddPin(pin(withOrigins, new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(),
                null, Map.of(), null, List.of("/ip4/10.0.0.9/tcp/4001/p2p/" + OTHER.value())))));
        Cid local = cid("already here");
        try (var session = connector.openImport()) {
            session.put(local, block(local));
        }
        pinset.apply(new PinOp.AddPin(pin(local, PinOptions.DEFAULTS)));
        await().until(() -> tracker.waitingCount() == 1 && tracker.status(local).status() == TrackerStatus.PINNED);
        assertThat(lookup.asked).isEmpty();

        Cid absent = cid("recovered by hand");
        lookup.answers.put(absent, Holders.NOBODY);
        pinset.apply(new PinOp.AddPin(pin(absent, PinOptions.DEFAULTS)));
        await().until(() -> tracker.waitingCount() == 2);
        int before = pinner.given.size();

        tracker.recover(absent); // the operator's recover asks the peers themselves (unpinned content elsewhere)

        await().until(() -> pinner.given.size() == before + 1 && tracker.waitingCount() == 2);
        assertThat(pinner.given.get(before)).isEqualTo(Holders.UNKNOWN);
        assertThat(lookup.asked).containsExactly(absent);
    }

    @Test
    void originsAddedWhileTheLeaderIsAskedAreNotOverruledByItsStaleNobody() {
        // An /add whose push missed this peer re-pins naming the adder in origins; the re-pin lands here while the
        // first pass's question to the leader is in flight, and the leader then answers "nobody" (the adder holds
        // the blocks without a pin). That answer was about the pin without origins: the pass must ask the origins.
        Cid cid = cid("pushed to the old address");
        CompletableFuture<Holders> answer = new CompletableFuture<>();
        lookup.held.put(cid, answer);
        pinset.apply(new PinOp.AddPin(pin(cid, PinOptions.DEFAULTS)));
        await().until(() -> lookup.asked.size() == 1);

        pinset.apply(new PinOp.AddPin(pin(cid, new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), null,
                Map.of(), null, List.of("/p2p/" + OTHER.value())))));
        answer.complete(Holders.NOBODY);

        await().until(() -> pinner.given.size() == 1 && tracker.waitingCount() == 1);
        assertThat(pinner.given).as("the origins are asked, not nobody").containsExactly(Holders.UNKNOWN);
    }

    private static final Map<Cid, byte[]> BLOCKS = new ConcurrentHashMap<>();

    private static byte[] block(Cid cid) {
        return BLOCKS.get(cid);
    }

    /** A raw block whose content is {@code name}. */
    private static Cid cid(String name) {
        byte[] data = name.getBytes(StandardCharsets.UTF_8);
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(data));
        BLOCKS.put(cid, data);
        return cid;
    }

    private static Pin pin(Cid cid, PinOptions options) {
        return new Pin(cid, options.withReplication(1, 2), PinType.DATA, List.of(SELF, OTHER), null,
                Instant.now());
    }
}
