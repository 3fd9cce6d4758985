package io.pincluster.consensus.ratis;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A check that runs on a daemon thread of its own at a fixed delay (the election gate, the voter keeper, the stalled
 * follower watch). A run that fails is logged and the next one runs: these checks look at Ratis' state, which can
 * change under them.
 */
final class PeriodicCheck implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PeriodicCheck.class);

    private final String what;
    private final Runnable check;
    private final ScheduledExecutorService timer;

    /**
     * @param what   the check, for its thread's name and the log ("voter-keeper")
     * @param peer   the peer it runs on, for the thread's name
     */
    PeriodicCheck(String what, String peer, Runnable check) {
        this.what = what;
        this.check = check;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, what + "-" + peer);
            t.setDaemon(true);
            return t;
        });
    }

    void start(Duration firstAfter, Duration interval) {
        timer.scheduleWithFixedDelay(this::runQuietly, firstAfter.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** Runs the check now, off the caller's thread; nothing once closed. */
    void runSoon() {
        try {
            timer.execute(this::runQuietly);
        } catch (RejectedExecutionException closed) {
            // closing
        }
    }

    private void runQuietly() {
        try {
            check.run();
        } catch (RuntimeException e) {
            LOG.warn("{} check failed: {}", what, e.toString());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
