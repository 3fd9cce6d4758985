package io.pincluster.consensus.ratis;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.DoubleSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides when this peer's replica is due for a snapshot by what the log brought since the last one: entries, pins
 * (the decisions inside batched entries) or bytes, whichever passes its limit first. Ratis' own trigger counts
 * entries only, and a batched entry carries up to a thousand pins: a million pins in 2,000 entries never reached
 * its threshold, so a restart replayed them all. When pins or bytes are due, this asks Ratis for a snapshot (Ratis
 * then calls {@code takeSnapshot} on its apply thread); Ratis' entry trigger stays on for the entry limit.
 *
 * <p>The limits grow with the pinset: the log may hold a quarter of what the last snapshot held before the next one
 * ({@link #LOG_SHARE}), never less than the configured limits. Each snapshot writes the whole pinset, so fixed limits
 * cost O(pinset) per limit's worth of pins: loading 10 million pins with a snapshot every 100,000 wrote ~500 million
 * pins (a fifth of each peer's CPU under the batch route at a few hundred thousand pins already). With the share,
 * each applied pin costs at most four pins written; a restart replays at most a quarter of the pinset after the
 * newest snapshot (at 10 million pins, after a bulk load: up to 2.5 million) — unless the log then goes quiet: once
 * nothing was applied for {@link #QUIET} and the configured limits (not the stretched ones) have passed, a snapshot
 * is asked for, so a restart after the load replays little.
 *
 * <p>Every peer applies the same log, so with the same limits every peer cuts its snapshot at about the same entry:
 * on one machine ({@code pincluster up}) three peers serialised 700,000 pins each (1-1.8 s apiece) within six seconds,
 * in a round of a steady 1,000 pins/s whose p99 was ~800 ms against ~250 ms in the round before; on separate machines
 * every replica is busy at once. So each peer draws its own share of {@link #STAGGER} before each snapshot and cuts
 * that much earlier (never later: a restart still replays at most what the limits allow).
 *
 * <p>{@link #applied}, {@link #due} and {@link #cut} run on Ratis' apply thread only ({@code applyTransaction},
 * {@code takeSnapshot} and snapshot loading all run there, or before it starts), so the counters need no lock. The
 * request to Ratis is made from a thread of its own: Ratis' call blocks until its server executor took it.
 */
final class SnapshotTrigger implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotTrigger.class);
    /** After a refused request (server starting, a snapshot being installed): wait before asking again. */
    private static final long RETRY_AFTER_MS = 1000;

    /**
     * The limits between two snapshots.
     *
     * @param entries applied log entries
     * @param pins    applied decisions (pins, unpins, expiries...), counted inside entries
     * @param bytes   bytes of applied entries
     */
    record Limits(long entries, long pins, long bytes) {
        Limits {
            if (entries < 1 || pins < 1 || bytes < 1) {
                throw new IllegalArgumentException("snapshot limits must be positive: " + entries + " entries, "
                        + pins + " pins, " + bytes + " bytes");
            }
        }
    }

    private final Limits limits;
    /** Asks Ratis to take a snapshot now; completes with false (or fails) when Ratis refused. */
    private final Supplier<CompletableFuture<Boolean>> ask;
    private final ScheduledExecutorService asker;
    private final AtomicBoolean asking = new AtomicBoolean();
    private final LongSupplier nanoTime;
    // written by the apply thread only; volatile for the quiet check, which runs on the asker's thread
    private volatile long cutIndex;
    private volatile long appliedIndex;
    private volatile long pins;
    private volatile long bytes;
    private volatile long appliedAtNanos;
    /** How far the limits are stretched for the last snapshot's size, less this peer's stagger (above 0). */
    private volatile double scale = 1;

    /** How long the log must have been quiet before the configured limits apply again, however stretched. */
    static final Duration QUIET = Duration.ofSeconds(10);

    /** The share of the last snapshot's pins the log may hold before the next snapshot is due. */
    static final double LOG_SHARE = 0.25;

    /** Up to this share of the limits earlier than them a peer cuts, drawn anew for each snapshot. */
    static final double STAGGER = 0.2;

    /** A number in [0, 1) per snapshot: how much of {@link #STAGGER} this peer takes off the limits. */
    private final DoubleSupplier staggerDraw;

    SnapshotTrigger(String name, Limits limits, Supplier<CompletableFuture<Boolean>> ask) {
        this(name, limits, ask, System::nanoTime, () -> ThreadLocalRandom.current().nextDouble());
    }

    /** As above with the clock of {@link #QUIET} given and no stagger: the limits exactly (tests). */
    SnapshotTrigger(String name, Limits limits, Supplier<CompletableFuture<Boolean>> ask, LongSupplier nanoTime) {
        this(name, limits, ask, nanoTime, () -> 0.0);
    }

    /** As above with the draw of each snapshot's share of {@link #STAGGER} given (tests). */
    SnapshotTrigger(String name, Limits limits, Supplier<CompletableFuture<Boolean>> ask, LongSupplier nanoTime,
                    DoubleSupplier staggerDraw) {
        this.limits = limits;
        this.ask = ask;
        this.nanoTime = nanoTime;
        this.staggerDraw = staggerDraw;
        this.scale = staggered(1.0);
        this.appliedAtNanos = nanoTime.getAsLong();
        this.asker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "pinset-snapshot-trigger-" + name);
            t.setDaemon(true);
            return t;
        });
        long every = QUIET.toMillis() / 2;
        asker.scheduleWithFixedDelay(this::askIfQuiet, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Counts an applied entry and asks for a snapshot when the entries, pins or bytes since the last one passed their
     * (stretched, staggered) limit, unless a snapshot is still being written ({@code writing}: asking again would only
     * find it busy) or a request is pending. Ratis' own trigger counts entries too, but against the configured limit
     * only, the same on every peer.
     */
    void applied(long index, long entryPins, long entryBytes, boolean writing) {
        appliedIndex = index;
        pins += entryPins;
        bytes += entryBytes;
        appliedAtNanos = nanoTime.getAsLong();
        if (!writing && (entriesDue(index) || contentDue())) {
            request();
        }
    }

    /** Asks for a snapshot if the log has been quiet for {@link #QUIET} and the configured limits have passed. */
    void askIfQuiet() {
        if (quietDue()) {
            request();
        }
    }

    private void request() {
        if (!asking.compareAndSet(false, true)) {
            return;
        }
        try {
            asker.execute(this::askNow);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            asking.set(false); // closed: the server is stopping and takes its final snapshot itself
        }
    }

    private void askNow() {
        CompletableFuture<Boolean> answer;
        try {
            answer = ask.get();
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((taken, error) -> {
            if (error == null && Boolean.TRUE.equals(taken)) {
                asking.set(false);
                return;
            }
            LOG.debug("snapshot request refused ({}); asking again in {} ms", error, RETRY_AFTER_MS);
            CompletableFuture.delayedExecutor(RETRY_AFTER_MS, TimeUnit.MILLISECONDS).execute(() -> asking.set(false));
        });
    }

    private boolean entriesDue(long index) {
        return index - cutIndex >= limits.entries() * scale;
    }

    private boolean contentDue() {
        return pins >= limits.pins() * scale || bytes >= limits.bytes() * scale;
    }

    private boolean quietDue() {
        boolean pastLimits = pins >= limits.pins() || bytes >= limits.bytes()
                || appliedIndex - cutIndex >= limits.entries();
        return pastLimits && nanoTime.getAsLong() - appliedAtNanos >= QUIET.toNanos();
    }

    /**
     * Whether a snapshot should be cut at {@code appliedIndex}: one of the (stretched) limits has passed since the
     * last cut, or the log is quiet past the configured ones.
     */
    boolean due(long appliedIndex) {
        return entriesDue(appliedIndex) || contentDue() || quietDue();
    }

    /**
     * A snapshot of {@code snapshotPins} pins was cut (or loaded) at {@code index}: counting starts again from there,
     * against limits stretched to a {@link #LOG_SHARE} of that snapshot.
     */
    void cut(long index, long snapshotPins) {
        cutIndex = index;
        pins = 0;
        bytes = 0;
        scale = staggered(Math.max(1.0, snapshotPins * LOG_SHARE / limits.pins()));
    }

    /** {@code scale} less this peer's draw of {@link #STAGGER} for the next snapshot. */
    private double staggered(double scale) {
        double draw = Math.min(Math.max(staggerDraw.getAsDouble(), 0.0), 1.0);
        return scale * (1.0 - STAGGER * draw);
    }

    /** Pins applied since the last cut. */
    long pinsSinceCut() {
        return pins;
    }

    @Override
    public void close() {
        asker.shutdownNow();
    }
}
