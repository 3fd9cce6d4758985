package io.pincluster.allocator;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.MetricsSnapshot;
import io.pincluster.core.peer.PeerId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides a pin's allocations. A pure function of its {@link AllocationRequest}: the same request
 * always gives the same answer, and nothing is read or written elsewhere. Thread-safe.
 *
 * <p>Rules taken from ipfs-cluster ({@code allocate.go}, {@code allocator/balanced}):
 * <ul>
 *   <li>replication -1 means every peer: the answer is the empty list, which is how the pinset stores
 *       "everywhere" ({@link io.pincluster.core.pin.Pin#isEverywhere()}).</li>
 *   <li>a peer is a candidate only with a valid metric for every {@code allocate_by} name; current
 *       allocations that are candidates are "valid current" and are kept.
 *       {@code needed = min - validCurrent}, {@code wanted = max - validCurrent}.</li>
 *   <li>{@code wanted < 0}: the first {@code max} valid current peers. {@code needed <= 0}: the current
 *       list unchanged (dead peers included, so a healthy pin does not churn).</li>
 *   <li>fewer candidates than {@code needed}: {@link #notEnoughPeers} with ipfs-cluster's text.</li>
 *   <li>otherwise: valid current, then the user's preferred peers (in the user's order; unusable ones
 *       skipped), then the partition walk, up to {@code wanted} new peers.</li>
 * </ul>
 *
 * <p>Where we differ, on purpose:
 * <ul>
 *   <li><b>Group ranking.</b> ipfs-cluster ranks tag groups (zones) by the sum of their members' free
 *       space, so a zone of three 100 GB peers (300) outranks one 250 GB peer and a single copy lands on
 *       a 100 GB peer. Here a group is ranked by the free space of its best {@code k} members, {@code k}
 *       being the copies it can receive in this allocation ({@code ceil(picks / groups)}): for one copy
 *       per zone that is the zone's best peer (250 beats 100); when a zone must take two copies, its two
 *       best peers count. When every zone has at most {@code k} peers this is exactly ipfs-cluster's
 *       aggregate. Ties: total free space, then tag value.</li>
 *   <li><b>Round-robin starts from what is kept.</b> Zones already holding a kept or preferred copy
 *       come after zones holding none, so a top-up spreads instead of doubling up in the best zone.</li>
 *   <li><b>Size and reserve.</b> A peer is left out when its free space minus pending bytes is at most
 *       {@code reserveBytes}, or below {@code dagSize + reserveBytes} when the size is known; pending
 *       bytes also lower its rank, so a burst of pins spreads. ipfs-cluster knows no sizes (#1283).</li>
 *   <li>User allocations keep the user's order (ipfs-cluster re-sorts them by metrics).</li>
 *   <li>{@code needed <= 0} returns the current list only when it has no duplicates and at most
 *       {@code max} peers; otherwise the valid current peers, so the answer never exceeds max.</li>
 * </ul>
 */
public final class BalancedAllocator {
    private final AllocatorConfig config;
    private final Levels levels;
    private final CandidatePool pool;
    private final PartitionWalk walk;
    /**
     * The last snapshot digested: the leader decides many pins from one snapshot. A memo of a pure
     * function of an immutable input, so racing threads at worst digest the same snapshot twice.
     */
    private volatile PreparedMetrics lastPrepared;

    public BalancedAllocator(AllocatorConfig config) {
        this.config = config;
        this.levels = new Levels(config.allocateBy());
        this.pool = new CandidatePool(levels, config.reserveBytes());
        this.walk = new PartitionWalk(levels);
    }

    public AllocatorConfig config() {
        return config;
    }

    /** The metric names this allocator needs from every candidate ({@code allocate_by}). */
    public List<String> metricNames() {
        return config.allocateBy();
    }

    /**
     * The pin's complete new allocation list, kept peers first, then new ones best first; empty when
     * the pin goes everywhere.
     *
     * @throws ClusterException {@link ErrorCode#UNAVAILABLE} (503; ipfs-cluster answers 500) when fewer
     *                          than {@code needed} peers can take the pin: peers down, or full
     */
    public List<PeerId> allocate(AllocationRequest request) {
        if (request.everywhere()) {
            return List.of();
        }
        PreparedMetrics prepared = prepare(request.metrics());
        List<Candidate> validCurrent = new ArrayList<>();
        Set<PeerId> validCurrentPeers = new HashSet<>();
        for (PeerId peer : new LinkedHashSet<>(request.current())) {
            Candidate c = pool.describe(prepared, peer, request.pendingBytes());
            if (c != null) {
                validCurrent.add(c);
                validCurrentPeers.add(peer);
            }
        }
        int needed = request.replicationMin() - validCurrent.size();
        int wanted = request.replicationMax() - validCurrent.size();
        if (wanted < 0) {
            return List.copyOf(peersOf(validCurrent.subList(0, request.replicationMax())));
        }
        if (needed <= 0) {
            return unchangedOrValid(request, validCurrent);
        }

        CandidatePool.Split split = pool.split(prepared, validCurrentPeers, request.userAllocations(),
                request.pendingBytes(), request.dagSize());
        int available = split.priority().size() + split.others().size();
        if (available < needed) {
            throw notEnoughPeers(needed, wanted, available);
        }

        List<PeerId> result = peersOf(validCurrent);
        List<Candidate> placed = new ArrayList<>(validCurrent);
        for (PeerId preferred : new LinkedHashSet<>(request.userAllocations())) {
            Candidate c = split.priority().get(preferred);
            if (c != null && result.size() < request.replicationMax()) {
                result.add(preferred);
                placed.add(c);
            }
        }
        result.addAll(walk.pick(prepared, split.others(), placed, request.replicationMax() - result.size()));
        return List.copyOf(result);
    }

    private PreparedMetrics prepare(MetricsSnapshot snapshot) {
        PreparedMetrics last = lastPrepared;
        if (last != null && last.snapshot == snapshot) {
            return last;
        }
        PreparedMetrics fresh = PreparedMetrics.of(snapshot, levels);
        lastPrepared = fresh;
        return fresh;
    }

    /** ipfs-cluster's error, word for word: clients and operators match on it. */
    public static ClusterException notEnoughPeers(int needed, int wanted, int available) {
        return new ClusterException(ErrorCode.UNAVAILABLE, "not enough peers to allocate CID. Needed at least: "
                + needed + ". Wanted at most: " + wanted + ". Available candidates: " + available
                + ". See logs for more info.");
    }

    private static List<PeerId> unchangedOrValid(AllocationRequest request, List<Candidate> validCurrent) {
        List<PeerId> current = request.current();
        if (current.size() <= request.replicationMax() && new HashSet<>(current).size() == current.size()) {
            return current;
        }
        return List.copyOf(peersOf(validCurrent));
    }

    private static List<PeerId> peersOf(List<Candidate> candidates) {
        List<PeerId> peers = new ArrayList<>(candidates.size());
        for (Candidate c : candidates) {
            peers.add(c.peer);
        }
        return peers;
    }
}
