package io.pincluster.service.status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.grpc.Context;
import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.PeerRpcHandler;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.service.testing.TestTls;
import io.pincluster.rpc.GrpcPeerRpc;
import io.pincluster.rpc.InMemoryAddressBook;
import io.pincluster.rpc.PeerRpcServer;
import io.pincluster.rpc.RpcSettings;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.ops.StatusService;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.ExecutorScheduler;
import io.pincluster.service.tracker.LocalPinTracker;
import io.pincluster.service.tracker.TrackerSettings;
import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A frozen peer over the real cluster RPC: its server accepts calls and never answers them (every handler method
 * blocks), as a process stopped with SIGSTOP would. The status answer comes back within the status deadline, and the
 * calls to the frozen peer are cancelled on the wire (the server sees each cancellation), so no thread on either side
 * stays behind for the call's own 30-second deadline.
 */
@Timeout(60)
class FrozenPeerOverGrpcTest {
    private static final Duration DEADLINE = Duration.ofMillis(300);
    private static final String SECRET = "3c".repeat(32);
    private static final Instant T = Instant.parse("2026-01-02T03:04:05Z");
    private static final PeerId SELF = PeerIdentity.generate().peerId();
    private static final PeerId FROZEN = PeerIdentity.generate().peerId();

    @TempDir
    Path dir;
    private final AtomicBoolean frozen = new AtomicBoolean();
    private final AtomicInteger entered = new AtomicInteger();
    private final AtomicInteger cancelled = new AtomicInteger();
    private final Set<CountDownLatch> blocked = ConcurrentHashMap.newKeySet();
    private final PinSetState pinset = new PinSetState();
    private PeerRpcServer frozenServer;
    private PeerTlsIdentity frozenTls;
    private PeerTlsIdentity selfTls;
    private GrpcPeerRpc client;
    private EmbeddedConnector connector;
    private LocalPinTracker tracker;
    private StatusService status;
    private Cid cid;

    @BeforeEach
    void setUp() throws Exception {
        frozenTls = TestTls.of(FROZEN, SECRET, dir);
        selfTls = TestTls.of(SELF, SECRET, dir);
        frozenServer = PeerRpcServer.start(new InetSocketAddress("127.0.0.1", 0), frozenHandler(), frozenTls,
                RpcSettings.defaults());
        InMemoryAddressBook book = new InMemoryAddressBook();
        book.put(FROZEN, "127.0.0.1:" + frozenServer.port());
        client = new GrpcPeerRpc(book, selfTls, RpcSettings.defaults());
        connector = EmbeddedConnector.open(BlockStoreConfig.defaults(dir.resolve("blocks")), SELF);
        tracker = new LocalPinTracker(SELF, pinset, connector, ContentPinner.localOnly(connector),
                TrackerSettings.defaults(), Clock.systemUTC(), new ExecutorScheduler("test-tracker"));
        cid = Cid.v1(Codec.RAW, Multihash.sha256("frozen".getBytes(StandardCharsets.UTF_8)));
        pinset.apply(new PinOp.AddPin(new Pin(cid, new PinOptions(1, 1, "f", PinMode.RECURSIVE, 0, List.of(), null,
                Map.of(), null, List.of()), PinType.DATA, List.of(FROZEN), null, T)));
        status = new StatusService(pinset, () -> List.of(SELF, FROZEN),
                new LocalStatusSource(SELF, "self", pinset, tracker, connector), client, DEADLINE, Clock.systemUTC());
        // Connected before it freezes, as a running cluster is: the timed answers measure waiting, not a cold channel.
        assertThat(client.id(FROZEN).peerName()).isEqualTo("frozen");
        frozen.set(true);
    }

    /**
     * Once frozen, every method blocks until its call is cancelled (or the test ends), counting both; nothing
     * answers. Before, it only tells who it is.
     */
    private PeerRpcHandler frozenHandler() {
        return (PeerRpcHandler) Proxy.newProxyInstance(PeerRpcHandler.class.getClassLoader(),
                new Class<?>[] {PeerRpcHandler.class}, (proxy, method, args) -> {
                    if (method.getDeclaringClass() == Object.class) {
                        return method.invoke(this, args);
                    }
                    if (!frozen.get() && method.getName().equals("id")) {
                        return new PeerInfo(FROZEN, "frozen", List.of(), List.of(), List.of(), "", "", "", "",
                                PeerInfo.IpfsInfo.NONE, null);
                    }
                    entered.incrementAndGet();
                    CountDownLatch gone = new CountDownLatch(1);
                    blocked.add(gone);
                    Context.current().addListener(c -> {
                        cancelled.incrementAndGet();
                        gone.countDown();
                    }, Runnable::run);
                    gone.await();
                    throw new ClusterException(ErrorCode.UNAVAILABLE, "frozen peer woke up");
                });
    }

    @AfterEach
    void tearDown() {
        blocked.forEach(CountDownLatch::countDown);
        status.close();
        client.close();
        frozenServer.close();
        tracker.close();
        connector.close();
    }

    @Test
    void statusOfOneCidIsCancelledOnTheWireAtTheDeadline() {
        long start = System.nanoTime();
        GlobalPinInfo info = status.status(cid, false);
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(info.peerMap().get(FROZEN).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
        assertThat(info.peerMap().get(FROZEN).error()).contains("did not answer within the status deadline");
        await("the frozen peer's server sees the call cancelled").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(cancelled.get()).as("calls cancelled of %d entered", entered.get())
                        .isPositive().isEqualTo(entered.get()));
    }

    @Test
    void everyPinIsCancelledOnTheWireAtTheDeadline() {
        long start = System.nanoTime();
        List<GlobalPinInfo> all;
        try (Stream<GlobalPinInfo> s = status.statusAll(Set.of(), List.of(), false)) {
            all = s.toList();
        }
        Duration took = Duration.ofNanos(System.nanoTime() - start);

        assertThat(took).isLessThan(Duration.ofSeconds(1));
        assertThat(all).singleElement().satisfies(i -> {
            assertThat(i.peerMap().get(FROZEN).status()).isEqualTo(TrackerStatus.CLUSTER_ERROR);
            assertThat(i.peerMap().get(FROZEN).error()).contains("did not answer within the status deadline");
        });
        await("the frozen peer's server sees the stream cancelled").atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(cancelled.get()).as("calls cancelled of %d entered", entered.get())
                        .isPositive().isEqualTo(entered.get()));
    }
}
