package io.pincluster.rest;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.AddRequest;
import io.pincluster.core.component.AddedOutput;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.component.AddApi;
import io.pincluster.core.component.GcApi;
import io.pincluster.core.component.MonitorApi;
import io.pincluster.core.component.PeerGc;
import io.pincluster.core.component.PeerApi;
import io.pincluster.core.component.PinApi;
import io.pincluster.core.component.RepairApi;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.component.UploadPart;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Alert;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.MoveKind;
import io.pincluster.core.repair.RepairSummary;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.pin.TrackerStatus;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.concurrent.CompletableFuture;

/**
 * The far side of the REST API in tests: an in-memory pinset with two peers and fixed times, which records
 * every write it is asked to make so tests can check that a refused request wrote nothing.
 */
final class FakeClusterApi implements PeerApi, PinApi, StatusApi, AddApi, MonitorApi, GcApi, RepairApi {
    static final Instant NOW = Instant.parse("2024-05-06T10:00:00Z");
    static final PeerId PEER_A = peer(1);
    static final PeerId PEER_B = peer(2);

    final List<String> writes = Collections.synchronizedList(new ArrayList<>());
    /** Pins of these CIDs fail as a minority peer's would (no quorum). */
    final Set<Cid> failingPins = java.util.concurrent.ConcurrentHashMap.newKeySet();
    /** Pins of these CIDs never answer, as a peer waiting for a commit that does not come. */
    final Set<Cid> hangingPins = java.util.concurrent.ConcurrentHashMap.newKeySet();
    final Map<Cid, Pin> pinset = new ConcurrentSkipListMap<>();
    /** The status peer B reports for a pinned CID when not {@code pin_error} (the PSA's {@code failed}). */
    final Map<Cid, TrackerStatus> statusOnB = new java.util.concurrent.ConcurrentHashMap<>();
    volatile Supplier<Stream<GlobalPinInfo>> statusStream;
    volatile Supplier<Stream<PeerInfo>> peerStream;

    void reset() {
        writes.clear();
        failingPins.clear();
        hangingPins.clear();
        pinset.clear();
        statusStream = null;
        peerStream = null;
        statusOnB.clear();
        lastGcLocal = null;
    }

    static PeerId peer(int n) {
        byte[] proto = new byte[36];
        proto[0] = 8;
        proto[1] = 1;
        proto[2] = 18;
        proto[3] = 32;
        java.util.Arrays.fill(proto, 4, 36, (byte) n);
        return PeerId.ofPublicKeyProto(proto);
    }

    static Cid cid(String seed) {
        return Cid.v1(Codec.DAG_PB, Multihash.sha256(seed.getBytes(StandardCharsets.UTF_8)));
    }

    static Cid rawCid(byte[] data) {
        return Cid.v1(Codec.RAW, Multihash.sha256(data));
    }

    @Override
    public PeerInfo id() {
        return info(PEER_A, "cluster0");
    }

    static PeerInfo info(PeerId id, String name) {
        return new PeerInfo(id, name, List.of("/ip4/127.0.0.1/tcp/9096/p2p/" + id), List.of(PEER_A, PEER_B),
                List.of("/ip4/127.0.0.1/tcp/9096/p2p/" + PEER_A, "/ip4/127.0.0.1/tcp/9097/p2p/" + PEER_B),
                "0.1.0", "", "/pincluster/0.1/rpc", "",
                new PeerInfo.IpfsInfo(id.value(), List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + id), ""),
                new PeerInfo.RaftInfo("LEADER", 3, 42, 42, 0, PEER_A));
    }

    @Override
    public String version() {
        return "0.1.0";
    }

    @Override
    public Stream<PeerInfo> peers() {
        Supplier<Stream<PeerInfo>> override = peerStream;
        return override != null ? override.get() : Stream.of(info(PEER_A, "cluster0"), info(PEER_B, "cluster1"));
    }

    @Override
    public PeerInfo addPeer(PeerId peer) {
        writes.add("addPeer " + peer);
        return PeerInfo.unreachable(peer, "");
    }

    @Override
    public boolean removePeer(PeerId peer, boolean force) {
        writes.add("rm " + peer + (force ? " force" : ""));
        return force || !peer.equals(PEER_A); // PEER_A plays a live peer, drained before removal
    }

    @Override
    public void drain(PeerId peer, boolean on) {
        if (!peer.equals(PEER_A) && !peer.equals(PEER_B)) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "peer " + peer + " is not a cluster member");
        }
        writes.add("drain " + peer + " " + on);
    }

    @Override
    public void maintenance(PeerId peer, Instant until) {
        writes.add("maintenance " + peer + " " + until);
    }

    @Override
    public CompletableFuture<Pin> pin(Cid cid, PinOptions options) {
        if (failingPins.contains(cid)) {
            return CompletableFuture.failedFuture(new ClusterException(ErrorCode.UNAVAILABLE,
                    "no quorum: the pinset cannot change"));
        }
        if (hangingPins.contains(cid)) {
            return new CompletableFuture<>();
        }
        writes.add("pin " + cid);
        Pin pin = new Pin(cid, options, PinType.DATA, options.replicationMin() == -1 ? List.of()
                : List.of(PEER_A, PEER_B), null, NOW);
        pinset.put(cid, new Pin(cid, options.withoutTransientFields(), PinType.DATA, pin.allocations(), null, NOW));
        return CompletableFuture.completedFuture(pin);
    }

    @Override
    public Cid resolve(String namespace, String path) {
        if (!namespace.equals("ipfs")) {
            throw new ClusterException(ErrorCode.NOT_FOUND, "cannot resolve /" + namespace + "/" + path);
        }
        return Cid.parse(path.split("/")[0]);
    }

    @Override
    public CompletableFuture<Pin> unpin(Cid cid) {
        writes.add("unpin " + cid);
        Pin removed = pinset.remove(cid);
        return removed == null ? CompletableFuture.failedFuture(ClusterException.notPinned())
                : CompletableFuture.completedFuture(removed);
    }

    @Override
    public Pin allocation(Cid cid) {
        Pin pin = pinset.get(cid);
        if (pin == null) {
            throw ClusterException.notPinned();
        }
        return pin;
    }

    @Override
    public Stream<Pin> allocations(AllocationQuery query) {
        Stream<Pin> s = pinset.values().stream()
                .filter(p -> query.types().isEmpty() || query.types().contains(p.type()))
                .filter(p -> query.name() == null || (query.namePrefix() ? p.options().name().startsWith(query.name())
                        : p.options().name().equals(query.name())))
                .filter(p -> query.metaKey() == null
                        || query.metaValue().equals(p.options().metadata().get(query.metaKey())))
                .filter(p -> query.after() == null || p.cid().compareTo(query.after()) > 0);
        return query.limit() > 0 ? s.limit(query.limit()) : s;
    }

    @Override
    public GlobalPinInfo status(Cid cid, boolean local) {
        Pin pin = pinset.get(cid);
        Map<PeerId, PinInfo> peers = new TreeMap<>();
        peers.put(PEER_A, new PinInfo(PEER_A, "cluster0", PEER_A.value(),
                List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + PEER_A), pin == null ? TrackerStatus.UNPINNED
                : TrackerStatus.PINNED, NOW, "", 0, false));
        if (!local) {
            peers.put(PEER_B, PinInfo.of(PEER_B, "cluster1", pin == null ? TrackerStatus.UNPINNED
                    : statusOnB.getOrDefault(cid, TrackerStatus.PIN_ERROR), NOW));
        }
        return GlobalPinInfo.of(cid, pin, peers);
    }

    @Override
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean local) {
        Supplier<Stream<GlobalPinInfo>> override = statusStream;
        if (override != null) {
            return override.get();
        }
        Stream<Cid> keys = cids.isEmpty() ? pinset.keySet().stream() : cids.stream();
        return keys.map(c -> status(c, local)).filter(g -> g.anyMatches(filter));
    }

    @Override
    public GlobalPinInfo recover(Cid cid, boolean local) {
        writes.add("recover " + cid);
        return status(cid, local);
    }

    @Override
    public Stream<GlobalPinInfo> recoverAll(boolean local) {
        writes.add("recoverAll");
        return pinset.keySet().stream().map(c -> status(c, local));
    }

    @Override
    public List<String> metricNames() {
        return List.of("freespace", "ping", "tag:zone");
    }

    /** PEER_A's free space, both peers' zones; any other name has no valid metric. */
    @Override
    public List<Metric> validMetrics(String name) {
        Instant expire = NOW.plusSeconds(30);
        return switch (name) {
            case "freespace" -> List.of(Metric.freeSpace(PEER_A, 857_000_000_000L, expire)
                    .receivedAt(NOW.minusSeconds(5)));
            case "tag:zone" -> List.of(Metric.tag(PEER_A, "zone", "eu-1", expire).receivedAt(NOW.minusSeconds(5)),
                    Metric.tag(PEER_B, "zone", "us-2", expire).receivedAt(NOW.minusSeconds(4)));
            default -> List.of();
        };
    }

    /** PEER_B's ping expired 10 s ago; the alert was raised 5 s ago. */
    @Override
    public List<Alert> alerts() {
        Metric ping = new Metric("ping", PEER_B, "{\"peer_name\":\"cluster1\"}", 0, false, NOW.minusSeconds(10),
                NOW.minusSeconds(40));
        return List.of(new Alert(ping, NOW.minusSeconds(5)));
    }

    /**
     * Reads every part; files get raw CIDs of their bytes, directories a CID of their path. The first part is
     * the root (Kubo sends a directory before its entries); its line comes last, with the allocations.
     */
    @Override
    public void add(AddRequest request, Iterator<UploadPart> parts, Consumer<AddedOutput> output) {
        AddedOutput root = null;
        while (parts.hasNext()) {
            UploadPart part = parts.next();
            if (part.path().endsWith("disk-full")) {
                throw new ClusterException(ErrorCode.INSUFFICIENT_STORAGE, "no space left for " + part.path());
            }
            AddedOutput line;
            if (part.directory()) {
                line = new AddedOutput(part.path(), cid("dir:" + part.path()), 0, 1, List.of());
            } else {
                byte[] data = readAll(part.content(), part.path(), request.progress(), output);
                line = new AddedOutput(part.path(), rawCid(data), 0, data.length, List.of());
            }
            if (root == null) {
                root = line;
            } else {
                output.accept(line);
            }
        }
        if (root == null) {
            throw ClusterException.badRequest("no files were uploaded");
        }
        if (!request.noPin()) {
            pin(root.cid(), request.pinOptions());
        }
        output.accept(new AddedOutput(root.name(), root.cid(), 0, root.size(), List.of(PEER_A, PEER_B)));
    }

    private static byte[] readAll(InputStream in, String name, boolean progress, Consumer<AddedOutput> output) {
        try {
            byte[] data = in.readAllBytes();
            if (progress) {
                output.accept(new AddedOutput(name, null, data.length, 0, List.of()));
            }
            return data;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The {@code local} flag of the last {@code /ipfs/gc}; null before any. */
    volatile Boolean lastGcLocal;

    @Override
    public List<PeerGc> collectGarbage(boolean local) {
        lastGcLocal = local;
        return List.of(new PeerGc(PEER_A, "cluster0", List.of(cid("garbage")), ""),
                PeerGc.failed(PEER_B, "cluster1", "peer unreachable"));
    }

    volatile Cid lastMovesCid;
    volatile Integer lastMovesLimit;

    @Override
    public RepairSummary repairSummary() {
        return new RepairSummary(NOW, true, true, Map.of(PEER_A, new RepairSummary.PeerCondition("up",
                NOW.minusSeconds(3600), "drain", null, true), PEER_B, new RepairSummary.PeerCondition("down",
                NOW.minusSeconds(90), "none", NOW.plusSeconds(600), false)), 12, 2,
                1, 3, 10, 4, 7, Map.of(MoveKind.REPAIR, 7L, MoveKind.REBALANCE, 5L),
                java.time.Duration.ofSeconds(2), List.of(cid("lost")));
    }

    @Override
    public List<AllocationChange> allocationChanges(Cid cid, int limit) {
        lastMovesCid = cid;
        lastMovesLimit = limit;
        List<AllocationChange> all = List.of(
                new AllocationChange(NOW, cid("moved"), List.of(PEER_B, PEER_A), List.of(PEER_A, peer(3)),
                        MoveKind.REPAIR, "peer " + PEER_B + " down since " + NOW.minusSeconds(90)),
                new AllocationChange(NOW.minusSeconds(1), cid("other"), List.of(PEER_B), List.of(PEER_A),
                        MoveKind.REBALANCE, "x"));
        return all.stream().filter(c -> cid == null || c.cid().equals(cid)).limit(limit).toList();
    }
}
