package io.pincluster.service;

import io.pincluster.connector.embedded.EmbeddedConnector;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.connector.kubo.SwarmConnector;
import io.pincluster.consensus.ratis.RatisConsensus;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.gateway.GatewayConfig;
import io.pincluster.gateway.GatewayServer;
import io.pincluster.rest.RestApiServer;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ConnectorSection;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.PinTrackerSection;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.exchange.ExchangeWiring;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.kubo.DaemonAddresses;
import io.pincluster.service.kubo.KuboContentPinner;
import io.pincluster.service.membership.ClusterJoin;
import io.pincluster.service.membership.SelfRegistration;
import io.pincluster.service.monitor.MetricsPublisher;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.service.monitor.PlacementWiring;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.ops.AllocatingPinDecider;
import io.pincluster.service.ops.ClusterApiFacade;
import io.pincluster.service.ops.DirectoryAddressBook;
import io.pincluster.service.ops.ExpiryTask;
import io.pincluster.service.ops.LocalDagSizes;
import io.pincluster.service.ops.PeerService;
import io.pincluster.service.ops.PinService;
import io.pincluster.service.ops.StatusService;
import io.pincluster.service.rpc.LocalPeerHandler;
import io.pincluster.service.rpc.PeerRpcWiring;
import io.pincluster.service.status.LocalStatusSource;
import io.pincluster.service.tracker.ContentPinner;
import io.pincluster.service.tracker.ExecutorScheduler;
import io.pincluster.service.tracker.LocalPinTracker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place that calls the components' constructors. {@link #start} builds and starts
 * them in dependency order (block store connector, consensus, pin tracker and expiry, then the HTTP servers) and
 * {@link #close} stops them in reverse. Tests start peers through this same class.
 */
public final class ClusterAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAssembly.class);

    private final Path peerDir;
    private final ServiceConfig config;
    private final PeerId peerId;
    /** {@code host:port} of a running peer's RPC to join through ({@code daemon --join}); null: no join. */
    private final String joinSeed;
    private final ComponentSettings settings;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private NodeConnector connector;
    private RatisConsensus consensus;
    private ClusterApi api;
    private RestApiServer rest;
    private GatewayServer gateway;
    /** The Prometheus endpoint; null while {@code metrics.enabled} is false. */
    private io.pincluster.service.metrics.MetricsServer prometheus;
    private PeerMonitor monitor;
    private PeerRpcWiring rpc;
    private LocalPeerHandler rpcHandler;
    /** Fetching from and pushing to peers; null with a Kubo connector (its daemon exchanges blocks itself). */
    private ExchangeWiring exchange;
    /** The client other components call peers through; null until {@link #startPeerRpc}. */
    private io.pincluster.core.component.PeerRpc peerRpc;
    /** Another member's {@code id} over the cluster RPC ({@code PeerRpc::id}); null until the RPC is wired. */
    private Function<PeerId, PeerInfo> peerIds;

    private ClusterAssembly(Path peerDir, ServiceConfig config, PeerId peerId, String joinSeed) {
        this.peerDir = peerDir;
        this.config = config;
        this.peerId = peerId;
        this.joinSeed = joinSeed;
        this.settings = new ComponentSettings(peerDir, peerId);
    }

    /** Starts a peer with the system clock. */
    public static ClusterAssembly start(Path peerDir, ServiceConfig config, PeerIdentity identity)
            throws IOException {
        return start(peerDir, config, identity, Clock.systemUTC());
    }

    /**
     * Builds and starts every component of a peer whose files live in {@code peerDir}. If a component fails to
     * start, those already started are stopped before the exception is thrown.
     *
     * @throws IOException     a store cannot be opened or a port cannot be bound
     * @throws ConfigException the configuration asks for something this build does not have
     */
    public static ClusterAssembly start(Path peerDir, ServiceConfig config, PeerIdentity identity, Clock clock)
            throws IOException {
        return start(peerDir, config, identity, clock, null);
    }

    /**
     * As {@link #start(Path, ServiceConfig, PeerIdentity, Clock)}; with a {@code joinSeed} ({@code host:port} of a
     * running peer's cluster RPC) a peer without Raft storage starts outside any group and asks the seed to add it
     * ({@code daemon --join}); a peer with Raft storage restarts from its own log and ignores the seed.
     *
     * @throws io.pincluster.core.error.ClusterException the seed refused this peer or could not be reached
     */
    public static ClusterAssembly start(Path peerDir, ServiceConfig config, PeerIdentity identity, Clock clock,
                                        String joinSeed) throws IOException {
        ClusterAssembly a = new ClusterAssembly(peerDir, config, identity.peerId(), joinSeed);
        try {
            a.startComponents(clock);
            return a;
        } catch (IOException | RuntimeException e) {
            a.close();
            throw e;
        }
    }

    private void startComponents(Clock clock) throws IOException {
        LOG.info("starting peer {} ({}) in {}", peerId, config.cluster().peername(), peerDir.toAbsolutePath());
        LOG.info("effective configuration:\n{}", ServiceConfigFile.toJson(config, true));

        connector = settings.openConnector(config.connector());
        started.push(connector);

        AtomicReference<RatisConsensus> members = new AtomicReference<>();
        Supplier<List<PeerId>> memberList = () -> members.get().peers();
        monitor = new PeerMonitor(clock, memberList);
        AllocatingPinDecider decider = PlacementWiring.decider(config, memberList, monitor,
                new LocalDagSizes(connector));
        boolean joining = joinSeed != null && !ClusterJoin.hasRaftStorage(settings.resolve(config.consensus().dataDir()));
        if (joinSeed != null && !joining) {
            LOG.info("{}: Raft storage exists in {}; restarting from it and ignoring --join {}", peerId,
                    settings.resolve(config.consensus().dataDir()), joinSeed);
        }
        consensus = new RatisConsensus(settings.consensus(config.consensus(), joining), decider, clock);
        members.set(consensus);
        started.push(consensus);
        if (config.cluster().leaveOnShutdown()) {
            started.push(this::leaveCluster); // stopped just before consensus: removes this peer first
        }
        startExchange();

        LocalPinTracker tracker = new LocalPinTracker(peerId, consensus.state(), connector,
                contentPinner(), ComponentSettings.tracker(config.pinTracker()), clock,
                new ExecutorScheduler("pin-tracker-timer"));
        started.push(tracker);
        consensus.addListener(tracker); // before start, so no change replayed from the log is missed
        consensus.start();
        awaitReplicaCatchUp(config.consensus().requestTimeout());
        tracker.start();
        String name = config.cluster().peername();
        LocalStatusSource localStatus = new LocalStatusSource(peerId, name, consensus.state(), tracker, connector);
        startPeerRpc(localStatus);
        PeerService peerService = new PeerService(peerId, name, List.of(settings.multiaddr(config.consensus().listen())),
                consensus, connector, peerIds);
        rpcHandler.setJoinHandler(peerService::join);
        PeerRecord self = PeerRecord.member(peerId, name, config.consensus().listen().toString(),
                rpc.dialableAddress().toString());
        if (joining) {
            joinThroughSeed(self);
        }
        SelfRegistration registration = new SelfRegistration(consensus, self, java.time.Duration.ofSeconds(1));
        started.push(registration);
        registration.start();
        startMetrics(tracker, clock);
        io.pincluster.service.metrics.PeerMeters meters = startPrometheus(tracker);
        startSwarmConnector();

        ExpiryTask expiry = new ExpiryTask(consensus::expireDue, config.cluster().stateSyncInterval());
        started.push(expiry);
        expiry.start();

        PinService pins = new PinService(consensus, connector, meters != null ? meters : PinService.PinCounter.NONE);
        StatusService status = new StatusService(consensus, localStatus, peerRpc, StatusService.DEFAULT_TIMEOUT,
                clock);
        started.push(status);
        api = new ClusterApiFacade(peerService, pins, status, new AddService(connector, (cid, o) -> ClusterException.await(pins.pin(cid, o)),
                exchange != null ? exchange.push() : AddService.AllocationPush.NONE,
                meters != null ? meters : AddService.BlockCounter.NONE), monitor);

        rest = new RestApiServer(ComponentSettings.rest(config.restapi()), api, Clock.systemUTC(),
                prometheus != null ? prometheus.registry() : null);
        started.push(rest);
        rest.start();
        startGateway();
        LOG.info("peer {} started: REST API on {}", peerId, restUrl());
    }

    /**
     * Starts the cluster RPC server on {@code cluster.rpc_listen} and the client other components call peers
     * through. Identity answers wait for the facade ({@code UNAVAILABLE} while the peer is still starting).
     */
    private void startPeerRpc(LocalStatusSource statuses) {
        rpcHandler = new LocalPeerHandler(() -> {
            ClusterApi facade = api;
            if (facade == null) {
                throw new io.pincluster.core.error.ClusterException(io.pincluster.core.error.ErrorCode.UNAVAILABLE,
                        "peer " + peerId + " is starting");
            }
            return facade.id();
        }, statuses, connector);
        rpc = PeerRpcWiring.start(peerId, config.cluster(), rpcHandler,
                local -> new DirectoryAddressBook(consensus, local)); // peers that joined later resolve too
        started.push(rpc);
        peerRpc = rpc.client();
        peerIds = peerRpc::id;
        LOG.info("{}: cluster RPC on {}", peerId, rpc.listenAddress());
    }

    /**
     * {@code --join}: asks the seed to add this peer (retrying while it is unreachable or busy), then waits until the
     * replica has applied what the cluster committed (Raft sends a snapshot when the log was compacted).
     */
    private void joinThroughSeed(PeerRecord self) {
        LOG.info("{}: joining the cluster through {}", peerId, joinSeed);
        ClusterJoin.withDefaults(peerRpc, joinSeed).join(new JoinRequest(peerId, self.name(), self.raftAddress(),
                self.rpcAddress()), () -> consensus.peers().contains(peerId));
        awaitReplicaCatchUp(config.consensus().requestTimeout());
        LOG.info("{}: joined; members {}", peerId, consensus.peers());
    }

    // leave_on_shutdown: a peer the cluster already removed has nothing to leave
    private void leaveCluster() {
        if (!consensus.isRemoved()) {
            consensus.leave();
            LOG.info("{}: left the cluster (leave_on_shutdown)", peerId);
        }
    }

    /** Publishes this peer's metrics to every member and stores those the others send in the monitor. */
    private void startMetrics(LocalPinTracker tracker, Clock clock) {
        rpcHandler.addMetricsListener(monitor::accept);
        Path storeDir = config.connector().type() == ConnectorSection.Type.EMBEDDED
                ? settings.resolve(config.connector().dataDir()) : null;
        MetricsPublisher publisher = new MetricsPublisher(peerId, PlacementWiring.informers(peerId, config, connector,
                storeDir, tracker::queueLength, List.of(settings.multiaddr(config.consensus().listen()))), monitor,
                consensus::peers, peerRpc, config.monitor().interval(), config.monitor().ttl(), clock);
        started.push(publisher);
        publisher.start();
    }

    /**
     * The Prometheus endpoint on {@code metrics.listen} when {@code metrics.enabled}, behind the REST API's
     * credentials. Returns the counters the pin and add paths feed, or null when disabled.
     */
    private io.pincluster.service.metrics.PeerMeters startPrometheus(LocalPinTracker tracker) {
        if (!config.metrics().enabled()) {
            return null;
        }
        ListenAddress listen = config.metrics().listen();
        prometheus = new io.pincluster.service.metrics.MetricsServer(listen.host(), listen.port(),
                config.restapi().basicAuthCredentials(), Clock.systemUTC());
        started.push(prometheus);
        io.pincluster.service.metrics.PeerMeters meters = io.pincluster.service.metrics.PeerMeters.register(
                prometheus.registry(), new io.pincluster.service.metrics.PeerMeters.Sources(consensus.state(),
                        tracker::statusCounts, consensus::raftInfo, this::ownFreeSpace));
        prometheus.start();
        LOG.info("{}: Prometheus metrics on {}", peerId, metricsUrl().orElseThrow());
        return meters;
    }

    /** The free space this peer last published about itself (its own informer's latest value). */
    private java.util.OptionalLong ownFreeSpace() {
        return monitor.validMetrics(io.pincluster.core.metric.MetricNames.FREESPACE).stream()
                .filter(m -> m.peer().equals(peerId)).mapToLong(io.pincluster.core.metric.Metric::weight)
                .findFirst();
    }

    /**
     * Waits (bounded) until the replica has applied what the log on disk says is committed. The tracker's first
     * pass unpins local pins missing from the pinset; run against a half-replayed pinset it would unpin pins that
     * are about to reappear. Best effort: a peer that is behind the cluster catches up through the listener anyway.
     */
    private void awaitReplicaCatchUp(java.time.Duration max) {
        long target = consensus.raftInfo().commitIndex();
        long deadline = System.nanoTime() + max.toNanos();
        while (consensus.state().appliedIndex() < target && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(20_000_000L);
        }
        if (consensus.state().appliedIndex() < target) {
            LOG.warn("{}: replica at log index {} of {} after {}; starting the pin tracker anyway", peerId,
                    consensus.state().appliedIndex(), target, max);
        }
    }

    /**
     * The embedded store's block exchange: the tracker fetches missing blocks from peers, {@code /add} pushes to the
     * allocated peers and the gateway falls back to peers. Built before the tracker; it reaches the RPC client,
     * started later, through {@link #peerRpc}. Pushed before the tracker so it stops after it.
     */
    private void startExchange() {
        if (!(connector instanceof EmbeddedConnector embedded)) {
            return;
        }
        PinTrackerSection pt = config.pinTracker();
        exchange = ExchangeWiring.forEmbedded(peerId, embedded, () -> peerRpc, consensus.state(),
                consensus::peers, pt.fetchConcurrency(), pt.concurrency());
        started.push(exchange);
    }

    // A Kubo daemon fetches missing blocks itself; the embedded store fetches them from peers through the exchange.
    private ContentPinner contentPinner() {
        if (connector instanceof KuboConnector kubo) {
            return new KuboContentPinner(kubo);
        }
        return exchange != null ? exchange.pinner() : ContentPinner.localOnly(connector);
    }

    /**
     * Kubo: keeps this peer's daemon {@code swarm/connect}ed to the other members' daemons, whose addresses come
     * from their {@code id} over the cluster RPC ({@link #peerIds}). Without that lookup there is nothing to ask.
     */
    private void startSwarmConnector() {
        if (!(connector instanceof KuboConnector kubo)) {
            return;
        }
        if (peerIds == null) {
            LOG.warn("{}: no cluster RPC to learn the other peers' IPFS daemons; not connecting swarms", peerId);
            return;
        }
        SwarmConnector swarm = new SwarmConnector(kubo, new DaemonAddresses(peerId, consensus::peers, peerIds),
                config.connector().swarmConnectInterval());
        started.push(swarm);
        swarm.start(java.time.Duration.ZERO);
    }

    // The read-only gateway: the embedded store, else peers that hold the blocks; a Kubo daemon has its own gateway.
    private void startGateway() {
        if (!config.gateway().enabled() || exchange == null) {
            return;
        }
        ListenAddress listen = config.gateway().listen();
        gateway = new GatewayServer(new GatewayConfig(listen.host(), listen.port()), exchange.gatewaySource());
        started.push(gateway);
        gateway.start();
    }

    public PeerId peerId() {
        return peerId;
    }

    public ServiceConfig config() {
        return config;
    }

    /** The facade the HTTP front ends use; tests may call it directly. */
    public ClusterApi api() {
        return api;
    }

    public NodeConnector connector() {
        return connector;
    }

    public RatisConsensus consensus() {
        return consensus;
    }

    /** Every peer's latest metrics as this peer received them, and the expiry alerts. */
    public PeerMonitor monitor() {
        return monitor;
    }

    /** The cluster RPC client: how components call other peers. */
    public io.pincluster.core.component.PeerRpc rpcClient() {
        return rpc.client();
    }

    /** Where peers' cluster RPC listens; membership updates it as peers join and leave. */
    public io.pincluster.core.component.AddressBook addressBook() {
        return rpc.addressBook();
    }

    /** What this peer answers other peers; monitor and membership install their hooks on it. */
    public LocalPeerHandler rpcHandler() {
        return rpcHandler;
    }

    /** The address this peer's cluster RPC is bound to (the real port when configured with 0). */
    public ListenAddress rpcAddress() {
        return rpc.listenAddress();
    }

    /** The REST API's base URL with the port actually bound. */
    public URI restUrl() {
        return URI.create("http://" + hostForUrl(config.restapi().httpListen().host()) + ":" + rest.port());
    }

    /** The gateway's base URL, when it runs. */
    public Optional<URI> gatewayUrl() {
        return Optional.ofNullable(gateway).map(g -> URI.create("http://"
                + hostForUrl(config.gateway().listen().host()) + ":" + g.port()));
    }

    /** The Prometheus endpoint's URL ({@code .../metrics}), when it runs. */
    public Optional<URI> metricsUrl() {
        return Optional.ofNullable(prometheus).map(m -> URI.create("http://"
                + hostForUrl(config.metrics().listen().host()) + ":" + m.port() + "/metrics"));
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Stops every started component, last started first. Safe to call more than once. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        while (!started.isEmpty()) {
            AutoCloseable c = started.pop();
            try {
                c.close();
            } catch (Exception e) {
                LOG.warn("{}: stopping {} failed: {}", peerId, c.getClass().getSimpleName(), e.toString());
            }
        }
        LOG.info("peer {} stopped", peerId);
    }
}
