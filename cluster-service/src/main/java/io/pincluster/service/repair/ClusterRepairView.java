package io.pincluster.service.repair;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.PeerRpc;
import io.pincluster.core.component.RepairApi;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.repair.AllocationChange;
import io.pincluster.core.repair.RepairSummary;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-healing as the REST API shows it on any peer. The summary is this peer's planner's (counts only on the
 * leader, which says so). The moves are the cluster's: each peer remembers the automatic moves it made while it led
 * ({@link MoveLog}), so the history is the union of every member's, asked in parallel and merged newest first. It
 * answers the same on a follower as on the leader, and keeps an earlier leader's moves after a leader change. A member
 * that does not answer within the status deadline is left out of that answer (its moves are missing, the rest come).
 */
public final class ClusterRepairView implements RepairApi, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterRepairView.class);
    private static final Comparator<AllocationChange> NEWEST_FIRST =
            Comparator.comparing(AllocationChange::at).reversed().thenComparing(c -> c.cid().toString());

    private final RepairApi own;
    private final PeerId self;
    private final Supplier<List<PeerId>> members;
    private final PeerRpc rpc;
    private final Duration deadline;
    private final ExecutorService pool;

    /**
     * @param own      this peer's planner
     * @param members  the cluster's members now (Raft voters and listeners)
     * @param deadline how long a member may take to answer ({@code cluster.status_timeout})
     */
    public ClusterRepairView(RepairApi own, PeerId self, Supplier<List<PeerId>> members, PeerRpc rpc,
                             Duration deadline) {
        this.own = own;
        this.self = self;
        this.members = members;
        this.rpc = rpc;
        this.deadline = deadline;
        this.pool = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "moves-fan-out");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public RepairSummary repairSummary() {
        return own.repairSummary();
    }

    @Override
    public List<AllocationChange> allocationChanges(Cid cid, int limit) {
        Map<PeerId, Future<List<AllocationChange>>> asked = new LinkedHashMap<>();
        for (PeerId peer : members.get()) {
            if (!peer.equals(self)) {
                asked.put(peer, pool.submit(() -> rpc.allocationChanges(peer, cid, limit)));
            }
        }
        List<AllocationChange> all = new ArrayList<>(own.allocationChanges(cid, limit));
        long end = System.nanoTime() + deadline.toNanos();
        for (Map.Entry<PeerId, Future<List<AllocationChange>>> e : asked.entrySet()) {
            try {
                all.addAll(e.getValue().get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS));
            } catch (TimeoutException ex) {
                e.getValue().cancel(true);
                LOG.debug("{} did not tell its moves within {}", e.getKey(), deadline);
            } catch (ExecutionException ex) {
                LOG.debug("{} could not tell its moves: {}", e.getKey(), ex.getCause().toString());
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                asked.values().forEach(f -> f.cancel(true));
                break;
            }
        }
        return all.stream().distinct().sorted(NEWEST_FIRST).limit(limit).toList();
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }
}
