package io.pincluster.service;

import io.pincluster.consensus.ratis.RatisConsensus;
import io.pincluster.service.cold.ArchiveScheduler;
import io.pincluster.service.cold.ColdBlocks;
import io.pincluster.service.cold.ColdTier;
import io.pincluster.service.cold.ColdTierPeer;
import io.pincluster.consensus.ratis.StateBackups;
import io.pincluster.security.PeerTlsIdentity;
import io.pincluster.core.component.AddressBook;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.component.JoinRequest;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.state.PeerDirectory;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.token.TokenRevocations;
import io.pincluster.gateway.GatewayConfig;
import io.pincluster.gateway.GatewayServer;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.rest.RestApiServer;
import io.pincluster.rest.http.RequestMeters;
import io.pincluster.rest.proxy.IpfsProxyServer;
import io.pincluster.rest.proxy.ProxyConfig;
import io.pincluster.core.component.ContentApi;
import io.pincluster.service.ops.ProxyContent;
import io.pincluster.rest.RestConfig;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.psa.PsaConfig;
import io.pincluster.rest.psa.PsaServer;
import io.pincluster.core.psa.PsaStatusIndex;
import io.pincluster.service.config.PsaSection;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.connector.ConnectorKind;
import io.pincluster.service.connector.ContentExchange;
import io.pincluster.service.connector.ExchangeContext;
import io.pincluster.service.connector.GarbageCollector;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.service.membership.ClusterJoin;
import io.pincluster.service.membership.SelfRegistration;
import io.pincluster.service.metrics.HealthMeters;
import io.pincluster.service.metrics.MetricsServer;
import io.pincluster.service.metrics.PeerMeters;
import io.pincluster.service.health.ConsensusEndWatch;
import io.pincluster.service.health.PeerHealth;
import io.pincluster.service.health.PeerReadiness;
import io.pincluster.service.health.PeerState;
import io.pincluster.service.holders.HolderRegistry;
import io.pincluster.service.holders.HoldingsReporter;
import io.pincluster.service.holders.LeaderHolderLookup;
import io.pincluster.service.monitor.DiskUsageInformer;
import io.pincluster.service.monitor.FreeSpaceInformer;
import io.pincluster.service.monitor.MetricsPublisher;
import io.pincluster.service.monitor.PeerMonitor;
import io.pincluster.service.monitor.PlacementWiring;
import io.pincluster.service.ops.AddService;
import io.pincluster.service.ops.AllocatingPinDecider;
import io.pincluster.service.ops.DirectoryAddressBook;
import io.pincluster.service.ops.DiskPressureGc;
import io.pincluster.service.ops.ExpiryTask;
import io.pincluster.service.ops.GcService;
import io.pincluster.service.ops.GcTask;
import io.pincluster.service.ops.LocalDagSizes;
import io.pincluster.service.ops.PeerService;
import io.pincluster.service.ops.PinService;
import io.pincluster.service.ops.StatusService;
import io.pincluster.service.rpc.ClusterRpcClient;
import io.pincluster.service.rpc.ClusterRpcServer;
import io.pincluster.service.security.LegacyRevocations;
import io.pincluster.service.security.PeerLinkSecurity;
import io.pincluster.service.rpc.LocalPeerHandler;
import io.pincluster.service.status.LocalStatusSource;
import io.pincluster.service.repair.ClusterRepairView;
import io.pincluster.service.repair.MoveLog;
import io.pincluster.service.repair.RepairPlanner;
import io.pincluster.service.repair.RepairTask;
import io.pincluster.service.tracker.ExecutorScheduler;
import io.pincluster.service.tracker.LocalPinTracker;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The composition root: the only place, with its package-private wiring helpers ({@link ComponentSettings},
 * {@link RepairWiring}, {@link ExternalWiring}, {@link PeerMetersWiring}: each builds the parts of one subsystem and
 * starts nothing), that calls the components' constructors. {@link #start} builds and starts them in one pass, in
 * dependency order (the connector kind, the consensus, the RPC client, the content exchange and pin tracker, the
 * RPC server, membership, metrics and expiry, then the HTTP servers), and {@link #close} stops them in reverse.
 * Tests start peers through this same class.
 */
public final class ClusterAssembly implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterAssembly.class);
    /** How often an old per-peer revocation file is offered to the cluster again while no quorum takes it. */
    private static final Duration LEGACY_IMPORT_RETRY = Duration.ofSeconds(5);
    /**
     * How long a tracker waits for the leader's view of who holds what to be complete (a leader change, a cluster
     * restart: the peers' full reports arrive within a few report intervals) before it asks the peers themselves.
     */
    private static final Duration HOLDER_LOOKUP_PATIENCE = Duration.ofSeconds(15);
    /** How often the peer checks that its consensus still runs (cheap reads of the division's state). */
    private static final Duration CONSENSUS_CHECK_INTERVAL = Duration.ofSeconds(1);

    private final Path peerDir;
    private final ServiceConfig config;
    private final PeerId peerId;
    /** {@code host:port} of a running peer's RPC to join through ({@code daemon --join}); null: no join. */
    private final String joinSeed;
    private final ComponentSettings settings;
    private RestAuth restAuth;
    /** The cluster's revoked REST tokens (with those of an old per-peer file until imported). */
    private TokenRevocations revocations;
    private final Deque<AutoCloseable> started = new ArrayDeque<>();
    private final AtomicBoolean closed = new AtomicBoolean();
    private ConnectorKind kind;
    private Consensus consensus;
    private ClusterApi api;
    private RestApiServer rest;
    private GatewayServer gateway;
    /** The Pinning Service API; null while off ({@code psa.enabled}, or no REST users). */
    private PsaServer psa;
    private PsaStatusIndex psaStatusIndex;
    /** The Kubo-compatible proxy; null while {@code ipfsproxy.enabled} is false. */
    private IpfsProxyServer proxy;
    /** The Prometheus endpoint; null while {@code metrics.enabled} is false. */
    private MetricsServer prometheus;
    private PeerMonitor monitor;
    private PeerHealth health;
    /** Which peers hold which pins, as their reports to this peer say while it leads. */
    private HolderRegistry holders;
    private RepairPlanner repair;
    private ClusterRpcClient rpcClient;
    private ClusterRpcServer rpcServer;
    private HoldingsReporter reporter;
    private LocalDagSizes dagSizes;
    private LocalPinTracker tracker;
    private LocalPeerHandler rpcHandler;
    /** The cold tier (decisions 0019, 0021); null while {@code cold.policy} is none. */
    private ColdTierPeer cold;
    private ConsensusEndWatch consensusWatch;

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

    /*
     * One pass, in dependency order; no component gets a reference filled in later. The cycles are broken so:
     * the consensus is built (not started) first, so the monitor and the leader's decider read its members, and
     * it gets the decider when it starts; the RPC client comes before the components that call peers, and the
     * RPC server last, with a handler whose parts all exist.
     */
    private void startComponents(Clock clock) throws IOException {
        LOG.info("starting peer {} ({}) in {}", peerId, config.cluster().peername(), peerDir.toAbsolutePath());
        LOG.info("effective configuration:\n{}", ServiceConfigFile.toJson(config, true));

        kind = ConnectorKind.open(config.connector(), settings.resolve(config.connector().dataDir()), peerId);
        started.push(kind);
        NodeConnector connector = kind.connector();

        Path raftDir = settings.resolve(config.consensus().dataDir());
        boolean joining = joinSeed != null && !ClusterJoin.hasRaftStorage(raftDir);
        if (joinSeed != null && !joining) {
            LOG.info("{}: Raft storage exists in {}; restarting from it and ignoring --join {}", peerId, raftDir,
                    joinSeed);
        }
        // The directory is the consensus' replica, made here so this peer's TLS trust can refuse removed peers.
        PeerDirectory directory = new PeerDirectory();
        PeerTlsIdentity tls = PeerLinkSecurity.open(peerDir, peerId, config.cluster().secret(), directory, clock);
        started.push(tls);
        RatisConsensus ratis = new RatisConsensus(settings.consensus(config.consensus(), joining), clock, tls,
                directory, kind.pinnedCids());
        consensus = ratis;
        started.push(consensus);
        if (config.cluster().leaveOnShutdown()) {
            started.push(this::leaveCluster); // stopped just before consensus: removes this peer first
        }
        monitor = new PeerMonitor(clock, consensus::peers);
        health = new PeerHealth(peerId, monitor, consensus::peers, config.monitor().interval(),
                config.repair().peerDownAfter(), clock);
        // A suspect peer still counts as live here: its confirmation is awaited before a moved copy is released.
        holders = new HolderRegistry(consensus.state(), peer -> health.state(peer) != PeerState.DOWN,
                this::leadershipTerm, consensus::peers, consensus.archiveRecords().archiveIndex()::contains);
        dagSizes = new LocalDagSizes(connector);
        started.push(dagSizes); // its readers stop before the connector they read from closes
        AllocatingPinDecider decider = PlacementWiring.decider(config, this::placementCandidates, monitor, dagSizes);

        rpcClient = ClusterRpcClient.create(config.cluster(), tls,
                local -> new DirectoryAddressBook(consensus, local)); // peers that joined later resolve too
        started.push(rpcClient);
        PeerRpc peerRpc = rpcClient.client();
        // Pushed before the tracker so it stops after it.
        ColdBlocks coldBlocks = openColdTier();
        ContentExchange exchange = kind.exchange(new ExchangeContext(peerId, peerRpc, consensus.state(), consensus,
                config.pinTracker(), config.connector(), config.gateway(), coldBlocks,
                cold != null && config.cold().restoreOnPin()));
        started.push(exchange);

        // Decision 0022: a new pin's holders are asked of the leader, in batches, before any peer is asked for blocks.
        LeaderHolderLookup holderLookup = new LeaderHolderLookup(peerId, consensus::leader, holders, peerRpc,
                HOLDER_LOOKUP_PATIENCE);
        started.push(holderLookup);
        tracker = new LocalPinTracker(peerId, consensus.state(), connector, exchange.pinner(),
                ComponentSettings.tracker(config.pinTracker()), clock, new ExecutorScheduler("pin-tracker-timer"),
                holderLookup);
        started.push(tracker);
        consensus.addListener(tracker); // before start, so no change replayed from the log is missed
        consensus.start(decider);
        consensusWatch = new ConsensusEndWatch(consensus::failure, consensus::isRemoved, CONSENSUS_CHECK_INTERVAL);
        started.push(consensusWatch);
        consensusWatch.start();
        awaitReplicaCatchUp(config.consensus().requestTimeout());
        tracker.startTracking(); // its catch-up walk and the holdings reports start once the APIs are up (below)
        startArchiver(connector, clock);
        revocations = LegacyRevocations.importing(peerDir, consensus, clock, LEGACY_IMPORT_RETRY);
        if (revocations instanceof LegacyRevocations importing) {
            started.push(importing); // stops retrying the import
        }

        String name = config.cluster().peername();
        // What the API reads: a write this peer acknowledged is committed but may not be applied here yet.
        PinSetView readable = consensus.readYourWrites();
        LocalStatusSource localStatus = new LocalStatusSource(peerId, name, readable, tracker, connector);
        List<String> addresses = List.of(settings.multiaddr(config.consensus().listen()));
        PeerService peerService = new PeerService(peerId, name, addresses, consensus, connector, peerRpc::id,
                health::isUp);
        Optional<GarbageCollector> collector = kind.garbageCollector(peerId, consensus.state(),
                tracker.surplusCopies()::kept);
        GcService gc = new GcService(peerId, name, collector, consensus, peerRpc);
        MoveLog moves = RepairWiring.moveLog();
        rpcHandler = new LocalPeerHandler(peerService, localStatus, connector, monitor::accept, gc::collectLocal,
                holders::report, holders::findHolders, moves::latest);
        rpcServer = ClusterRpcServer.start(peerId, config.cluster(), tls, rpcHandler, rpcClient.addressBook());
        started.push(rpcServer);
        LOG.info("{}: cluster RPC on {}", peerId, rpcServer.listenAddress());
        reporter = new HoldingsReporter(peerId, tracker, connector, consensus.state(), consensus::leader, holders,
                peerRpc, config.cluster().holderReportInterval());
        started.push(reporter);

        PeerRecord self = PeerRecord.member(peerId, name, config.consensus().listen().toString(),
                rpcServer.dialableAddress().toString());
        if (joining) {
            joinThroughSeed(peerRpc, self);
        }
        SelfRegistration registration = new SelfRegistration(consensus, self, Duration.ofSeconds(1));
        started.push(registration);
        registration.start();
        startMetricsPublisher(connector, tracker, peerRpc, addresses, clock);
        PeerMeters meters = startPrometheus(tracker, exchange);
        exchange.start();

        startRepair(moves, clock);

        ExpiryTask expiry = new ExpiryTask(consensus::expireDue, config.cluster().stateSyncInterval());
        started.push(expiry);
        expiry.start();
        if (!config.connector().gcInterval().isZero()) {
            collector.ifPresent(this::startScheduledGc);
        }
        collector.ifPresent(c -> startDiskPressureGc(c, connector));

        PinService pins = new PinService(consensus, connector, meters != null ? meters : PinService.PinCounter.NONE);
        StatusService status = new StatusService(readable, consensus::peers, localStatus, peerRpc,
                config.cluster().statusTimeout(), clock);
        started.push(status);
        AddService adds = new AddService(connector, (cid, o) -> ClusterException.await(pins.pin(cid, o)),
                exchange.push(), meters != null ? meters : AddService.BlockCounter.NONE);
        DiskUsageInformer ownDisk = ownDiskUsage(connector);
        PeerReadiness readiness = new PeerReadiness(peerId, new PeerReadiness.Sources(consensus::raftInfo,
                consensus::peers, connector::writeProblem, ownDisk::usage), config.consensus().readyMaxLag(),
                config.repair().diskHighWater());
        if (prometheus != null) {
            HealthMeters.register(prometheus.registry(), readiness, ownDisk::usage, config.repair().diskHighWater());
        }
        StateBackups backups = new StateBackups(ratis, config.cluster().secretFingerprint(), clock);
        StatusApi statusApi = startExternal(status, readable, clock);
        if (cold != null) {
            statusApi = new io.pincluster.service.cold.ColdStatus(statusApi,
                    consensus.archiveRecords().archiveIndex());
        }
        ClusterRepairView repairView = new ClusterRepairView(repair, peerId, consensus::peers, peerRpc,
                config.cluster().statusTimeout());
        started.push(repairView);
        api = new ClusterApi(peerService, pins, statusApi, adds, monitor, gc, repairView, readiness, backups);

        rest = new RestApiServer(restConfig(), api, Clock.systemUTC(),
                prometheus != null ? prometheus.registry() : null, restAuth(), tenantRoutes());
        started.push(rest);
        rest.start();
        if (config.gateway().enabled()) {
            gatewaySource(exchange).ifPresent(this::startGateway);
        }
        startPsa();
        if (config.ipfsproxy().enabled()) {
            startProxy(new ProxyContent(connector, gatewaySource(exchange)));
        }
        // Last, as they read the whole pinset and the store's pins (at 10M pins: seconds of the other core, which the
        // APIs' start needed). The store's pins are read first, taking the pinset's CID objects; the walk waits for
        // them.
        kind.readLocalPins(consensus.state()).thenRun(() -> kind.journalDamage().ifPresent(this::alertJournalDamage));
        tracker.catchUp();
        reporter.start();
        LOG.info("peer {} started: REST API on {}", peerId, restUrl());
    }

    /** What the gateway and the proxy's {@code cat} read: marking archived pins as read when reads are reported. */
    private Optional<io.pincluster.gateway.content.ContentSource> gatewaySource(ContentExchange exchange) {
        Optional<io.pincluster.service.cold.ReadMarks> marks = cold == null ? Optional.empty() : cold.readMarks();
        return exchange.gatewaySource().map(source -> marks.map(m -> m.marking(source)).orElse(source));
    }

    /** The cold tier's bucket, when a policy is on; its jobs start after the tracker ({@link #startArchiver}). */
    private ColdBlocks openColdTier() {
        if (!config.cold().enabled()) {
            return ColdBlocks.NONE;
        }
        cold = ColdTierPeer.open(config.cold(), consensus.archiveRecords());
        started.push(cold);
        LOG.info("{}: cold tier on: policy {}, bucket {} under '{}'", peerId, config.cold().policy().configName(),
                config.cold().bucket(), config.cold().keyPrefix());
        return cold.tier();
    }

    /** This peer's archive jobs (decision 0019): after the tracker, which pins what they read. */
    private void startArchiver(NodeConnector connector, Clock clock) throws IOException {
        if (cold != null) {
            cold.start(peerId, consensus.state(), consensus, consensus::peers, connector,
                    settings.resolve(config.cold().spoolDir()),
                    () -> consensus.leader().map(peerId::equals).orElse(false)
                            && consensus.state().appliedIndex() >= consensus.raftInfo().commitIndex(), clock);
        }
    }

    /**
     * External pinning services (decision 0020): the leader's reconciliation, their entries in a pin's status, their
     * meters. Returns the status API to serve: {@code cluster}'s, with the services' entries when any is configured.
     */
    private StatusApi startExternal(StatusApi cluster, PinSetView readable, Clock clock) {
        ExternalWiring external = ExternalWiring.build(peerId, config.external(),
                config.cluster().secretFingerprint(), consensus, monitor, cluster, readable, clock);
        external.task().ifPresent(task -> {
            started.push(task);
            task.start();
            LOG.info("{}: external pinning services {} ({} copies by default)", peerId, external.names(),
                    config.external().copies());
        });
        if (prometheus != null) {
            external.registerMeters(prometheus.registry());
        }
        return external.status();
    }

    /** The members new copies may go to: every member but those being drained. */
    private List<PeerId> placementCandidates() {
        Set<PeerId> draining = new HashSet<>();
        for (PeerRecord r : consensus.directory()) {
            if (r.drain() != PeerRecord.Drain.NONE) {
                draining.add(r.id());
            }
        }
        List<PeerId> members = consensus.peers();
        return draining.isEmpty() ? members : members.stream().filter(p -> !draining.contains(p)).toList();
    }

    /** Failure detection on every peer, and the repair it drives on the leader. */
    private void startRepair(MoveLog moves, Clock clock) {
        RepairWiring wiring = RepairWiring.build(peerId, config.repair(), consensus, health, holders, monitor,
                dagSizes, cold == null ? cid -> false : cold.tier()::isArchived,
                cold != null && config.cold().archiveCountsAsCopy(), moves, clock);
        repair = wiring.planner();
        if (prometheus != null) {
            wiring.registerMeters(prometheus.registry());
        }
        RepairTask task = wiring.task();
        started.push(task);
        task.start();
    }

    private DiskUsageInformer ownDiskUsage(NodeConnector connector) {
        return new DiskUsageInformer(peerId, connector::repoStat, kind.localStoreDir()
                .map(FreeSpaceInformer::diskFreeOf).orElse(FreeSpaceInformer.DISK_UNKNOWN));
    }

    /** Logged by the store already; an alert makes it visible in {@code GET /health/alerts} too. */
    private void alertJournalDamage(String damage) {
        Instant now = Instant.now();
        monitor.raise(new Alert(new Metric("pin_journal_damaged", peerId, damage, 0, false, now, now), now));
    }

    private void startDiskPressureGc(GarbageCollector collector, NodeConnector connector) {
        DiskUsageInformer own = ownDiskUsage(connector);
        DiskPressureGc task = new DiskPressureGc(collector, own::usage, connector::pinCount,
                config.repair().diskHighWater(), config.monitor().interval());
        started.push(task);
        task.start();
    }

    private void startScheduledGc(GarbageCollector collector) {
        GcTask task = new GcTask(collector, config.connector().gcInterval());
        started.push(task);
        task.start();
    }

    /**
     * {@code --join}: asks the seed to add this peer (retrying while it is unreachable or busy), then waits until the
     * replica has applied what the cluster committed (Raft sends a snapshot when the log was compacted).
     */
    private void joinThroughSeed(PeerRpc peerRpc, PeerRecord self) {
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

    /** Publishes this peer's metrics to every member; the RPC handler stores those the others send in the monitor. */
    private void startMetricsPublisher(NodeConnector connector, LocalPinTracker tracker, PeerRpc peerRpc,
                                       List<String> addresses, Clock clock) {
        MetricsPublisher publisher = new MetricsPublisher(peerId, PlacementWiring.informers(peerId, config, connector,
                kind.localStoreDir().orElse(null), tracker::queueLength, addresses), monitor, consensus::peers,
                peerRpc, config.monitor().interval(), config.monitor().ttl(), clock);
        started.push(publisher);
        publisher.start();
    }

    /**
     * The Prometheus endpoint on {@code metrics.listen} when {@code metrics.enabled}, behind the REST API's
     * credentials. Returns the counters the pin and add paths feed, or null when disabled.
     */
    private PeerMeters startPrometheus(LocalPinTracker tracker, ContentExchange exchange) {
        if (!config.metrics().enabled()) {
            return null;
        }
        ListenAddress listen = config.metrics().listen();
        prometheus = new MetricsServer(listen.host(), listen.port(), restAuth(),
                settings.file(config.metrics().sslCertFile()), settings.file(config.metrics().sslKeyFile()));
        started.push(prometheus);
        PeerMeters meters = PeerMetersWiring.register(prometheus.registry(), peerId, consensus, monitor, tracker,
                exchange, rpcHandler, Optional.ofNullable(cold));
        prometheus.start();
        LOG.info("{}: Prometheus metrics on {}", peerId, metricsUrl().orElseThrow());
        return meters;
    }

    /** The Raft term while this peer leads, -1 while it does not. */
    private long leadershipTerm() {
        PeerInfo.RaftInfo raft = consensus.raftInfo();
        return peerId.equals(raft.leader()) ? raft.term() : -1;
    }

    /**
     * Waits (bounded) until the replica has applied what the log on disk says is committed. The tracker's first
     * pass unpins local pins missing from the pinset; run against a half-replayed pinset it would unpin pins that
     * are about to reappear. Best effort: a peer that is behind the cluster catches up through the listener anyway.
     */
    private void awaitReplicaCatchUp(Duration max) {
        long target = consensus.raftInfo().commitIndex();
        long deadline = System.nanoTime() + max.toNanos();
        while (consensus.state().appliedIndex() < target && System.nanoTime() < deadline) {
            LockSupport.parkNanos(20_000_000L);
        }
        if (consensus.state().appliedIndex() < target) {
            LOG.warn("{}: replica at log index {} of {} after {}; starting the pin tracker anyway", peerId,
                    consensus.state().appliedIndex(), target, max);
        }
    }

    // The read-only gateway over what the connector kind serves (a Kubo daemon has its own gateway).
    private void startGateway(ContentSource source) {
        ListenAddress listen = config.gateway().listen();
        gateway = new GatewayServer(new GatewayConfig(listen.host(), listen.port(),
                settings.file(config.gateway().sslCertFile()), settings.file(config.gateway().sslKeyFile()),
                config.gateway().requestTimeout()), source, requestMeters("gateway"));
        started.push(gateway);
        gateway.start();
    }

    private PsaConfig psaConfig() {
        PsaSection s = config.psa();
        return new PsaConfig(s.listen().host(), s.listen().port(), s.replication(), s.maxPinsPerTenant(),
                s.requestTimeout(), settings.file(s.sslCertFile()), settings.file(s.sslKeyFile()));
    }

    /** The REST API's tenant routes (decision 0017): with REST users and a consensus that replicates tenants. */
    private io.pincluster.rest.psa.TenantRoutes tenantRoutes() {
        if (restAuth() == null) {
            return null;
        }
        return new io.pincluster.rest.psa.TenantRoutes(consensus.psaRecords(), restAuth().jwt(), dagSizes::sizeOf, psaConfig());
    }

    // The Pinning Service API: the REST API's tokens, the pin requests replicated by the consensus.
    private void startPsa() {
        PsaSection s = config.psa();
        if (!s.enabled()) {
            return;
        }
        if (restAuth() == null) {
            LOG.warn("{}: the Pinning Service API is not started: its bearer tokens are the REST API's, and "
                    + "restapi.basic_auth_credentials names no users", peerId);
            return;
        }
        // Decision 0023: status-filtered lists look statuses up in this peer's index instead of asking the cluster.
        psaStatusIndex = new PsaStatusIndex(api.status(), cid -> consensus.state().get(cid).isPresent(),
                consensus.psaRecords().table(), PsaStatusIndex.Settings.DEFAULTS);
        consensus.addListener(psaStatusIndex);
        started.push(psaStatusIndex);
        psaStatusIndex.start();
        psa = new PsaServer(psaConfig(), restAuth(), consensus.psaRecords(), api, Clock.systemUTC(), dagSizes::sizeOf,
                psaStatusIndex, requestMeters("psa"));
        started.push(psa);
        psa.start();
        LOG.info("{}: Pinning Service API on {}", peerId, psaUrl().orElseThrow());
    }

    // Kubo's /api/v0 over the same cluster roles as the REST API, with its users, tokens and limits.
    private void startProxy(ContentApi content) {
        ListenAddress listen = config.ipfsproxy().listen();
        proxy = new IpfsProxyServer(new ProxyConfig(listen.host(), listen.port(),
                settings.file(config.ipfsproxy().sslCertFile()), settings.file(config.ipfsproxy().sslKeyFile())),
                restConfig(), api, content, restAuth(), Clock.systemUTC(), requestMeters("proxy"));
        started.push(proxy);
        proxy.start();
    }

    /** A listener's {@code pincluster_http_*} meters, in the scrape endpoint's registry when it is on. */
    private RequestMeters requestMeters(String api) {
        return new RequestMeters(prometheus != null ? prometheus.registry() : null, api);
    }

    private RestConfig restConfig() {
        return settings.rest(config.restapi(), config.cluster().secret());
    }

    // One authentication for the REST API and the metrics endpoint: same users, tokens, revocations, login limits.
    // The revocations are the cluster's: a token revoked through any peer is refused by every peer.
    private RestAuth restAuth() {
        if (restAuth == null) {
            restAuth = RestAuth.of(restConfig(), Clock.systemUTC(), revocations);
        }
        return restAuth;
    }

    public PeerId peerId() {
        return peerId;
    }

    public ServiceConfig config() {
        return config;
    }

    /** What the HTTP front ends call, role by role; tests may call it directly. */
    public ClusterApi api() {
        return api;
    }

    public NodeConnector connector() {
        return kind.connector();
    }

    public Consensus consensus() {
        return consensus;
    }

    /** This peer's failure detection. */
    public PeerHealth health() {
        return health;
    }

    /** Which peers hold a confirmed copy of which pins, as their reports say while this peer leads. */
    public HolderRegistry holders() {
        return holders;
    }

    /** The cold tier's archives as this peer reads them, when {@code cold.policy} is not none. */
    public Optional<ColdTier> coldTier() {
        return Optional.ofNullable(cold).map(ColdTierPeer::tier);
    }

    /** This peer's archive garbage collection (acts only while it leads), when {@code cold.gc_interval} is not 0. */
    public Optional<io.pincluster.service.cold.ArchiveCollector> archiveCollector() {
        return Optional.ofNullable(cold).flatMap(ColdTierPeer::collector);
    }

    /** The leader's hot copy policy (decision 0024), when {@code cold.drop_hot_after} is not 0. */
    public Optional<io.pincluster.service.cold.HotCopyPolicy> hotCopyPolicy() {
        return Optional.ofNullable(cold).flatMap(ColdTierPeer::hotCopies);
    }

    /** This peer's read reports of archived pins (decision 0024), when {@code cold.drop_hot_after} is not 0. */
    public Optional<io.pincluster.service.cold.ReadMarks> readMarks() {
        return Optional.ofNullable(cold).flatMap(ColdTierPeer::readMarks);
    }

    /** This peer's archive jobs, when {@code cold.policy} is not none. */
    public Optional<ArchiveScheduler> archiveScheduler() {
        return Optional.ofNullable(cold).map(ColdTierPeer::scheduler);
    }

    /** This peer's pin tracker. */
    public LocalPinTracker pinTracker() {
        return tracker;
    }

    /** Block requests other peers sent this peer's cluster RPC since it started. */
    public long blockRequestsServed() {
        return rpcHandler == null ? 0 : rpcHandler.blockRequestsServed();
    }

    /** Status requests for one CID other peers sent this peer (tests count a tracker's questions). */
    public long statusRequestsServed() {
        return rpcHandler == null ? 0 : rpcHandler.statusRequestsServed();
    }

    /** Questions of who holds which CIDs other peers sent this peer while or before it led (decision 0022). */
    public long holderQuestionsServed() {
        return rpcHandler == null ? 0 : rpcHandler.holderQuestionsServed();
    }

    /** Tells the leader what this peer holds; tests may run a round with {@link HoldingsReporter#reportNow()}. */
    public HoldingsReporter holdingsReporter() {
        return reporter;
    }

    /** The repair planner (acts only while this peer leads). */
    public RepairPlanner repair() {
        return repair;
    }

    /** Every peer's latest metrics as this peer received them, and the expiry alerts. */
    public PeerMonitor monitor() {
        return monitor;
    }

    /** The cluster RPC client: how components call other peers. */
    public PeerRpc rpcClient() {
        return rpcClient.client();
    }

    /** Where peers' cluster RPC listens; membership updates it as peers join and leave. */
    public AddressBook addressBook() {
        return rpcClient.addressBook();
    }

    /** The address this peer's cluster RPC is bound to (the real port when configured with 0). */
    public ListenAddress rpcAddress() {
        return rpcServer.listenAddress();
    }

    /** The REST API's base URL with the port actually bound. */
    public URI restUrl() {
        return URI.create(scheme(config.restapi().sslCertFile()) + hostForUrl(config.restapi().httpListen().host())
                + ":" + rest.port());
    }

    /** The Pinning Service API's status index (decision 0023), when the API runs (tests read its counters). */
    public Optional<PsaStatusIndex> psaStatusIndex() {
        return Optional.ofNullable(psaStatusIndex);
    }

    /** The Pinning Service API's base URL, when it runs. */
    public Optional<URI> psaUrl() {
        return Optional.ofNullable(psa).map(p -> URI.create(scheme(config.psa().sslCertFile())
                + hostForUrl(config.psa().listen().host()) + ":" + p.port()));
    }

    /** The gateway's base URL, when it runs. */
    public Optional<URI> gatewayUrl() {
        return Optional.ofNullable(gateway).map(g -> URI.create(scheme(config.gateway().sslCertFile())
                + hostForUrl(config.gateway().listen().host()) + ":" + g.port()));
    }

    /** The IPFS proxy's base URL (Kubo's {@code /api/v0} is under it), when it runs. */
    public Optional<URI> proxyUrl() {
        return Optional.ofNullable(proxy).map(p -> URI.create(scheme(config.ipfsproxy().sslCertFile())
                + hostForUrl(config.ipfsproxy().listen().host()) + ":" + p.port()));
    }

    /** The Prometheus endpoint's URL ({@code .../metrics}), when it runs. */
    public Optional<URI> metricsUrl() {
        return Optional.ofNullable(prometheus).map(m -> URI.create(scheme(config.metrics().sslCertFile())
                + hostForUrl(config.metrics().listen().host()) + ":" + m.port() + "/metrics"));
    }

    private static String scheme(String sslCertFile) {
        return sslCertFile == null ? "http://" : "https://";
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /**
     * Completes, once, when this peer's consensus ended without this peer asking ({@link ConsensusEndWatch}): its
     * Raft server stopped on its own, or the cluster removed this peer. The daemon then stops the peer. Never
     * completes while the consensus runs.
     */
    public CompletableFuture<ConsensusEndWatch.End> consensusEnded() {
        return consensusWatch.ended();
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
