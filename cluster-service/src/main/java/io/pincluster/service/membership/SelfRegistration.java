package io.pincluster.service.membership;

import io.pincluster.core.component.ClusterMembership;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.state.PeerRecord;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes this peer's entry (name, Raft and RPC addresses) into the replicated peer directory once a leader exists,
 * in the background, so peers that bound their RPC to a free port, or joined later, can be reached by every member.
 * Writes only when the directory's entry differs, so a restart with the same addresses adds nothing to the log. A
 * peer the directory marks removed is not written back: that would undo its removal. The operator's requests on this
 * peer (drain, maintenance) are copied from this peer's replica into what it writes; a request made in the moment
 * between that read and the write is lost (the operator sees it missing in {@code GET /health/repair} and repeats
 * it). Registration happens at start, or when the addresses changed, so the window is small.
 */
public final class SelfRegistration implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SelfRegistration.class);

    private final ClusterMembership consensus;
    private final PeerRecord record;
    private final Duration retryInterval;
    private final CountDownLatch stop = new CountDownLatch(1);
    private final CountDownLatch done = new CountDownLatch(1);
    private final Thread thread;

    public SelfRegistration(ClusterMembership consensus, PeerRecord record, Duration retryInterval) {
        this.consensus = consensus;
        this.record = record;
        this.retryInterval = retryInterval;
        this.thread = new Thread(this::run, "peer-registration");
        thread.setDaemon(true);
    }

    public void start() {
        thread.start();
    }

    /** True once this peer's entry in the directory matches (or registration was given up: removed or closed). */
    public boolean awaitDone(Duration max) throws InterruptedException {
        return done.await(max.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void run() {
        try {
            while (stop.getCount() > 0 && !consensus.isRemoved()) {
                Optional<PeerRecord> current = consensus.directory().stream()
                        .filter(r -> r.id().equals(record.id())).findFirst();
                // The operator's requests (drain, maintenance) are the directory's, not this peer's: keep them.
                PeerRecord wanted = current.map(record::withRequestsOf).orElse(record);
                if (current.map(PeerRecord::removed).orElse(false) || current.equals(Optional.of(wanted))) {
                    return;
                }
                if (consensus.leader().isPresent() && consensus.peers().contains(record.id()) && tryRegister(wanted)) {
                    LOG.info("{}: registered in the peer directory (Raft {}, RPC {})", record.id(),
                            record.raftAddress(), record.rpcAddress());
                    return;
                }
                if (stop.await(retryInterval.toMillis(), TimeUnit.MILLISECONDS)) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            done.countDown();
        }
    }

    private boolean tryRegister(PeerRecord wanted) {
        try {
            consensus.register(wanted);
            return true;
        } catch (ClusterException e) {
            LOG.debug("{}: registration not written yet: {}", record.id(), e.getMessage());
            return false;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop.countDown();
        // a register call in flight is bounded by the consensus request timeout
        thread.join(Duration.ofSeconds(1).toMillis());
    }
}
