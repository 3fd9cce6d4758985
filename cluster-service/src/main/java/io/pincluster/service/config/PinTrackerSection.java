package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;

/**
 * Section {@code pin_tracker}: how this peer works through the pins allocated to it.
 *
 * @param concurrency     pins worked on at once (ipfs-cluster's concurrent_pins, 10)
 * @param maxQueueSize    pins that may wait; more are failed with pin_error
 * @param recoverInterval how often failed pins are retried by themselves; 0 disables (ipfs-cluster: 12m)
 */
public record PinTrackerSection(int concurrency, int maxQueueSize, Duration recoverInterval) {
    static final String NAME = "pin_tracker";

    public PinTrackerSection {
        Checks c = new Checks(NAME);
        c.require(concurrency >= 1 && concurrency <= 1000, "concurrency",
                concurrency + " is out of range (1-1000)");
        c.require(maxQueueSize >= 1, "max_queue_size", "must be positive");
        c.require(recoverInterval != null && !recoverInterval.isNegative(), "recover_interval",
                "must not be negative");
        c.throwIfAny();
    }

    public static PinTrackerSection defaults() {
        return new PinTrackerSection(10, 1_000_000, Duration.ofMinutes(12));
    }

    static PinTrackerSection read(SectionReader r, PinTrackerSection d) {
        return new PinTrackerSection(r.integer("concurrency", d.concurrency()),
                r.integer("max_queue_size", d.maxQueueSize()),
                r.duration("recover_interval", d.recoverInterval()));
    }

    void writeTo(ObjectNode o) {
        o.put("concurrency", concurrency);
        o.put("max_queue_size", maxQueueSize);
        o.put("recover_interval", GoDuration.format(recoverInterval));
    }
}
