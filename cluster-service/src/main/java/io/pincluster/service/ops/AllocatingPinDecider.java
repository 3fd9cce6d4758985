package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.state.PinSetView;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The leader's allocation policy until the balanced allocator is wired in: a pin goes to the cluster's Raft members,
 * user allocations first, then the others in peer ID order, up to {@code replication_factor_max}. It follows
 * ipfs-cluster's rules (cluster.go, allocate.go): 0 takes the configured default, -1 means every peer (no
 * allocations), a pin that already has {@code min} live allocations keeps them, and too few candidates is an error
 * with ipfs-cluster's text.
 */
public final class AllocatingPinDecider implements PinDecider {
    private final int defaultMin;
    private final int defaultMax;
    private final Supplier<List<PeerId>> members;

    /**
     * @param members the current Raft members; asked on every decision, on the leader
     */
    public AllocatingPinDecider(int defaultMin, int defaultMax, Supplier<List<PeerId>> members) {
        this.defaultMin = defaultMin;
        this.defaultMax = defaultMax;
        this.members = members;
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
        List<PeerId> allocations = min == -1 ? List.of() : allocate(cid, min, max, options, existing);
        return new Pin(cid, stored, PinType.DATA, allocations, null, now);
    }

    private List<PeerId> allocate(Cid cid, int min, int max, PinOptions options, Pin existing) {
        List<PeerId> live = members.get().stream().sorted().toList();
        List<PeerId> current = existing == null ? List.of()
                : existing.allocations().stream().filter(live::contains).toList();
        int needed = min - current.size();
        int wanted = max - current.size();
        if (wanted < 0) {
            return current.subList(0, max);
        }
        if (needed <= 0 && existing != null) {
            return existing.allocations();
        }
        Set<PeerId> candidates = new LinkedHashSet<>();
        options.userAllocations().stream().filter(live::contains).forEach(candidates::add);
        candidates.addAll(live);
        candidates.removeAll(current);
        if (candidates.size() < needed) {
            throw new ClusterException(ErrorCode.UNAVAILABLE, "not enough peers to allocate CID. Needed at least: "
                    + needed + ". Wanted at most: " + wanted + ". Available candidates: " + candidates.size()
                    + ". See logs for more info.");
        }
        List<PeerId> out = new ArrayList<>(current);
        candidates.stream().limit(wanted).forEach(out::add);
        return out;
    }
}
