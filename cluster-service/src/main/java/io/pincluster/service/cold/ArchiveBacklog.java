package io.pincluster.service.cold;

import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.state.PinSetView;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * The archive backlog (decision 0021): pins the policy wants archived that the index does not have yet, cluster-wide,
 * from this peer's replica (so every peer reports the same number). Counted by a walk of the pinset, the same the
 * archive scheduler makes each scan, at most once per {@code refresh}: a scrape in between gets the last count. Not
 * counted by the scheduler itself, whose walk stops once its job slots are full and so never sees the whole backlog.
 */
public final class ArchiveBacklog {
    private final PinSetView pinset;
    private final ArchiveIndex index;
    private final ArchivePolicy policy;
    private final Duration refresh;
    private final Clock clock;
    private Instant countedAt;
    private long count;

    public ArchiveBacklog(PinSetView pinset, ArchiveIndex index, ArchivePolicy policy, Duration refresh, Clock clock) {
        this.pinset = pinset;
        this.index = index;
        this.policy = policy;
        this.refresh = refresh;
        this.clock = clock;
    }

    /** Pins waiting for an archive, counted at most {@code refresh} ago. */
    public synchronized long pins() {
        Instant now = clock.instant();
        if (countedAt == null || !now.isBefore(countedAt.plus(refresh))) {
            count = countNow();
            countedAt = now;
        }
        return count;
    }

    /** The walk itself: a pin is waiting when the scheduler would archive it (direct pins never are). */
    long countNow() {
        try (Stream<Pin> pins = pinset.pinsAfter(null)) {
            return pins.filter(p -> policy.wants(p) && p.options().mode() != PinMode.DIRECT
                    && !index.contains(p.cid())).count();
        }
    }
}
