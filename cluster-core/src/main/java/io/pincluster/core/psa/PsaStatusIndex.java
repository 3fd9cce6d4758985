package io.pincluster.core.psa;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.StatusApi;
import io.pincluster.core.pin.GlobalPinInfo;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.core.state.PinSetListener;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Pinning Service API status of each CID ({@code queued}, {@code pinning}, {@code pinned}, {@code failed}) as the
 * answering peer last saw it, so a {@code status}-filtered list looks each candidate up instead of asking the cluster
 * (decision 0023).
 *
 * <p>Only the small sets are kept: a refresh asks the cluster for the CIDs some peer has queued, is pinning or failed
 * ({@link StatusApi#statusAll} with that filter, which each peer answers from its tracker's work list, not its
 * pinset) and folds each into one status as {@link #statusOf} does. Every other CID of the pinset is {@code pinned}:
 * no peer has work left on it. Two things keep that "the rest" from lying:
 * <ul>
 *   <li>a CID whose pin changed in this peer's replica since the start of the refresh before the published one
 *       (a new pin, a changed allocation: {@link #pinChanged}) is <em>unknown</em>: the caller asks the cluster, as
 *       before. The extra refresh of margin covers other peers' replicas applying the change later than this
 *       one;</li>
 *   <li>a CID not in this peer's pinset is unknown too (a request recorded before its pin, which is a second log
 *       entry; a pin someone removed through the REST API while requests name it). Given the request table, the
 *       index keeps these few CIDs in a set, seeded by one pass over the requests' CIDs after start (or a snapshot)
 *       and then kept by listening to the table and the pinset, so a lookup does not search the pinset (a sorted
 *       map of every pin) for every candidate; without the table, or while the set is not seeded, it does.</li>
 * </ul>
 * A {@link Lookup} is therefore at most one refresh interval plus one refresh behind the trackers for CIDs whose pin
 * did not change (a pin that failed a moment ago may still show {@code pinned}), and exact for the rest (asked
 * directly). It is not a linearizable read; neither is the direct path, which asks peers one after another.
 *
 * <p>Bounded memory: at most {@code maxEntries} CIDs in the sets (a refresh that finds more gives up, and lists ask
 * the cluster as before until the sets shrink), at most {@code maxChanged} changed CIDs per refresh generation (more:
 * no lookup until they rotate out). Refreshes run only while lists use the index: after {@code idleAfter} without a
 * lookup they stop, and the first lookup after that finds no fresh snapshot (it asks the cluster) and wakes them.
 */
public final class PsaStatusIndex implements PinSetListener, PsaTable.RequestListener, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PsaStatusIndex.class);
    /** What a refresh asks for: the statuses that are not {@code pinned} and that the peers report themselves. */
    static final Set<TrackerStatus> NOT_DONE = EnumSet.of(TrackerStatus.PIN_QUEUED, TrackerStatus.PINNING,
            TrackerStatus.PIN_ERROR);
    /** The spec's names, by bucket number (a byte per CID in the sets). */
    private static final String[] NAMES = {"queued", "pinning", "pinned", "failed"};

    /** How often the sets are refreshed while lists use them, and how long they stay fresh. */
    public record Settings(Duration interval, Duration maxAge, Duration idleAfter, int maxEntries, int maxChanged) {
        /** Every 2 s, trusted for 30 s, stopped after 5 idle minutes, a million entries, 100,000 changes. */
        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(2), Duration.ofSeconds(30),
                Duration.ofMinutes(5), 1_000_000, 100_000);
    }

    /** One list's view of the index: the status of a CID, or null when the caller must ask the cluster. */
    public interface Lookup {
        String statusOf(Cid cid);
    }

    /** CIDs whose pin changed during one refresh generation; beyond the cap, the generation says so. */
    private static final class Changes {
        final Set<Cid> cids = ConcurrentHashMap.newKeySet();
        final AtomicBoolean overflowed = new AtomicBoolean();
    }

    private record Snapshot(Map<Cid, Byte> buckets, long builtAtNanos) {
    }

    private final StatusApi status;
    private final Predicate<Cid> inPinset;
    /** The requests, whose CIDs absent from the pinset are kept in {@link #absent}; null: ask the pinset each time. */
    private final PsaTable requests;
    /** CIDs some request names that this peer's pinset lacks (a request before its pin, a pin removed under it). */
    private final Set<Cid> absent = ConcurrentHashMap.newKeySet();
    /** {@link #absent} holds every such CID (seeded once after start or a snapshot, then kept by the listeners). */
    private volatile boolean absentSeeded;
    private final AtomicBoolean absentOverflowed = new AtomicBoolean();
    /** Counts {@link #replacedAll} calls: a seed that saw one start meanwhile is not trusted. */
    private final AtomicLong tableReplacements = new AtomicLong();
    private final Settings settings;
    private final LongSupplier nanos;
    private final Object refreshing = new Object();
    /** Change generations still relevant, oldest first; the last one receives new changes. */
    private volatile List<Changes> generations = List.of(new Changes());
    private volatile Snapshot snapshot;
    private volatile long lastDemandNanos;
    private volatile long lastRefreshNanos;
    private volatile long lastRefreshEndNanos;
    private final AtomicLong refreshes = new AtomicLong();
    private final AtomicLong directAnswers = new AtomicLong();
    private ScheduledExecutorService timer;

    /**
     * @param status   the cluster's status (a refresh asks it for every not-yet-pinned CID, filtered)
     * @param inPinset whether this peer's replica has a pin for the CID
     */
    public PsaStatusIndex(StatusApi status, Predicate<Cid> inPinset, Settings settings) {
        this(status, inPinset, null, settings, System::nanoTime);
    }

    /**
     * As above; with {@code requests} a lookup does not ask the pinset about every candidate (a lookup in a sorted map
     * of every pin): the index listens to the table and keeps the few requested CIDs the pinset lacks.
     */
    public PsaStatusIndex(StatusApi status, Predicate<Cid> inPinset, PsaTable requests, Settings settings) {
        this(status, inPinset, requests, settings, System::nanoTime);
    }

    /** As above, with a clock for ages (tests). */
    PsaStatusIndex(StatusApi status, Predicate<Cid> inPinset, PsaTable requests, Settings settings,
                   LongSupplier nanos) {
        this.status = status;
        this.inPinset = inPinset;
        this.requests = requests;
        this.settings = settings;
        this.nanos = nanos;
        this.lastDemandNanos = nanos.getAsLong() - settings.idleAfter().toNanos() - 1;
        if (requests != null) {
            requests.addListener(this);
        }
    }

    /** Starts the background refreshes (they run only while lookups ask for them). */
    public synchronized PsaStatusIndex start() {
        if (timer == null) {
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "psa-status-index");
                t.setDaemon(true);
                return t;
            });
            long every = settings.interval().toMillis();
            timer.scheduleWithFixedDelay(this::tick, every, every, TimeUnit.MILLISECONDS);
        }
        return this;
    }

    /**
     * The cluster's statuses folded into one, as ipfs-cluster does: an error on any peer is {@code failed}; else a
     * peer still queued makes it {@code queued}, one still pinning {@code pinning}; {@code pinned} once the peers that
     * hold it are done; a CID no peer tracks yet is {@code queued}.
     */
    public static String statusOf(GlobalPinInfo info) {
        boolean queued = false;
        boolean pinning = false;
        boolean pinned = false;
        for (PinInfo i : info.peerMap().values()) {
            switch (i.status()) {
                case PIN_ERROR -> {
                    return "failed";
                }
                case PIN_QUEUED -> queued = true;
                case PINNING -> pinning = true;
                case PINNED -> pinned = true;
                default -> { }
            }
        }
        return queued ? "queued" : pinning ? "pinning" : pinned ? "pinned" : "queued";
    }

    @Override
    public void pinChanged(Pin before, Pin after) {
        Pin any = after != null ? after : before;
        if (any == null) {
            return;
        }
        changed(any.cid());
        if (requests != null) {
            if (after != null) {
                absent.remove(any.cid());
            } else if (requests.names(any.cid())) {
                addAbsent(any.cid());
            }
        }
    }

    @Override
    public void requestAdded(Cid cid) {
        if (!inPinset.test(cid)) {
            addAbsent(cid); // recorded before its pin (two log entries): not pinned until the pin is applied
        }
    }

    @Override
    public void replacedAll() {
        tableReplacements.incrementAndGet();
        absentSeeded = false; // the next refresh seeds it again
    }

    private void addAbsent(Cid cid) {
        if (absent.size() >= settings.maxChanged()) {
            absentOverflowed.set(true);
            absentSeeded = false; // too many to keep: lookups ask the pinset until a seed fits
            return;
        }
        absent.add(cid);
    }

    /*
     * Keeps the absent CIDs right: seeded with one pass over the requests' CIDs when not seeded; else each entry is
     * checked again (its pin arrived, or no request names it any more). Listeners run on the apply thread meanwhile:
     * an entry is removed first and put back if it is still absent, so a pin removed during the check is not lost;
     * a stale entry only makes a lookup ask the cluster.
     */
    private void maintainAbsent() {
        if (requests == null) {
            return;
        }
        if (!absentSeeded) {
            long replacements = tableReplacements.get();
            absent.clear();
            absentOverflowed.set(false);
            try (Stream<Cid> cids = requests.cids()) {
                cids.filter(c -> !inPinset.test(c)).forEach(this::addAbsent);
            }
            // Lookups use the set only once the pass is over, and not when it overflowed or the table was replaced.
            absentSeeded = !absentOverflowed.get() && replacements == tableReplacements.get();
            return;
        }
        for (Cid c : List.copyOf(absent)) {
            if (inPinset.test(c) || !requests.names(c)) {
                absent.remove(c);
                if (!inPinset.test(c) && requests.names(c)) {
                    absent.add(c);
                }
            }
        }
    }

    /** Marks {@code cid} unknown until two refreshes have started after now. */
    public void changed(Cid cid) {
        List<Changes> gens = generations;
        Changes current = gens.get(gens.size() - 1);
        if (current.overflowed.get()) {
            return;
        }
        if (current.cids.size() >= settings.maxChanged()) {
            current.overflowed.set(true);
            current.cids.clear(); // the flag says more than the set could: no lookup until it rotates out
            return;
        }
        current.cids.add(cid);
    }

    /**
     * A view for one list, or null when the index cannot answer (no fresh refresh yet, too many changes): the caller
     * asks the cluster. Each call counts as demand, so refreshes run while lists use the index.
     */
    public Lookup lookup() {
        long now = nanos.getAsLong();
        lastDemandNanos = now;
        Snapshot s = snapshot;
        if (s == null || now - s.builtAtNanos() > settings.maxAge().toNanos()) {
            return null;
        }
        List<Changes> gens = generations;
        for (Changes c : gens) {
            if (c.overflowed.get()) {
                return null;
            }
        }
        Map<Cid, Byte> buckets = s.buckets();
        boolean keptAbsent = requests != null && absentSeeded;
        return cid -> {
            for (Changes c : gens) {
                if (c.cids.contains(cid)) {
                    directAnswers.incrementAndGet();
                    return null;
                }
            }
            if (keptAbsent ? absent.contains(cid) : !inPinset.test(cid)) {
                directAnswers.incrementAndGet();
                return null;
            }
            Byte b = buckets.get(cid);
            return b != null ? NAMES[b] : "pinned";
        };
    }

    /** Refreshes done so far (tests, logs). */
    public long refreshes() {
        return refreshes.get();
    }

    /** CIDs a lookup left to the caller because they changed or are not in the pinset (tests). */
    public long directAnswers() {
        return directAnswers.get();
    }

    // A refresh takes as long as the cluster's answer; the next waits at least twice that, so a large set of failed
    // pins does not keep the peers streaming it back to back.
    private void tick() {
        try {
            long now = nanos.getAsLong();
            if (now - lastDemandNanos > settings.idleAfter().toNanos()
                    || (lastRefreshNanos > 0 && now - lastRefreshEndNanos < 2 * lastRefreshNanos)) {
                return;
            }
            refresh();
        } catch (RuntimeException e) {
            LOG.warn("PSA status index: refresh failed ({}); lists ask the cluster until one succeeds", e.toString());
        }
    }

    /**
     * Asks the cluster for every CID some peer has not finished and publishes the result. Returns false when there
     * were more than {@code maxEntries} (the index then answers nothing until a refresh fits).
     */
    public boolean refresh() {
        synchronized (refreshing) {
            long started = nanos.getAsLong();
            // New changes go to a new generation from now on; the published snapshot (built before this one started)
            // keeps checking the older ones until this refresh is published.
            List<Changes> gens = new ArrayList<>(generations);
            gens.add(new Changes());
            generations = List.copyOf(gens);
            maintainAbsent();
            Map<Cid, Byte> buckets = new HashMap<>();
            boolean fits = true;
            try (Stream<GlobalPinInfo> infos = status.statusAll(NOT_DONE, List.of(), false)) {
                var it = infos.iterator();
                while (it.hasNext()) {
                    GlobalPinInfo info = it.next();
                    String s = statusOf(info);
                    if (!"pinned".equals(s)) {
                        if (buckets.size() >= settings.maxEntries()) {
                            fits = false;
                            break;
                        }
                        buckets.put(info.cid(), bucket(s));
                    }
                }
            }
            long ended = nanos.getAsLong();
            lastRefreshEndNanos = ended;
            // Keep the generation before this refresh's (margin for replicas that applied a change later) and this
            // refresh's own; older ones are covered by this snapshot.
            List<Changes> now = generations;
            generations = List.copyOf(now.subList(Math.max(0, now.size() - 2), now.size()));
            if (!fits) {
                if (snapshot != null) {
                    LOG.warn("PSA status index: more than {} CIDs not yet pinned; status-filtered lists ask the "
                            + "cluster directly", settings.maxEntries());
                }
                snapshot = null;
                lastRefreshNanos = ended - started;
                return false;
            }
            snapshot = new Snapshot(buckets, started);
            lastRefreshNanos = ended - started;
            refreshes.incrementAndGet();
            return true;
        }
    }

    /** How long the last refresh took (the benchmark prints it). */
    public Duration lastRefreshTime() {
        return Duration.ofNanos(lastRefreshNanos);
    }

    private static byte bucket(String status) {
        for (byte i = 0; i < NAMES.length; i++) {
            if (NAMES[i].equals(status)) {
                return i;
            }
        }
        throw new IllegalArgumentException(status);
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
    }
}
