package io.pincluster.service.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinSetState;
import io.pincluster.gateway.GatewayConfig;
import io.pincluster.gateway.GatewayServer;
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
import io.pincluster.service.tracker.PinProgress;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The gateway of a peer that holds nothing, over real HTTP, reading from a real peer over the real cluster RPC on
 * loopback: what it fetches lands in its bounded cache (never in its store), is served again from there, and the
 * cache's evictions never touch content this peer pins.
 */
class GatewayCacheTest {
    // Few blocks per file: every block written here and in the cache is fsynced, slow on a busy CI disk.
    private static final ImportOptions CHUNKS = new ImportOptions(0, false, 128 * 1024,
            ImportOptions.DEFAULT_MAX_LINKS, false, false);
    private static final long BOUND = 1 << 20;

    @TempDir
    Path dir;
    private final PeerId self = PeerIdentity.generate().peerId();
    private final PeerId holder = PeerIdentity.generate().peerId();
    private final InMemoryAddressBook book = new InMemoryAddressBook();
    private final List<AutoCloseable> open = new ArrayList<>();
    // HTTP/1.1: the JDK client's default cleartext HTTP/2 upgrade misreads a large body that arrives with the 101
    // (~1 in 6 first requests here; the bytes on the wire are well-formed, curl 7.88 fails the same way)
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private EmbeddedConnector local;
    private EmbeddedConnector held;
    private StoreRpcHandler holderRpc;
    private GrpcPeerRpc rpc;
    private BlockFetcher fetcher;
    private CandidatePeers candidates;

    @BeforeEach
    void setUp() throws Exception {
        local = store("local", self);
        held = store("holder", holder);
        holderRpc = new StoreRpcHandler(held, false);
        PeerRpcServer server = PeerRpcServer.start(new InetSocketAddress("127.0.0.1", 0), holderRpc,
                tls(holder), RpcSettings.defaults());
        open.add(0, server);
        book.put(holder, "127.0.0.1:" + server.port());
        rpc = new GrpcPeerRpc(book, tls(self), RpcSettings.defaults()
                .withCallTimeout(Duration.ofSeconds(5)));
        open.add(0, rpc);
        candidates = new CandidatePeers(self, rpc, () -> List.of(holder));
    }

    private PeerTlsIdentity tls(PeerId peer) {
        PeerTlsIdentity identity = TestTls.of(peer, dir);
        open.add(identity);
        return identity;
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    /** Starts the local peer's gateway over {@code cache}, with no blocks kept in memory; returns its base URL. */
    private URI gateway(GatewayBlockCache cache) {
        return gateway(cache, new HotBlocks(0));
    }

    private URI gateway(GatewayBlockCache cache, HotBlocks hot) {
        fetcher = new BlockFetcher(local.store(), new DagPbLinkReader(), rpc, cache, 4, 2);
        open.add(0, fetcher);
        GatewayServer server = new GatewayServer(GatewayConfig.ephemeral(), new PeerFallbackContentSource(
                local.store(), cache, hot, new DagPbLinkReader(), fetcher, new PinSetState(), candidates));
        open.add(0, server);
        server.start();
        return URI.create("http://127.0.0.1:" + server.port());
    }

    private GatewayBlockCache cache(long bound) throws IOException {
        GatewayBlockCache cache = GatewayBlockCache.open(dir.resolve("local").resolve(GatewayBlockCache.FOLDER),
                bound, BlockStoreConfig.DEFAULT_MAX_BLOCK_SIZE, new DagPbLinkReader());
        open.add(0, cache);
        return cache;
    }

    @Test
    void aFileReadOnceIsServedAgainFromTheCacheWithoutASecondFetch() throws Exception {
        byte[] content = random(1, 300 * 1024);
        Cid root = importInto(held, content);
        GatewayBlockCache cache = cache(BOUND);
        URI gateway = gateway(cache);

        assertThat(get(gateway, root)).isEqualTo(content);
        int fetched = holderRpc.blocksServed.get();
        assertThat(fetched).isEqualTo(held.store().stats().blockCount()).isEqualTo(4); // 3 leaves and their root

        assertThat(get(gateway, root)).isEqualTo(content);
        assertThat(holderRpc.blocksServed.get()).as("blocks fetched again").isEqualTo(fetched);
        assertThat(cache.stats().hitCount()).isGreaterThanOrEqualTo(fetched);
        assertThat(local.store().stats().blockCount()).as("nothing read lands in the store").isZero();
    }

    @Test
    void aHotFileIsReadFromTheStoreOnceAndThenFromMemory() throws Exception {
        byte[] content = random(3, 300 * 1024);
        Cid root = importInto(local, content);
        HotBlocks hot = new HotBlocks(4 << 20);
        URI gateway = gateway(cache(BOUND), hot);

        assertThat(get(gateway, root)).isEqualTo(content);
        long misses = hot.stats().missCount();
        assertThat(misses).as("each of the 4 blocks read from the store").isGreaterThanOrEqualTo(4);
        long hitsBefore = hot.stats().hitCount();

        for (int i = 0; i < 3; i++) {
            assertThat(get(gateway, root)).isEqualTo(content);
        }
        assertThat(hot.stats().missCount()).as("no block read from the store again").isEqualTo(misses);
        assertThat(hot.stats().hitCount() - hitsBefore).isGreaterThanOrEqualTo(3 * 4);
        assertThat(holderRpc.blocksServed.get()).as("nothing fetched: the blocks are here").isZero();
    }

    @Test
    void theInMemoryCacheStaysWithinItsBound() throws Exception {
        long bound = 600 * 1024;
        HotBlocks hot = new HotBlocks(bound);
        List<byte[]> files = new ArrayList<>();
        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            files.add(random(20 + i, 512 * 1024));
            roots.add(importInto(local, files.get(i)));
        }
        URI gateway = gateway(cache(BOUND), hot);

        for (int i = 0; i < files.size(); i++) {
            assertThat(get(gateway, roots.get(i))).isEqualTo(files.get(i));
            assertThat(hot.bytes()).as("after file %d", i).isLessThanOrEqualTo(bound);
        }
        assertThat(hot.bytes()).isGreaterThan(0);
        assertThat(hot.stats().evictionCount()).isPositive();
    }

    @Test
    void theCacheStaysWithinItsSizeOnDiskWhileFilesFourTimesLargerAreRead() throws Exception {
        List<byte[]> files = new ArrayList<>();
        List<Cid> roots = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            files.add(random(10 + i, 512 * 1024));
            roots.add(importInto(held, files.get(i)));
        }
        GatewayBlockCache cache = cache(BOUND);
        URI gateway = gateway(cache);

        for (int i = 0; i < files.size(); i++) {
            assertThat(get(gateway, roots.get(i))).isEqualTo(files.get(i));
            assertThat(cacheBytesOnDisk()).as("after file %d", i).isLessThanOrEqualTo(BOUND);
        }

        // 4 leaves and a root per file, each fetched at least once; a block the cache did not admit may be fetched
        // again within its request (Caffeine admits by recency and frequency, so a new block can lose at once)
        assertThat(holderRpc.blocksServed.get()).isGreaterThanOrEqualTo(8 * 5);
        assertThat(cache.stats().evictionCount()).isGreaterThanOrEqualTo(32 - 8); // of 32 leaves, 8 fit in 1 MiB
        assertThat(cacheBytesOnDisk()).isEqualTo(cache.bytes()).isGreaterThan(BOUND / 2);
        assertThat(local.store().stats().blockCount()).isZero();
    }

    @Test
    void withSizeZeroEveryReadFetchesAgainAndNothingIsKept() throws Exception {
        byte[] content = random(2, 100 * 1024);
        Cid root = importInto(held, content);
        URI gateway = gateway(cache(0));

        assertThat(get(gateway, root)).isEqualTo(content);
        int once = holderRpc.blocksServed.get();
        assertThat(get(gateway, root)).isEqualTo(content);

        assertThat(holderRpc.blocksServed.get()).isEqualTo(2 * once);
        assertThat(cacheBytesOnDisk()).isZero();
        assertThat(local.store().stats().blockCount()).isZero();
    }

    @Test
    void aCachedFilePinnedLaterIsCopiedFromTheCacheAndOutlivesEveryEvictionAndGc() throws Exception {
        byte[] content = random(3, 256 * 1024);
        Cid root = importInto(held, content);
        GatewayBlockCache cache = cache(BOUND);
        URI gateway = gateway(cache);
        assertThat(get(gateway, root)).isEqualTo(content);
        Set<Cid> dag = new HashSet<>(); // the holder has this file alone so far
        held.store().keys().forEachRemaining(mh -> dag.add(Cid.v1(Codec.RAW, mh)));
        assertThat(dag).hasSize(3);
        assertThat(dag).allMatch(cache::holds);
        int fetchedByTheGateway = holderRpc.blocksServed.get();

        Pin pin = new Pin(root, PinOptions.DEFAULTS.withReplication(1, 1), PinType.DATA, List.of(self, holder), null,
                Instant.now());
        new FetchingPinner(local.store(), local, fetcher, candidates).pin(pin, new PinProgress(Clock.systemUTC()))
                .get();
        assertThat(holderRpc.blocksServed.get()).as("the pin took the cached blocks").isEqualTo(fetchedByTheGateway);
        assertThat(local.store().missingBlocks(root)).isEmpty();

        for (int i = 0; i < 6; i++) { // 3 MiB more through a 1 MiB cache
            byte[] other = random(20 + i, 512 * 1024);
            assertThat(get(gateway, importInto(held, other))).isEqualTo(other);
        }
        assertThat(dag).as("blocks of the pinned file the cache evicted").anyMatch(c -> !cache.holds(c));
        local.store().collectGarbage();

        int before = holderRpc.blocksServed.get();
        assertThat(local.store().missingBlocks(root)).isEmpty();
        assertThat(get(gateway, root)).isEqualTo(content);
        assertThat(holderRpc.blocksServed.get()).as("served from the pinned copy").isEqualTo(before);
    }

    private byte[] get(URI gateway, Cid cid) throws Exception {
        HttpResponse<byte[]> r = http.send(HttpRequest.newBuilder(gateway.resolve("/ipfs/" + cid))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private long cacheBytesOnDisk() throws IOException {
        Path blocks = dir.resolve("local").resolve(GatewayBlockCache.FOLDER).resolve("blocks");
        if (!Files.exists(blocks)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(blocks)) {
            return files.filter(f -> f.toString().endsWith(".data")).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).sum();
        }
    }

    private EmbeddedConnector store(String name, PeerId id) throws Exception {
        EmbeddedConnector c = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve(name)), id);
        open.add(c);
        return c;
    }

    private static Cid importInto(NodeConnector c, byte[] content) throws Exception {
        try (NodeConnector.ImportSession s = c.openImport()) {
            return new FileImporter(CHUNKS).importFile(new ByteArrayInputStream(content), s, null).cid();
        }
    }

    private static byte[] random(long seed, int size) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }
}
