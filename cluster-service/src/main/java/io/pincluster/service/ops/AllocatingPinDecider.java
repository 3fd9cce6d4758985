package io.pincluster.service.ops;

import io.pincluster.allocator.AllocationRequest;
import io.pincluster.allocator.BalancedAllocator;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.MetricNames;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.monitor.DiskUsage;
import io.pincluster.service.monitor.PeerMonitor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The leader's pin policy: checks the options as ipfs-cluster does (cluster.go), resolves replication 0 to
 * the configured defaults (-1 = every peer, no allocations), and asks the {@link BalancedAllocator} where
 * the pin goes, from the metrics valid at the leader's {@code now}, restricted to the current Raft members.
 * A member whose metrics expired (down, partitioned) is no candidate.
 *
 * <p>The allocator also gets the DAG's size when the leader knows it ({@link DagSizes}) and the bytes
 * allocated recently to each peer ({@link PendingAllocations}); the new peers of each decision are added to
 * the latter, with the assumed size for pins of unknown size.
 *
 * <p>A peer whose {@code diskusage} metric is at or above {@code diskHighWater} of its capacity gets no new copy:
 * it is left out of the candidates, but stays a valid holder of the pins it already has, so a full peer's pins
 * do not churn when they are decided again.
 */
public final class AllocatingPinDecider implements PinDecider {
    private final int defaultMin;
    private final int defaultMax;
    private final Supplier<? extends Collection<PeerId>> members;
    private final BalancedAllocator allocator;
    private final PeerMonitor monitor;
    private final DagSizes sizes;
    private final PendingAllocations pending;
    private final long assumedPinSize;
    private final double diskHighWater;
    private volatile Snapshot last; // reused while no metric arrived, none expired, members unchanged; set under this
    private volatile Restriction lastRestriction; // a memo of an immutable input's restriction: races are harmless

    /** The valid metrics, the peers too full for new copies and the metrics without them (null when none is). */
    private record Snapshot(long version, Set<PeerId> members, Instant validUntil, MetricsSnapshot metrics,
                            Set<PeerId> full, MetricsSnapshot withoutFull) {
    }

    /** {@code result}: {@code from} without the {@code leaving} peers. */
    private record Restriction(MetricsSnapshot from, Set<PeerId> leaving, MetricsSnapshot result) {
    }

    /**
     * @param members        the current Raft members; asked on every decision, on the leader
     * @param monitor        this peer's metric store (every peer's latest metrics)
     * @param assumedPinSize bytes a pin of unknown size counts as pending on each new peer
     */
    public AllocatingPinDecider(int defaultMin, int defaultMax, Supplier<? extends Collection<PeerId>> members,
                                BalancedAllocator allocator, PeerMonitor monitor, DagSizes sizes,
                                PendingAllocations pending, long assumedPinSize) {
        this(defaultMin, defaultMax, members, allocator, monitor, sizes, pending, assumedPinSize, Double.MAX_VALUE);
    }

    /** @param diskHighWater used share of its capacity from which a peer gets no new copies */
    public AllocatingPinDecider(int defaultMin, int defaultMax, Supplier<? extends Collection<PeerId>> members,
                                BalancedAllocator allocator, PeerMonitor monitor, DagSizes sizes,
                                PendingAllocations pending, long assumedPinSize, double diskHighWater) {
        this.diskHighWater = diskHighWater;
        this.defaultMin = defaultMin;
        this.defaultMax = defaultMax;
        this.members = members;
        this.allocator = allocator;
        this.monitor = monitor;
        this.sizes = sizes;
        this.pending = pending;
        this.assumedPinSize = assumedPinSize;
    }

    @Override
    public Pin decide(Cid cid, PinOptions options, Pin existing, PinSetView state, Instant now) {
        if (options.expireAt() != null && !options.expireAt().isAfter(now)) {
            throw ClusterException.badRequest("pin.ExpireAt set before current time");
        }
        if (existing != null && existing.options().mode() == PinMode.RECURSIVE && options.mode() == PinMode.DIRECT) {
            throw ClusterException.badRequest("cannot repin a CID which is already pinned in recursive mode "
                    + "(new pin is direct). Unpin it first.");
        }
        int min = options.replicationMin() == 0 ? defaultMin : options.replicationMin();
        int max = options.replicationMax() == 0 ? defaultMax : options.replicationMax();
        if ((min == -1) != (max == -1)) {
            throw ClusterException.badRequest("cluster.replication_factor_min and max must both be -1 when one is");
        }
        if (max != -1 && min > max) {
            throw ClusterException.badRequest("cluster.replication_factor_min is larger than max");
        }
        PinOptions stored = options.withReplication(min, max).withoutTransientFields();
        List<PeerId> allocations = min == -1 ? List.of() : allocate(cid, min, max, options, existing, now);
        return new Pin(cid, stored, PinType.DATA, allocations, null, now);
    }

    /**
     * Repair and moves: the pin's stored (already resolved) replication, its allocations without the leaving
     * peers as the current ones, and the leaving peers out of the candidates. It asks for as many copies as the pin
     * had (within min..max), or max with {@code topUp}, and settles for fewer, down to min, when the cluster cannot
     * take more.
     */
    @Override
    public void prepare(List<Cid> cids) {
        sizes.prefetch(cids);
    }

    @Override
    public Pin reallocate(Pin existing, Set<PeerId> leaving, boolean topUp, PinSetView state, Instant now) {
        Cid cid = existing.cid();
        int min = existing.options().replicationMin();
        int max = existing.options().replicationMax();
        List<PeerId> current = existing.allocations().stream().filter(p -> !leaving.contains(p)).toList();
        MetricsSnapshot metrics = without(candidates(snapshot(now), current), leaving);
        long size = sizes.sizeOf(cid);
        ClusterException notEnough = null;
        // A move keeps the pin's number of copies (within min..max): a replacement, not a shrink.
        int kept = Math.max(min, Math.min(max, existing.allocations().size()));
        for (int wanted = topUp ? max : kept; wanted >= min; wanted--) {
            AllocationRequest request = new AllocationRequest(cid, wanted, max, current, List.of(), metrics,
                    size < 0 ? AllocationRequest.UNKNOWN_SIZE : size, pending.pendingAt(now));
            try {
                List<PeerId> chosen = allocator.allocate(request);
                List<PeerId> added = new ArrayList<>(chosen);
                added.removeAll(current);
                pending.record(added, size < 0 ? assumedPinSize : size, now);
                return new Pin(cid, existing.options(), existing.type(), chosen, existing.reference(),
                        existing.timestamp());
            } catch (ClusterException e) {
                if (e.code() != ErrorCode.UNAVAILABLE) {
                    throw e;
                }
                notEnough = e;
            }
        }
        throw notEnough;
    }

    /**
     * {@code metrics} without the leaving peers. The same object when none of them has metrics (a dead peer's have
     * expired), and otherwise the same restriction while the inputs are the same: a repair or drain moves thousands
     * of pins off the same peers, and the allocator digests each new snapshot object again.
     */
    private MetricsSnapshot without(MetricsSnapshot metrics, Set<PeerId> leaving) {
        if (Collections.disjoint(metrics.byPeer().keySet(), leaving)) {
            return metrics;
        }
        Restriction last = lastRestriction;
        if (last != null && last.from() == metrics && last.leaving().equals(leaving)) {
            return last.result();
        }
        Set<PeerId> staying = new HashSet<>(metrics.byPeer().keySet());
        staying.removeAll(leaving);
        MetricsSnapshot result = metrics.restrictedTo(staying);
        lastRestriction = new Restriction(metrics, Set.copyOf(leaving), result);
        return result;
    }

    private List<PeerId> allocate(Cid cid, int min, int max, PinOptions options, Pin existing, Instant now) {
        long size = sizes.sizeOf(cid);
        List<PeerId> current = existing == null ? List.of() : existing.allocations();
        AllocationRequest request = new AllocationRequest(cid, min, max, current, options.userAllocations(),
                candidates(snapshot(now), current), size < 0 ? AllocationRequest.UNKNOWN_SIZE : size,
                pending.pendingAt(now));
        List<PeerId> chosen = allocator.allocate(request);
        List<PeerId> added = new ArrayList<>(chosen);
        added.removeAll(current);
        pending.record(added, size < 0 ? assumedPinSize : size, now);
        return chosen;
    }

    /**
     * The metrics of the peers that may take a copy of a pin held by {@code current}: every peer but those too
     * full, which stay only as holders of what they have. The shared snapshot unless a full peer holds the pin.
     */
    private static MetricsSnapshot candidates(Snapshot s, Collection<PeerId> current) {
        if (s.withoutFull() == null) {
            return s.metrics();
        }
        boolean holdsFull = false;
        for (PeerId p : current) {
            holdsFull |= s.full().contains(p);
        }
        if (!holdsFull) {
            return s.withoutFull();
        }
        Set<PeerId> keep = new HashSet<>(s.withoutFull().peers());
        for (PeerId p : current) {
            if (s.full().contains(p)) {
                keep.add(p);
            }
        }
        return s.metrics().restrictedTo(keep);
    }

    /**
     * The valid metrics of current members at {@code now}; rebuilt only when something changed. The check needs no
     * lock (two batches decided at once contended for it, ~1.2 s over a 40,000-pin repair); a rebuild takes it.
     */
    private Snapshot snapshot(Instant now) {
        long version = monitor.version();
        Set<PeerId> current = Set.copyOf(members.get());
        Snapshot s = last;
        if (stillValid(s, version, current, now)) {
            return s;
        }
        synchronized (this) {
            s = last;
            return stillValid(s, version, current, now) ? s : rebuild(version, current, now);
        }
    }

    private static boolean stillValid(Snapshot s, long version, Set<PeerId> current, Instant now) {
        return s != null && s.version() == version && s.members().equals(current) && now.isBefore(s.validUntil())
                && !now.isBefore(s.metrics().takenAt());
    }

    private Snapshot rebuild(long version, Set<PeerId> current, Instant now) {
        MetricsSnapshot metrics = MetricsSnapshot.validAt(now, monitor.metrics()).restrictedTo(current);
        Instant validUntil = Instant.MAX;
        for (var byName : metrics.byPeer().values()) {
            for (var m : byName.values()) {
                validUntil = m.expire().isBefore(validUntil) ? m.expire() : validUntil;
            }
        }
        Set<PeerId> full = new HashSet<>();
        metrics.byPeer().forEach((peer, byName) -> {
            var usage = byName.get(MetricNames.DISKUSAGE);
            if (usage != null && DiskUsage.of(usage).map(u -> u.fraction() >= diskHighWater).orElse(false)) {
                full.add(peer);
            }
        });
        MetricsSnapshot withoutFull = null;
        if (!full.isEmpty()) {
            Set<PeerId> keep = new HashSet<>(metrics.peers());
            keep.removeAll(full);
            withoutFull = metrics.restrictedTo(keep);
        }
        last = new Snapshot(version, current, validUntil, metrics, Set.copyOf(full), withoutFull);
        return last;
    }
}
