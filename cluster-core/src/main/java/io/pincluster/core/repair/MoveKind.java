package io.pincluster.core.repair;

import java.util.Locale;

/**
 * Why the leader changed a pin's allocations by itself. Counted separately so that an operator can tell repairs of
 * lost copies from the routine moves (a drain, a rebalance, a top-up, disk pressure) that never put a pin at risk.
 */
public enum MoveKind {
    /** Copies on peers that are down (past the grace) or were removed are replaced. */
    REPAIR,
    /** A live peer the operator drains hands its pins to others. */
    DRAIN,
    /** Pins move from the fullest live peer toward the emptiest ones. */
    REBALANCE,
    /** Pins below their replication max get more copies because capacity allows. */
    TOP_UP,
    /** Pins move off a peer whose store is above the shed mark. */
    DISK_PRESSURE;

    /** The name in JSON and metric tags: {@code repair}, {@code drain}, {@code rebalance}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
