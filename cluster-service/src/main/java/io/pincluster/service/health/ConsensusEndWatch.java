package io.pincluster.service.health;

import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this peer's consensus ended without this peer asking: its Raft server stopped on its own
 * ({@link io.pincluster.core.component.Consensus#failure()}), or the cluster removed this peer. It says so once,
 * through {@link #ended()}, and the daemon then stops the process: after a failure with an exit code of its own, so
 * that what supervises it (systemd's {@code Restart=on-failure}, Kubernetes, {@code pincluster up}) restarts it; after
 * a removal cleanly, as ipfs-cluster's removed peers shut down (decision 0030). Left running, such a peer answered
 * HTTP while it could serve no pin request.
 */
public final class ConsensusEndWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusEndWatch.class);

    /** How the consensus ended: {@code removed} by the cluster, or failed; {@code reason} for people. */
    public record End(boolean removed, String reason) {
    }

    private final Supplier<Optional<String>> failure;
    private final BooleanSupplier removed;
    private final CompletableFuture<End> ended = new CompletableFuture<>();
    private final PeriodicTask timer;

    /**
     * @param failure the consensus' {@code failure()}, asked once per {@code every}
     * @param removed whether the cluster removed this peer (the consensus' {@code isRemoved()})
     */
    public ConsensusEndWatch(Supplier<Optional<String>> failure, BooleanSupplier removed, Duration every) {
        this.failure = failure;
        this.removed = removed;
        this.timer = new PeriodicTask("consensus-end-watch", every, Duration.ZERO, this::check,
                (e, closing) -> LOG.warn("checking the consensus failed", e));
    }

    public void start() {
        timer.start();
    }

    /** Completed, once, with how the consensus ended; never completed while it runs. */
    public CompletableFuture<End> ended() {
        return ended.copy();
    }

    /** One check (the timer's; tests call it directly). */
    public void check() {
        if (ended.isDone()) {
            return;
        }
        if (removed.getAsBoolean()) {
            LOG.warn("the cluster removed this peer; stopping it (it does not rejoin on its own)");
            ended.complete(new End(true, "the cluster removed this peer; it does not rejoin on its own (to join"
                    + " again, delete its Raft folder and start it with --join <address of a running peer>)"));
            return;
        }
        failure.get().ifPresent(why -> {
            LOG.error("{}: this peer can no longer take part in the cluster; stopping it so that its supervisor "
                    + "restarts it", why);
            ended.complete(new End(false, why));
        });
    }

    @Override
    public void close() {
        timer.close();
    }
}
