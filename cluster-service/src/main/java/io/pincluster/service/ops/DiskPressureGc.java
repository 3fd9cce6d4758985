package io.pincluster.service.ops;

import io.pincluster.service.connector.GarbageCollector;
import io.pincluster.service.monitor.DiskUsage;
import io.pincluster.service.periodic.PeriodicTask;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Frees the space of released copies at once while the store is above the high-water mark: the leader moves pins
 * off a full peer, the peer unpins its copy once the new holders confirmed theirs, and only a garbage collection
 * gives the bytes back (the scheduled one may be an hour away). Checks every {@code interval}; collects when the
 * store is above the mark and holds fewer pins than at the last collection.
 */
public final class DiskPressureGc implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DiskPressureGc.class);

    private final GarbageCollector gc;
    private final Supplier<Optional<DiskUsage>> usage;
    private final Supplier<OptionalLong> pinCount;
    private final double highWater;
    private final PeriodicTask timer;
    private long pinsAtLastCollection = -1; // timer thread only; -1 until the store's pin count is known

    public DiskPressureGc(GarbageCollector gc, Supplier<Optional<DiskUsage>> usage, Supplier<OptionalLong> pinCount,
                          double highWater, Duration interval) {
        this.gc = gc;
        this.usage = usage;
        this.pinCount = pinCount;
        this.highWater = highWater;
        // runOnce catches its own failures
        this.timer = new PeriodicTask("disk-pressure-gc", interval, Duration.ofSeconds(10), this::runOnce,
                (e, closing) -> LOG.warn("disk pressure: garbage collection failed: {}", e.toString()));
    }

    public void start() {
        timer.start();
    }

    /** One check; returns true when it collected. */
    boolean runOnce() {
        try {
            OptionalLong count = pinCount.get();
            if (count.isEmpty()) {
                return false; // the store is still reading its pins
            }
            long pins = count.getAsLong();
            boolean released = pinsAtLastCollection >= 0 && pins < pinsAtLastCollection;
            if (!released) {
                pinsAtLastCollection = pins; // pins were added: count releases from here
                return false;
            }
            if (usage.get().map(u -> u.fraction() < highWater).orElse(true)) {
                return false;
            }
            pinsAtLastCollection = pins;
            int removed = gc.collect().size();
            LOG.info("disk pressure: collected {} blocks of released copies", removed);
            return true;
        } catch (RuntimeException e) {
            LOG.warn("disk pressure: garbage collection failed: {}", e.toString()); // the next check tries again
            return false;
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
