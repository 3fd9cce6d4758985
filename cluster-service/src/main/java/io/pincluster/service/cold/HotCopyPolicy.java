package io.pincluster.service.cold;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.HotDrop;
import io.pincluster.core.component.ReplicatedPinset;
import io.pincluster.core.pin.Pin;
import io.pincluster.service.periodic.PeriodicTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's {@code cold.drop_hot_after} policy (decision 0024): an archived pin nobody has read for that long
 * loses its hot copies, and one whose hot copies were dropped gets them back once it is read again.
 *
 * <p>A pass (every {@code cold.scan_interval}, on every peer; only the leader whose replica applied everything
 * committed acts, as the archive collector does) walks the replicated index. "Unread since" is the entry's last
 * reported read, or its archive time when none was reported ({@link ArchiveEntry#unreadSince}): replicated state,
 * so a new leader judges exactly as the old one would have. For each pin with hot copies unread for
 * {@code drop_hot_after} it logs a {@link HotDrop}; every replica applies it only if the pin, its archive and its read
 * time are still what the leader saw (make-before-break: never without a confirmed archive in the index, never after
 * a read reported since). For each pin without hot copies read within {@code drop_hot_after} it asks for a
 * re-allocation; the new holders restore it from the archive ({@code cold.restore_on_pin}).
 *
 * <p>Why the leader and not the holders: the drop is one decision about all of a pin's copies. Holders deciding each
 * for its own copy would race each other and the repair (a holder dropping its copy makes the pin under-replicated,
 * which repair would undo), and would need to agree on the read times anyway; the leader has the whole pinset and
 * the replicated read times, and the log orders its decision against reads, unpins and archive removals.
 */
public final class HotCopyPolicy implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(HotCopyPolicy.class);
    /** Drops and re-allocations one pass submits at most; the rest wait for the next pass. */
    static final int MAX_CHANGES_PER_PASS = 500;

    /** What one pass did. */
    public record Pass(boolean leading, int dropped, int rewarmed) {
    }

    private final ReplicatedPinset pinset;
    private final ArchivePolicy policy;
    private final ArchiveRecords records;
    private final BooleanSupplier leads;
    private final Duration dropHotAfter;
    private final Clock clock;
    private final PeriodicTask timer;
    private final Set<Cid> rewarming = ConcurrentHashMap.newKeySet();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong rewarmed = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();

    /**
     * @param leads true while this peer leads and its replica has applied everything committed
     */
    public HotCopyPolicy(ReplicatedPinset pinset, ArchiveRecords records, BooleanSupplier leads,
                         Duration dropHotAfter, Duration interval, Clock clock) {
        this(pinset, records, leads, ArchivePolicy.ALL, dropHotAfter, interval, clock);
    }

    /**
     * @param policy the archive policy: only pins it wants lose their hot copies (an archive the policy no longer
     *               wants is on its way to garbage collection, and must not become a pin's only copy)
     */
    public HotCopyPolicy(ReplicatedPinset pinset, ArchiveRecords records, BooleanSupplier leads, ArchivePolicy policy,
                         Duration dropHotAfter, Duration interval, Clock clock) {
        this.policy = policy;
        if (dropHotAfter.isZero() || dropHotAfter.isNegative()) {
            throw new IllegalArgumentException("drop_hot_after must be positive here");
        }
        this.pinset = pinset;
        this.records = records;
        this.leads = leads;
        this.dropHotAfter = dropHotAfter;
        this.clock = clock;
        this.timer = new PeriodicTask("cold-hot-copies", interval, Duration.ofSeconds(10), this::pass, this::failed);
    }

    /** Runs a pass every {@code interval}, on every peer (a peer that does not lead does nothing). */
    public void start() {
        timer.start();
    }

    /** One pass; see the class comment. */
    public Pass pass() {
        if (!leads.getAsBoolean()) {
            rewarming.clear();
            return new Pass(false, 0, 0);
        }
        Instant now = clock.instant();
        int drops = 0;
        int rewarms = 0;
        for (ArchiveEntry entry : records.archiveIndex().all()) {
            if (drops + rewarms >= MAX_CHANGES_PER_PASS) {
                break;
            }
            Pin pin = pinset.state().get(entry.cid()).orElse(null);
            if (pin == null || pin.isEverywhere()) {
                continue;
            }
            boolean unread = !entry.unreadSince().plus(dropHotAfter).isAfter(now);
            if (!pin.allocations().isEmpty()) {
                if (unread && policy.wants(pin) && drop(pin, entry)) {
                    drops++;
                }
            } else if (HotDrop.coldOnly(pin, true) && !unread && rewarming.add(pin.cid())) {
                rewarm(pin, entry);
                rewarms++;
            }
        }
        return new Pass(true, drops, rewarms);
    }

    private boolean drop(Pin pin, ArchiveEntry entry) {
        records.dropHotCopies(HotDrop.of(pin, entry));
        boolean applied = pinset.state().get(pin.cid()).map(p -> p.allocations().isEmpty()).orElse(false);
        if (applied) {
            dropped.incrementAndGet();
            LOG.info("{} unread since {} (drop_hot_after {}): hot copies on {} dropped, the archive {} keeps it",
                    pin.cid(), entry.unreadSince(), dropHotAfter, pin.allocations(), entry.objectKey());
        }
        return applied;
    }

    private void rewarm(Pin pin, ArchiveEntry entry) {
        LOG.info("{} was read at {}: hot copies come back from the archive", pin.cid(), entry.lastReadAt());
        pinset.reallocateAsync(pin.cid(), Set.of(), false).whenComplete((after, error) -> {
            rewarming.remove(pin.cid());
            if (error == null) {
                rewarmed.incrementAndGet();
            } else {
                failures.incrementAndGet();
                LOG.warn("giving {} hot copies again failed (the next pass tries again): {}", pin.cid(),
                        error.toString());
            }
        });
    }

    private void failed(Exception e, boolean closing) {
        if (closing) {
            return; // the interrupted request is not a failure of the pass
        }
        failures.incrementAndGet();
        LOG.warn("the hot copy policy's pass failed (the next pass tries again): {}", e.toString());
    }

    /** Pins whose hot copies this peer's passes dropped. */
    public long dropped() {
        return dropped.get();
    }

    /** Pins this peer's passes gave hot copies again after a read. */
    public long rewarmed() {
        return rewarmed.get();
    }

    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        timer.close();
    }
}
