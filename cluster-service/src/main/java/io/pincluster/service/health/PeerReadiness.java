package io.pincluster.service.health;

import io.pincluster.core.component.ReadinessApi;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.service.monitor.DiskUsage;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Readiness of this peer for a load balancer or an orchestrator ({@code GET /health/ready}): ready only when it is a
 * member of a Raft group that has a leader it knows, it has applied the log to within {@code consensus.ready_max_lag}
 * entries of what it knows committed, its store takes writes, and the store is below
 * {@code repair.disk_high_water}. Each condition is a {@link Check} with a sentence for people; the first failing
 * one is the reason. A peer that cannot answer at all (frozen, overloaded) is judged by the caller's timeout.
 */
public final class PeerReadiness implements ReadinessApi {
    /** What the checks read; each is asked once per probe. */
    public record Sources(Supplier<PeerInfo.RaftInfo> raft, Supplier<List<PeerId>> members,
                          Supplier<Optional<String>> storeWriteProblem, Supplier<Optional<DiskUsage>> diskUsage) {
    }

    private final PeerId self;
    private final Sources sources;
    private final long maxLag;
    private final double diskHighWater;

    public PeerReadiness(PeerId self, Sources sources, long maxLag, double diskHighWater) {
        this.self = self;
        this.sources = sources;
        this.maxLag = maxLag;
        this.diskHighWater = diskHighWater;
    }

    @Override
    public Optional<String> notReadyReason() {
        return checks().stream().filter(c -> !c.ok()).map(Check::detail).findFirst();
    }

    @Override
    public List<Check> checks() {
        List<Check> checks = new ArrayList<>();
        PeerInfo.RaftInfo raft = sources.raft().get();
        checks.add(membership(raft));
        checks.add(leader(raft));
        checks.add(lag(raft));
        checks.add(store());
        checks.add(disk());
        return checks;
    }

    private Check membership(PeerInfo.RaftInfo raft) {
        List<PeerId> members = sources.members().get();
        if (members.contains(self)) {
            return new Check("raft", true, "member of a Raft group of " + members.size() + " (role " + raft.role()
                    + ", term " + raft.term() + ")");
        }
        return new Check("raft", false, "not a member of a Raft group (Raft role " + raft.role()
                + "): the peer is starting, still joining, or was removed");
    }

    private static Check leader(PeerInfo.RaftInfo raft) {
        if (raft.leader() != null) {
            return new Check("leader", true, "leader " + raft.leader());
        }
        return new Check("leader", false, "no known Raft leader (term " + raft.term()
                + "): an election is under way or the group has no quorum");
    }

    private Check lag(PeerInfo.RaftInfo raft) {
        String seen = "applied index " + raft.appliedIndex() + ", commit index " + raft.commitIndex() + " (lag "
                + raft.lag() + ", at most " + maxLag + ")";
        if (raft.lag() <= maxLag) {
            return new Check("lag", true, seen);
        }
        return new Check("lag", false, "the pinset replica lags the Raft log: " + seen);
    }

    private Check store() {
        Optional<String> problem = sources.storeWriteProblem().get();
        return problem.map(p -> new Check("store", false, "the store cannot be written: " + p))
                .orElseGet(() -> new Check("store", true, "the store takes writes"));
    }

    private Check disk() {
        Optional<DiskUsage> usage;
        try {
            usage = sources.diskUsage().get();
        } catch (RuntimeException e) {
            return new Check("disk", false, "the store's usage cannot be read: " + e.getMessage());
        }
        if (usage.isEmpty()) {
            return new Check("disk", true, "the store's capacity is unknown");
        }
        DiskUsage u = usage.get();
        String seen = String.format(Locale.ROOT, "%d of %d bytes used (%.1f%%, high-water mark %.1f%%)", u.used(),
                u.capacity(), u.fraction() * 100, diskHighWater * 100);
        if (u.fraction() < diskHighWater) {
            return new Check("disk", true, seen);
        }
        return new Check("disk", false, "the store is at or above repair.disk_high_water: " + seen);
    }
}
