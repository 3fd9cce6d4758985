package io.pincluster.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
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
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.FileImporter;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.service.testing.TestTls;
import io.pincluster.rpc.GrpcPeerRpc;
import io.pincluster.rpc.InMemoryAddressBook;
import io.pincluster.rpc.PeerRpcServer;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.ManualScheduler;
import io.pincluster.service.tracker.PinProgress;
import io.pincluster.service.tracker.TrackerSettings;
import io.pincluster.testkit.ManualClock;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Block exchange between real stores over the real cluster RPC on loopback: a good holder, a bad peer that flips
 * bits, and the local peer that lacks the DAG.
 */
class BlockExchangeTest {
    private static final ImportOptions SMALL_CHUNKS = new ImportOptions(0, false, 16 * 1024,
            ImportOptions.DEFAULT_MAX_LINKS, false, false);

    @TempDir
    Path dir;
    private final PeerId self = PeerIdentity.generate().peerId();
    private final PeerId good = PeerIdentity.generate().peerId();
    private final PeerId bad = PeerIdentity.generate().peerId();
    private final InMemoryAddressBook book = new InMemoryAddressBook();
    private final List<AutoCloseable> open = new ArrayList<>();
    private EmbeddedConnector local;
    private EmbeddedConnector goodStore;
    private StoreRpcHandler goodHandler;
    private StoreRpcHandler badHandler;
    private GrpcPeerRpc rpc;
    private BlockFetcher fetcher;
    private byte[] content;
    private Cid root;

    @BeforeEach
    void setUp() throws Exception {
        local = store("local", self);
        goodStore = store("good", good);
        EmbeddedConnector badStore = store("bad", bad);
        content = new byte[1024 * 1024 + 123];
        new Random(7).nextBytes(content);
        root = importInto(goodStore);
        assertThat(importInto(badStore)).isEqualTo(root);
        goodHandler = serve(good, new StoreRpcHandler(goodStore, false));
        badHandler = serve(bad, new StoreRpcHandler(badStore, true));
        rpc = new GrpcPeerRpc(book, tls(self), RpcSettings.defaults().withCallTimeout(Duration.ofSeconds(5)));
        open.add(0, rpc);
        fetcher = new BlockFetcher(local.store(), new DagPbLinkReader(), rpc, 4, 2);
        open.add(0, fetcher);
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    private EmbeddedConnector store(String name, PeerId id) throws Exception {
        EmbeddedConnector c = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve(name)), id);
        open.add(c);
        return c;
    }

    private Cid importInto(NodeConnector c) throws Exception {
        try (NodeConnector.ImportSession s = c.openImport()) {
            return new FileImporter(SMALL_CHUNKS).importFile(new ByteArrayInputStream(content), s, null).cid();
        }
    }

    private StoreRpcHandler serve(PeerId peer, StoreRpcHandler handler) {
        PeerRpcServer server = PeerRpcServer.start(new InetSocketAddress("127.0.0.1", 0), handler, tls(peer),
                RpcSettings.defaults());
        open.add(0, server);
        book.put(peer, "127.0.0.1:" + server.port());
        return handler;
    }

    private PeerTlsIdentity tls(PeerId peer) {
        PeerTlsIdentity identity = TestTls.of(peer, dir);
        open.add(identity);
        return identity;
    }

    private CandidatePeers candidates() {
        return new CandidatePeers(self, rpc, () -> List.of(bad, good));
    }

    private byte[] readLocally() throws Exception {
        try (InputStream in = new io.pincluster.ipld.unixfs.UnixFsReader(local.store()::get)
                .open(root, 0, content.length)) {
            return in.readAllBytes();
        }
    }

    @Test
    void aBadPeerIsNotBelievedAndTheFetchGoesOnFromAGoodOne() throws Exception {
        int total = (int) goodStore.store().stats().blockCount();

        BlockFetcher.FetchStats stats = fetcher.fetch(root, true, () -> List.of(bad, good), local.store(),
                new PinProgress(Clock.systemUTC()));

        assertThat(stats.blocksFetched()).isEqualTo(total).isGreaterThan(60);
        assertThat(local.store().missingBlocks(root)).isEmpty();
        assertThat(readLocally()).isEqualTo(content);
        // Asked first, caught at its first block(s), then never again in this fetch (at most one per parallel slot).
        assertThat(badHandler.blocksServed.get()).isBetween(1, 4);
        assertThat(goodHandler.blocksServed.get()).isEqualTo(total);
    }

    @Test
    void aFetchResumesWhereItStoppedAndFetchesOnlyWhatIsMissing() throws Exception {
        PinProgress first = new PinProgress(Clock.systemUTC());
        first.cancel("simulated stop");
        assertThatThrownBy(() -> fetcher.fetch(root, true, () -> List.of(good), local.store(), first))
                .hasMessageContaining("simulated stop");
        // Half the file arrives some other way (an earlier, interrupted attempt).
        try (NodeConnector.ImportSession s = local.openImport()) {
            new FileImporter(SMALL_CHUNKS).importFile(new ByteArrayInputStream(content, 0, content.length / 2),
                    s, null);
        }
        long already = local.store().stats().blockCount();

        BlockFetcher.FetchStats stats = fetcher.fetch(root, true, () -> List.of(good), local.store(),
                new PinProgress(Clock.systemUTC()));

        assertThat(stats.blocksPresent()).isGreaterThan(1);
        assertThat(stats.blocksFetched()).isEqualTo(goodHandler.blocksServed.get());
        assertThat(stats.blocksFetched() + stats.blocksPresent()).isEqualTo(goodStore.store().stats().blockCount());
        assertThat(readLocally()).isEqualTo(content);
        assertThat(already).isGreaterThan(0);
    }

    @Test
    void aBlockNoPeerCanProvideFailsNamingItAndWhatEachPeerSaid() {
        assertThatThrownBy(() -> fetcher.fetch(root, true, () -> List.of(bad), local.store(),
                new PinProgress(Clock.systemUTC())))
                .isInstanceOf(BlockUnavailableException.class)
                .hasMessageContaining(bad + ": sent corrupt data");
        assertThat(local.store().stats().blockCount()).isZero();
    }

    @Test
    void deletedBlockFilesAreFoundByTheReconcileAndFetchedBackWithoutOperatorAction() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        ManualScheduler scheduler = new ManualScheduler(clock);
        PinSetState pinset = new PinSetState();
        Duration interval = Duration.ofSeconds(30);
        LocalPinTracker tracker = new LocalPinTracker(self, pinset, local,
                new FetchingPinner(local.store(), local, fetcher, candidates()),
                TrackerSettings.defaults().withReconcileInterval(interval), clock, scheduler);
        open.add(0, tracker);
        pinset.addListener(tracker);
        tracker.start();
        pinset.apply(new PinOp.AddPin(new Pin(root, PinOptions.DEFAULTS.withReplication(2, 2), PinType.DATA,
                List.of(good, self), null, clock.instant())));
        await().until(() -> tracker.status(root).status() == TrackerStatus.PINNED);
        assertThat(readLocally()).isEqualTo(content);

        List<Path> deleted = deleteSomeBlockFiles(local, 5);
        assertThat(local.store().missingBlocks(root)).hasSize(5);
        int servedBefore = goodHandler.blocksServed.get();

        scheduler.advance(interval);

        await().until(() -> tracker.status(root).status() == TrackerStatus.PINNED
                && local.store().missingBlocks(root).isEmpty());
        assertThat(deleted).allMatch(Files::exists);
        assertThat(goodHandler.blocksServed.get() - servedBefore).isEqualTo(5);
        assertThat(readLocally()).isEqualTo(content);
    }

    @Test
    void theReconcileReportsLostContentAsUnexpectedlyUnpinned() throws Exception {
        ManualClock clock = new ManualClock(Instant.parse("2030-01-01T00:00:00Z"));
        PinSetState pinset = new PinSetState();
        BlockFetcher ownFetcher = new BlockFetcher(goodStore.store(), new DagPbLinkReader(), rpc, 2, 1);
        open.add(0, ownFetcher);
        LocalPinTracker tracker = new LocalPinTracker(self, pinset, goodStore,
                new FetchingPinner(goodStore.store(), goodStore, ownFetcher, new CandidatePeers(self, rpc, List::of)),
                TrackerSettings.defaults(), clock, new ManualScheduler(clock));
        open.add(0, tracker);
        goodStore.pin(root, io.pincluster.core.pin.PinMode.RECURSIVE);
        pinset.apply(new PinOp.AddPin(new Pin(root, PinOptions.DEFAULTS.withReplication(1, 1), PinType.DATA,
                List.of(self), null, clock.instant())));
        deleteSomeBlockFiles(goodStore, 1);

        assertThat(tracker.reconcile()).containsExactly(root);
        assertThat(tracker.status(root).status()).isIn(TrackerStatus.UNEXPECTEDLY_UNPINNED, TrackerStatus.PINNING,
                TrackerStatus.PIN_ERROR);
        await().until(() -> tracker.status(root).status() == TrackerStatus.PIN_ERROR);
        assertThat(tracker.status(root).error()).contains("no peer provided it");
    }

    @Test
    void theGatewaySourceServesAFileItDoesNotHoldFromAPeerThatDoes() throws Exception {
        PinSetState pinset = new PinSetState();
        pinset.apply(new PinOp.AddPin(new Pin(root, PinOptions.DEFAULTS.withReplication(1, 1), PinType.DATA,
                List.of(good), null, Instant.now())));
        GatewayBlockCache cache = GatewayBlockCache.open(dir.resolve("cache"), 64 << 20,
                BlockStoreConfig.DEFAULT_MAX_BLOCK_SIZE, new DagPbLinkReader());
        open.add(0, cache);
        PeerFallbackContentSource source = new PeerFallbackContentSource(local.store(), cache, new HotBlocks(0),
                new DagPbLinkReader(), fetcher, pinset, candidates());

        assertThat(source.resolve(root, List.of()).size()).isEqualTo(content.length);
        byte[] served;
        try (InputStream in = source.openFile(root, 0, content.length)) {
            served = in.readAllBytes();
        }

        assertThat(served).isEqualTo(content);
        assertThat(local.store().isPinned(root)).isFalse();
        assertThat(local.store().stats().blockCount()).as("read blocks are cached, not stored").isZero();
        assertThat(cache.blocks()).isEqualTo(goodStore.store().stats().blockCount());
        assertThat(badHandler.blocksServed.get()).as("allocated holder asked before any other peer").isZero();
    }

    private static List<Path> deleteSomeBlockFiles(EmbeddedConnector c, int n) throws Exception {
        Path blocks = c.store().config().root().resolve("blocks");
        List<Path> files;
        try (Stream<Path> all = Files.walk(blocks)) {
            files = all.filter(p -> p.toString().endsWith(".data")).sorted().toList();
        }
        // Leaves only: the root's file is kept so the walk can see which children went missing.
        List<Path> victims = new ArrayList<>();
        for (Path p : files) {
            if (victims.size() == n) {
                break;
            }
            if (Files.size(p) > 16 * 1024) {
                victims.add(p);
            }
        }
        for (Path p : victims) {
            Files.delete(p);
        }
        return victims;
    }
}
