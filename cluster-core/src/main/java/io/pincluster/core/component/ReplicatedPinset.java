package io.pincluster.core.component;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PinSetListener;
import io.pincluster.core.state.PinSetView;
import io.pincluster.core.state.ReadYourWritesView;
import io.pincluster.core.state.WriteStageTimes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The replicated pinset. Writes go through the Raft log (decided on the leader, applied on every peer);
 * reads are served from this peer's own replica. Writes answer with a future (no thread waits while the log
 * commits; the blocking forms wait for it); they fail with a {@link ClusterException}: {@code NO_QUORUM} when no
 * majority answers within the configured request timeout, {@code NOT_FOUND} for unpinning a CID that is not
 * pinned, or whatever the leader's decision rejected (e.g. {@code BAD_REQUEST}).
 */
public interface ReplicatedPinset {
    /**
     * This peer's replica, read locally (eventually consistent with the leader). A write this peer acknowledged may
     * not be applied here yet; read through {@link #readYourWrites()} where that matters.
     */
    PinSetView state();

    /**
     * Completes once this replica has applied every write this peer acknowledged (at once when it has). A write is
     * acknowledged when the leader committed it, which can be before this peer applied it. Fails with a
     * {@link ClusterException} ({@code TIMEOUT}) when this replica does not catch up in time.
     */
    default CompletableFuture<Void> acknowledgedWritesApplied() {
        return CompletableFuture.completedFuture(null);
    }

    /**
     * This peer's replica, each read waiting first for {@link #acknowledgedWritesApplied()}: what the API reads, so a
     * client sees its own acknowledged writes on the peer that acknowledged them. Not for the apply thread.
     */
    default PinSetView readYourWrites() {
        return new ReadYourWritesView(state(), this::acknowledgedWritesApplied);
    }

    /**
     * Pins {@code cid}; completes once the pin is committed (on a follower possibly before it is applied here: read
     * it through {@link #readYourWrites()}). With
     * {@link PinOptions#pinUpdate()} set the leader builds the pin from the one it updates ({@code NOT_FOUND}
     * when that one is not pinned).
     */
    CompletableFuture<Pin> pinAsync(Cid cid, PinOptions options);

    /** Unpins {@code cid}; completes with the pin as it was; {@link ClusterException#notPinned()} if absent. */
    CompletableFuture<Pin> unpinAsync(Cid cid);

    /**
     * The leader's repair and moves: places {@code cid} again, as it stands when the leader decides, without the
     * {@code leaving} peers ({@link io.pincluster.core.state.PinDecider#reallocate}); completes with the pin as
     * placed now. Fails with {@code NOT_FOUND} when the pin is gone and {@code CONFLICT} when nothing would change.
     */
    CompletableFuture<Pin> reallocateAsync(Cid cid, Set<PeerId> leaving, boolean topUp);

    /** The arguments of one {@link #reallocateAsync}. */
    record Reallocation(Cid cid, Set<PeerId> leaving, boolean topUp) {
    }

    /**
     * {@link #reallocateAsync} for each of {@code moves}, handed to the log at once, so the first entries carry full
     * batches (a repair submits tens of thousands in one pass); the futures are in the order of {@code moves}.
     */
    default List<CompletableFuture<Pin>> reallocateAllAsync(List<Reallocation> moves) {
        List<CompletableFuture<Pin>> out = new ArrayList<>(moves.size());
        for (Reallocation m : moves) {
            out.add(reallocateAsync(m.cid(), m.leaving(), m.topUp()));
        }
        return out;
    }

    /** {@link #pinAsync}, waiting for the answer. */
    default Pin pin(Cid cid, PinOptions options) {
        return ClusterException.await(pinAsync(cid, options));
    }

    /** {@link #unpinAsync}, waiting for the answer. */
    default Pin unpin(Cid cid) {
        return ClusterException.await(unpinAsync(cid));
    }

    /** Subscribes to every change of this peer's replica; see {@link PinSetListener} for threading. */
    void addListener(PinSetListener listener);

    /**
     * Leader only (a no-op elsewhere): removes, through the log, the pins whose {@code expire_at} has passed.
     * Meant to be called periodically. Returns how many pins were removed.
     */
    int expireDue();

    /**
     * The latest decision time this replica has applied from the log ({@link java.time.Instant#MIN} when unknown).
     * A leader's time decisions use no earlier time than this, so a leader whose clock is behind the previous
     * one's does not undo them (decision 0009).
     */
    default java.time.Instant latestDecisionTime() {
        return java.time.Instant.MIN;
    }

    /**
     * Where this peer's writes have spent their time since it started, stage by stage (the metrics endpoint's
     * {@code pincluster_pinset_write_stage_seconds}); all zero where nothing is timed.
     */
    default WriteStageTimes writeStageTimes() {
        return new WriteStageTimes();
    }
}
