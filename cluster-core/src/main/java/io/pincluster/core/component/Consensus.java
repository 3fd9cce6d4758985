package io.pincluster.core.component;

import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.psa.PsaRecords;
import io.pincluster.core.state.PinDecider;
import io.pincluster.core.token.TokenRevocations;
import java.io.IOException;
import java.util.Optional;

/**
 * This peer's member of the consensus group: the {@link ReplicatedPinset}, the {@link ClusterMembership}, the
 * revoked REST tokens ({@link TokenRevocations}) and the other replicated records ({@link PsaRecords},
 * {@link ArchiveRecords}) it serves, plus its lifecycle. Components take the role they use; only the composition
 * root holds the whole.
 */
public interface Consensus extends ReplicatedPinset, ClusterMembership, TokenRevocations, AutoCloseable {
    /**
     * Starts the Raft server and this peer's replica (loads the latest snapshot, replays the log). The
     * {@code decider} is given here rather than at construction because it reads the members this consensus
     * reports (the allocator chooses among current members): built after the consensus, it breaks that cycle
     * without a reference filled in later. Listeners added before start see every change replayed from the log.
     *
     * @param decider decides each pin on the leader (allocations); see {@link PinDecider}
     */
    void start(PinDecider decider) throws IOException;

    /** The Pinning Service API's pin requests and tenants, in the replicated state. */
    PsaRecords psaRecords();

    /** The cold tier's CID → archive index, in the replicated state. */
    ArchiveRecords archiveRecords();

    /**
     * Why this peer's Raft server stopped although nothing here asked it to (Ratis closes a division whose apply
     * thread failed, and leaves the process running): a peer in that state serves no consensus until it is
     * restarted. Empty before {@link #start}, while the server runs, after {@link #close} and once the cluster
     * removed this peer.
     */
    Optional<String> failure();

    /** Stops the Raft server; pending calls fail. Idempotent. */
    @Override
    void close();
}
