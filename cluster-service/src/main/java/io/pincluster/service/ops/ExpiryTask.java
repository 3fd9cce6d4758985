package io.pincluster.service.ops;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.Consensus;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes pins whose {@code expire_at} has passed. Only the Raft leader acts, so one peer issues each removal;
 * followers skip the round. Removals go through the log like any unpin, so every replica drops the pin.
 */
public final class ExpiryTask implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ExpiryTask.class);
    private static final int MAX_PER_ROUND = 1000;

    private final PeerId self;
    private final Consensus consensus;
    private final Clock clock;
    private final Duration interval;
    private final ScheduledExecutorService timer;

    public ExpiryTask(PeerId self, Consensus consensus, Clock clock, Duration interval) {
        this.self = self;
        this.consensus = consensus;
        this.clock = clock;
        this.interval = interval;
        this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pin-expiry");
            t.setDaemon(true);
            return t;
        });
    }

    public void start() {
        long ms = interval.toMillis();
        timer.scheduleWithFixedDelay(this::runSafely, ms, ms, TimeUnit.MILLISECONDS);
    }

    /**
     * One round: on the leader, unpins up to {@value #MAX_PER_ROUND} expired pins (the rest wait for the next
     * round). Returns the CIDs removed.
     */
    public List<Cid> runOnce() {
        if (!consensus.leader().map(self::equals).orElse(false)) {
            return List.of();
        }
        List<Cid> expired;
        try (Stream<Pin> pins = consensus.state().expiredAt(clock.instant())) {
            expired = pins.limit(MAX_PER_ROUND).map(Pin::cid).toList();
        }
        List<Cid> removed = new java.util.ArrayList<>();
        for (Cid cid : expired) {
            try {
                consensus.unpin(cid);
                removed.add(cid);
            } catch (ClusterException e) {
                if (e.code() != ErrorCode.NOT_FOUND) {
                    throw e;
                }
            }
        }
        if (!removed.isEmpty()) {
            LOG.info("{}: removed {} expired pins", self, removed.size());
        }
        return removed;
    }

    private void runSafely() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            LOG.warn("{}: expiry round failed: {}", self, e.getMessage());
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
