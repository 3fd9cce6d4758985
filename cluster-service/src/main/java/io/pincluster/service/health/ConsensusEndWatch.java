package io.pincluster.service.health;

import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this peer's consensus stopped on its own ({@link io.pincluster.core.component.Consensus#failure()})
 * and says so once, through {@link #failed()}: the daemon then stops the process with an exit code of its own, so
 * that what supervises it (systemd's {@code Restart=on-failure}, Kubernetes, {@code pincluster up}) restarts it.
 * Left running, such a peer answered HTTP (its liveness check passed) while every pin request failed, and it held
 * no replica the cluster could count on until somebody noticed.
 */
public final class ConsensusFailureWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ConsensusFailureWatch.class);

    private final Supplier<Optional<String>> failure;
    private final CompletableFuture<String> failed = new CompletableFuture<>();
    private final PeriodicTask timer;

    /** @param failure the consensus' {@code failure()}, asked once per {@code every} */
    public ConsensusFailureWatch(Supplier<Optional<String>> failure, Duration every) {
        this.failure = failure;
        this.timer = new PeriodicTask("consensus-failure-watch", every, Duration.ZERO, this::check,
                (e, closing) -> LOG.warn("checking the consensus failed", e));
    }

    public void start() {
        timer.start();
    }

    /** Completed, once, with why the consensus stopped; never completed while it runs. */
    public CompletableFuture<String> failed() {
        return failed.copy();
    }

    /** One check (the timer's; tests call it directly). */
    public void check() {
        if (failed.isDone()) {
            return;
        }
        failure.get().ifPresent(why -> {
            LOG.error("{}: this peer can no longer take part in the cluster; stopping it so that its supervisor "
                    + "restarts it", why);
            failed.complete(why);
        });
    }

    @Override
    public void close() {
        timer.close();
    }
}
