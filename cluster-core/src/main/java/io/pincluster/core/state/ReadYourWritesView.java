package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A replica read as a client of this peer expects after a write this peer acknowledged: each read first waits until
 * the replica has applied every write the peer acknowledged. A write is acknowledged once the leader committed it,
 * which can be a little before this peer applies it; waiting at read time (and only while the replica is behind)
 * keeps read-your-writes without making every write wait for the local apply. Fails with the
 * {@link ClusterException} the wait fails with (a TIMEOUT when the replica does not catch up). Never use it on
 * the apply thread (a listener): it would wait for itself.
 */
public final class ReadYourWritesView implements PinSetView {
    private final PinSetView replica;
    private final Supplier<CompletableFuture<Void>> acknowledgedWritesApplied;

    /**
     * @param replica                   this peer's replica
     * @param acknowledgedWritesApplied completes once the replica applied every write acknowledged so far
     */
    public ReadYourWritesView(PinSetView replica, Supplier<CompletableFuture<Void>> acknowledgedWritesApplied) {
        this.replica = Objects.requireNonNull(replica, "replica");
        this.acknowledgedWritesApplied = Objects.requireNonNull(acknowledgedWritesApplied,
                "acknowledgedWritesApplied");
    }

    private PinSetView caughtUp() {
        CompletableFuture<Void> applied = acknowledgedWritesApplied.get();
        if (!applied.isDone() || applied.isCompletedExceptionally()) {
            ClusterException.await(applied);
        }
        return replica;
    }

    @Override
    public Optional<Pin> get(Cid cid) {
        return caughtUp().get(cid);
    }

    @Override
    public long size() {
        return caughtUp().size();
    }

    @Override
    public Stream<Pin> pinsAfter(Cid after) {
        return caughtUp().pinsAfter(after);
    }

    @Override
    public Stream<Pin> query(AllocationQuery query) {
        return caughtUp().query(query);
    }

    @Override
    public Stream<Cid> allocatedTo(PeerId peer) {
        return caughtUp().allocatedTo(peer);
    }

    @Override
    public Stream<Cid> allocatedTo(PeerId peer, Cid from) {
        return caughtUp().allocatedTo(peer, from);
    }

    @Override
    public Stream<Cid> allocationsOf(PeerId peer) {
        return caughtUp().allocationsOf(peer);
    }

    @Override
    public long allocationCount(PeerId peer) {
        return caughtUp().allocationCount(peer);
    }

    @Override
    public Set<PeerId> allocatedPeers() {
        return caughtUp().allocatedPeers();
    }

    @Override
    public Stream<Pin> expiredAt(Instant now) {
        return caughtUp().expiredAt(now);
    }

    @Override
    public long appliedIndex() {
        return caughtUp().appliedIndex();
    }
}
