package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.HashSet;
import java.util.List;

/**
 * Section {@code allocator}: how the leader chooses the peers of a pin (ipfs-cluster's
 * {@code allocator.balanced}, flattened).
 *
 * @param allocateBy      metric names, most significant first ({@code ["tag:zone","freespace"]}); {@code tag:}
 *                        names group peers by value (one copy per zone first), others rank peers by weight
 * @param reserve         bytes every peer keeps free: a peer is no candidate when its free space (minus bytes
 *                        allocated to it but not yet reflected in its metrics) is at most this, or below pin
 *                        size + this when the pin's size is known (0)
 * @param assumedPinSize  what a pin of unknown size counts against a peer's free space until the peer's next
 *                        metrics reflect it, so a burst of such pins spreads instead of landing on the same
 *                        peers (256KiB)
 */
public record AllocatorSection(List<String> allocateBy, long reserve, long assumedPinSize) {
    static final String NAME = "allocator";
    public static final List<String> DEFAULT_ALLOCATE_BY = List.of("tag:zone", "freespace");

    public AllocatorSection {
        allocateBy = allocateBy == null ? List.of() : List.copyOf(allocateBy);
        Checks c = new Checks(NAME);
        c.require(!allocateBy.isEmpty(), "allocate_by", "must name at least one metric");
        c.require(allocateBy.stream().noneMatch(n -> n.isBlank() || n.equals("tag:")), "allocate_by",
                "metric names must not be empty: " + allocateBy);
        c.require(new HashSet<>(allocateBy).size() == allocateBy.size(), "allocate_by",
                "names a metric twice: " + allocateBy);
        c.require(reserve >= 0, "reserve", "must not be negative");
        c.require(assumedPinSize >= 0, "assumed_pin_size", "must not be negative");
        c.throwIfAny();
    }

    public static AllocatorSection defaults() {
        return new AllocatorSection(DEFAULT_ALLOCATE_BY, 0, 256 * 1024);
    }

    static AllocatorSection read(SectionReader r, AllocatorSection d) {
        return new AllocatorSection(r.stringList("allocate_by", d.allocateBy()), r.size("reserve", d.reserve()),
                r.size("assumed_pin_size", d.assumedPinSize()));
    }

    void writeTo(ObjectNode o) {
        allocateBy.forEach(o.putArray("allocate_by")::add);
        o.put("reserve", DataSize.format(reserve));
        o.put("assumed_pin_size", DataSize.format(assumedPinSize));
    }
}
