package io.pincluster.core.cold;

import io.pincluster.core.cid.Cid;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A peer's batch of last-read times of archived pins (decision 0024): for each pin it served to a reader since its
 * previous report, the latest time it did. One log entry per peer per report interval, however many reads, and only
 * for pins that were read; every replica keeps, per indexed pin, the later of what it had and what a report says
 * ({@link ArchiveIndex#markRead}), so the time only grows and is part of the replicated state (it survives leader
 * changes and restarts).
 *
 * @param reads pin CID → latest read on the reporting peer; kept in CID order, so equal reports encode equally
 */
public record ReadReport(Map<Cid, Instant> reads) {
    /** More pins than a report may carry: the reporter splits larger batches (~60 bytes each, so ~3 MB at most). */
    public static final int MAX_READS = 50_000;

    public ReadReport {
        Objects.requireNonNull(reads, "reads");
        if (reads.isEmpty() || reads.size() > MAX_READS) {
            throw new IllegalArgumentException("a read report carries 1 to " + MAX_READS + " pins, not "
                    + reads.size());
        }
        TreeMap<Cid, Instant> sorted = new TreeMap<>();
        reads.forEach((cid, at) -> sorted.put(Objects.requireNonNull(cid, "cid"), Objects.requireNonNull(at, "at")));
        reads = java.util.Collections.unmodifiableSortedMap(sorted);
    }
}
