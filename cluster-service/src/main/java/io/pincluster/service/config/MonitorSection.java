package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;

/**
 * Section {@code monitor}: how often each peer publishes its metrics (free space, tags, pin queue, pin
 * count, ping) to the others, and how long each stays valid. A peer whose metrics expire is no longer an
 * allocation candidate and raises an alert, so {@code ttl} is also how long a dead peer keeps receiving
 * new pins at most.
 *
 * @param interval publishing period (5s)
 * @param ttl      validity of a published metric (15s); must exceed {@code interval}, 2-3 intervals is usual
 */
public record MonitorSection(Duration interval, Duration ttl) {
    static final String NAME = "monitor";

    public MonitorSection {
        Checks c = new Checks(NAME);
        c.require(interval != null && !interval.isNegative() && !interval.isZero(), "interval", "must be positive");
        c.require(ttl != null && interval != null && ttl.compareTo(interval) > 0, "ttl",
                "must be longer than monitor.interval (2-3 intervals), got " + ttl + " for interval " + interval);
        c.throwIfAny();
    }

    public static MonitorSection defaults() {
        return new MonitorSection(Duration.ofSeconds(5), Duration.ofSeconds(15));
    }

    static MonitorSection read(SectionReader r, MonitorSection d) {
        return new MonitorSection(r.duration("interval", d.interval()), r.duration("ttl", d.ttl()));
    }

    void writeTo(ObjectNode o) {
        o.put("interval", GoDuration.format(interval));
        o.put("ttl", GoDuration.format(ttl));
    }
}
