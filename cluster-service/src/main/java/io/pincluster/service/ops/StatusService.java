package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.status.DeadlineStream;
import io.pincluster.service.status.LocalStatusSource;
import io.pincluster.service.status.PeerLabels;
import io.pincluster.service.status.SilentPeers;
import io.pincluster.service.status.StatusMerge;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Status and recovery of pins as ipfs-cluster reports them: a {@link GlobalPinInfo} with one {@link PinInfo} per
 * cluster peer. For one CID, every peer is asked in parallel: an allocated peer that fails shows
 * {@code cluster_error} with the error text; a peer outside the allocations is {@code remote} unless it answers
 * {@code pinned} (a copy it keeps until the pin's new holders confirm theirs). For every pin, each
 * peer's CID-ordered stream is merged lazily ({@link StatusMerge}), so the answering peer's memory does not grow with
 * the pinset.
 *
 * <p>A status waits for each peer at most the status deadline ({@code cluster.status_timeout}), per answer and per
 * streamed item: a hung peer is shown as {@code cluster_error} saying so, its call is cancelled, and it is not asked
 * again until it answers ({@link SilentPeers}), so one hung peer does not slow every status down. Recovery is an
 * action, not a look: it still waits up to {@link #RECOVER_TIMEOUT} per peer.
 */
public final class StatusService implements StatusApi, AutoCloseable {
    /** How long a single-CID recover waits for each peer (ipfs-cluster: 15 s). */
    public static final Duration RECOVER_TIMEOUT = Duration.ofSeconds(15);
    /**
     * Status and recover requests (and their streams) answered at once. The fan-out pool cannot be bounded (a
     * per-CID task of cids= waits on per-peer tasks), so requests are: one more is refused with a 503 to retry,
     * instead of adding threads per peer without end.
     */
    public static final int MAX_REQUESTS_IN_FLIGHT = 256;
    private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(MAX_REQUESTS_IN_FLIGHT);
    private static final Set<TrackerStatus> RECOVERABLE = EnumSet.of(TrackerStatus.PIN_ERROR,
            TrackerStatus.UNPIN_ERROR, TrackerStatus.UNEXPECTEDLY_UNPINNED);

    private final PeerId self;
    private final PinSetView pinset;
    private final Supplier<List<PeerId>> members;
    private final LocalStatusSource local;
    private final PeerRpc rpc;
    private final Clock clock;
    private final ExecutorService fanOut;
    private final PeerLabels labels;
    private final SilentPeers silent;
    private final Ask statusAsk;
    private final Ask recoverAsk;

    /** What a fan-out asks each peer and how long it waits for each; only a status gives up on hung peers. */
    private record Ask(Function<Cid, PinInfo> local, BiFunction<PeerId, Cid, PinInfo> remote, Duration timeout,
                       boolean statusDeadline) {
    }

    /**
     * @param pinset        this peer's replica of the pinset (which peers each pin is allocated to)
     * @param members       the cluster's current members (the peers a full status asks)
     * @param statusTimeout how long a status waits for each other peer ({@code cluster.status_timeout})
     */
    public StatusService(PinSetView pinset, Supplier<List<PeerId>> members, LocalStatusSource local, PeerRpc rpc,
                         Duration statusTimeout, Clock clock) {
        this.self = local.self();
        this.pinset = pinset;
        this.members = members;
        this.local = local;
        this.rpc = rpc;
        this.clock = clock;
        // Unbounded on purpose: a per-CID task of cids= waits on per-peer tasks; a bounded pool could deadlock.
        AtomicInteger n = new AtomicInteger();
        this.fanOut = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "status-fanout-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.silent = new SilentPeers(statusTimeout, rpc::id, fanOut, clock);
        this.labels = new PeerLabels(peer -> silent.call(peer, () -> rpc.id(peer)), fanOut, clock,
                peer -> !silent.isSilent(peer));
        this.statusAsk = new Ask(local::status, rpc::status, statusTimeout, true);
        this.recoverAsk = new Ask(local::recover, rpc::recover, RECOVER_TIMEOUT, false);
    }

    @Override
    public GlobalPinInfo status(Cid cid, boolean localOnly) {
        admit();
        try {
            return fanOut(cid, localOnly, statusAsk);
        } finally {
            inFlight.release();
        }
    }

    @Override
    public GlobalPinInfo recover(Cid cid, boolean localOnly) {
        admit();
        try {
            return fanOut(cid, localOnly, recoverAsk);
        } finally {
            inFlight.release();
        }
    }

    private void admit() {
        if (!inFlight.tryAcquire()) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "too many status requests in flight ("
                    + MAX_REQUESTS_IN_FLIGHT + "); retry later");
        }
    }

    /** Holds a permit for as long as the stream is open; the stream's reader closes it. */
    private <T> Stream<T> admitted(Supplier<Stream<T>> open) {
        admit();
        try {
            return open.get().onClose(inFlight::release);
        } catch (RuntimeException | Error e) {
            inFlight.release();
            throw e;
        }
    }

    /** Peers that missed the status deadline and are not asked until they answer again. */
    public SilentPeers silentPeers() {
        return silent;
    }

    /**
     * Statuses in CID order: of {@code cids} when given (each asked as by {@link #status}, in parallel), otherwise
     * the merge of every peer's status stream; only CIDs with a peer entry in {@code filter} (empty = all).
     */
    @Override
    public Stream<GlobalPinInfo> statusAll(Set<TrackerStatus> filter, List<Cid> cids, boolean localOnly) {
        return admitted(() -> {
            if (!cids.isEmpty()) {
                List<CompletableFuture<GlobalPinInfo>> each = cids.stream().distinct().sorted()
                        .map(c -> CompletableFuture.supplyAsync(() -> fanOut(c, localOnly, statusAsk), fanOut))
                        .toList();
                return each.stream().map(CompletableFuture::join).filter(info -> info.anyMatches(filter));
            }
            return merged(filter, localOnly);
        });
    }

    /**
     * Retries, on the peer concerned, every pin in error or unexpectedly unpinned; returns the statuses of those
     * CIDs afterwards, in CID order, lazily.
     */
    @Override
    public Stream<GlobalPinInfo> recoverAll(boolean localOnly) {
        return admitted(() -> merged(RECOVERABLE, localOnly).map(this::recoverEntries));
    }

    private GlobalPinInfo recoverEntries(GlobalPinInfo info) {
        Map<PeerId, PinInfo> after = new LinkedHashMap<>(info.peerMap());
        info.peerMap().forEach((peer, entry) -> {
            if (RECOVERABLE.contains(entry.status())) {
                after.put(peer, ask(peer, info.cid(), recoverAsk));
            }
        });
        return new GlobalPinInfo(info.cid(), info.name(), info.allocations(), info.origins(), info.created(),
                info.metadata(), new java.util.TreeMap<>(after));
    }

    private Stream<GlobalPinInfo> merged(Set<TrackerStatus> filter, boolean localOnly) {
        return StatusMerge.stream(pinset, members(localOnly), peer -> openStream(peer, filter), filter,
                labels, (peer, cid) -> ask(peer, cid, statusAsk), clock);
    }

    // Another peer's stream is read ahead so the merge waits at most the status deadline for each item.
    private Stream<CidStatus> openStream(PeerId peer, Set<TrackerStatus> filter) {
        if (peer.equals(self)) {
            return local.statusAll(filter);
        }
        silent.skipReason(peer).ifPresent(why -> {
            throw new ClusterException(ErrorCode.TIMEOUT, why);
        });
        return DeadlineStream.open(peer, () -> rpc.statusAll(peer, filter), fanOut, silent);
    }

    private List<PeerId> members(boolean localOnly) {
        if (localOnly) {
            return List.of(self);
        }
        List<PeerId> peers = new ArrayList<>(members.get());
        if (!peers.contains(self)) {
            peers.add(self);
        }
        return peers;
    }

    // Every peer is called in parallel and waited for together, so the slowest peer (at most the deadline) sets the
    // latency. Peers outside the allocations are remote unless they answer pinned (a copy kept during a move).
    private GlobalPinInfo fanOut(Cid cid, boolean localOnly, Ask call) {
        Pin pin = pinset.get(cid).orElse(null);
        Map<PeerId, PinInfo> map = new LinkedHashMap<>();
        Map<PeerId, Future<PinInfo>> calls = new LinkedHashMap<>();
        Map<PeerId, Future<PinInfo>> movedAway = new LinkedHashMap<>();
        for (PeerId peer : members(localOnly)) {
            if (pin == null && !peer.equals(self)) {
                map.put(peer, entry(peer, TrackerStatus.UNPINNED, ""));
            } else if (pin != null && !pin.isAllocatedTo(peer)) {
                PinInfo remote = entry(peer, TrackerStatus.REMOTE, "");
                remote = new PinInfo(peer, remote.peerName(), remote.ipfsPeerId(), remote.ipfsPeerAddresses(),
                        TrackerStatus.REMOTE, pin.timestamp(), "", 0, false);
                map.put(peer, remote);
                // A peer the pin moved away from may still keep its copy until the new holders confirm theirs
                // (make-before-break), and then says pinned: ask it, but show remote when it cannot answer.
                if (call.statusDeadline() && peer.equals(self)) {
                    map.put(peer, keptOr(call.local().apply(cid), remote));
                } else if (call.statusDeadline() && skipReason(peer, call).isEmpty()) {
                    movedAway.put(peer, fanOut.submit(() -> call.remote().apply(peer, cid)));
                }
            } else if (peer.equals(self)) {
                map.put(peer, call.local().apply(cid));
            } else {
                Optional<String> skip = skipReason(peer, call);
                if (skip.isPresent()) {
                    map.put(peer, entry(peer, TrackerStatus.CLUSTER_ERROR, skip.get()));
                } else {
                    calls.put(peer, fanOut.submit(() -> call.remote().apply(peer, cid)));
                }
            }
        }
        long deadline = System.nanoTime() + call.timeout().toNanos();
        calls.forEach((peer, f) -> map.put(peer, await(peer, f, deadline, call)));
        movedAway.forEach((peer, f) -> map.put(peer, keptOr(await(peer, f, deadline, call), map.get(peer))));
        return GlobalPinInfo.of(cid, pin, map);
    }

    // A peer outside the allocations counts only when it says it still holds the pin; anything else is remote.
    private static PinInfo keptOr(PinInfo answer, PinInfo remote) {
        return answer.status() == TrackerStatus.PINNED ? answer : remote;
    }

    private PinInfo ask(PeerId peer, Cid cid, Ask call) {
        if (peer.equals(self)) {
            return call.local().apply(cid);
        }
        Optional<String> skip = skipReason(peer, call);
        if (skip.isPresent()) {
            return entry(peer, TrackerStatus.CLUSTER_ERROR, skip.get());
        }
        return await(peer, fanOut.submit(() -> call.remote().apply(peer, cid)),
                System.nanoTime() + call.timeout().toNanos(), call);
    }

    /** Why {@code peer} is not asked this time: only a status skips a peer known to hang. */
    private Optional<String> skipReason(PeerId peer, Ask call) {
        return call.statusDeadline() ? silent.skipReason(peer) : Optional.empty();
    }

    private PinInfo await(PeerId peer, Future<PinInfo> pending, long deadlineNanos, Ask call) {
        try {
            PinInfo info = pending.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            silent.answered(peer);
            labels.learn(peer, new PeerLabels.Label(info.peerName(), info.ipfsPeerId(), info.ipfsPeerAddresses()));
            return info.peer().equals(peer) ? info : new PinInfo(peer, info.peerName(), info.ipfsPeerId(),
                    info.ipfsPeerAddresses(), info.status(), info.timestamp(), info.error(), info.attemptCount(),
                    info.priorityPin());
        } catch (TimeoutException e) {
            pending.cancel(true); // interrupting a blocking gRPC call cancels it: no thread stays with a hung peer
            if (!call.statusDeadline()) {
                return entry(peer, TrackerStatus.CLUSTER_ERROR, "no answer from " + peer + " within "
                        + call.timeout());
            }
            silent.missed(peer);
            return entry(peer, TrackerStatus.CLUSTER_ERROR, silent.missedText());
        } catch (ExecutionException e) {
            silent.answered(peer); // it failed fast: asking it costs nothing
            Throwable cause = e.getCause();
            String why = cause instanceof ClusterException || cause.getMessage() != null ? cause.getMessage()
                    : cause.toString();
            return entry(peer, TrackerStatus.CLUSTER_ERROR, why);
        } catch (InterruptedException e) {
            pending.cancel(true);
            Thread.currentThread().interrupt();
            return entry(peer, TrackerStatus.CLUSTER_ERROR, "interrupted while asking " + peer);
        }
    }

    private PinInfo entry(PeerId peer, TrackerStatus status, String error) {
        PeerLabels.Label l = labels.of(peer);
        return new PinInfo(peer, l.peerName(), l.ipfsPeerId(), l.ipfsAddresses(), status, clock.instant(), error, 0,
                false);
    }

    @Override
    public void close() {
        fanOut.shutdownNow();
    }
}
