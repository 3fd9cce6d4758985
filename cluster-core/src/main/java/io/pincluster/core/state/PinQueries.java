package io.pincluster.core.state;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.AllocationQuery;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinType;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NavigableSet;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Answers an {@link AllocationQuery} from the most selective index (metadata pair, exact name, name
 * prefix, pin types other than data, in that order), then checks the remaining filters on each candidate
 * pin.
 */
final class PinQueries {
    private PinQueries() {
    }

    static Stream<Pin> run(PinTable table, AllocationQuery q) {
        Stream<Pin> pins = SortedMerge.stream(candidates(table, q))
                .map(table.pins::get)
                .filter(Objects::nonNull)
                .filter(p -> matches(p, q));
        return q.limit() > 0 ? pins.limit(q.limit()) : pins;
    }

    static boolean matches(Pin p, AllocationQuery q) {
        if (!q.types().isEmpty() && !q.types().contains(p.type())) {
            return false;
        }
        if (hasName(q)) {
            String name = p.options().name();
            if (q.namePrefix() ? !name.startsWith(q.name()) : !name.equals(q.name())) {
                return false;
            }
        }
        return q.metaKey() == null || q.metaValue().equals(p.options().metadata().get(q.metaKey()));
    }

    private static boolean hasName(AllocationQuery q) {
        return q.name() != null && !q.name().isEmpty();
    }

    private static Iterator<Cid> candidates(PinTable t, AllocationQuery q) {
        Cid after = q.after();
        if (q.metaKey() != null) {
            return tail(t.byMeta.get(new PinTable.MetaKey(q.metaKey(), q.metaValue())), after);
        }
        if (hasName(q) && !q.namePrefix()) {
            return tail(t.byName.get(q.name()), after);
        }
        if (hasName(q)) {
            List<Iterator<Cid>> buckets = new ArrayList<>();
            for (NavigableSet<Cid> set : t.byName.subMap(q.name(), true, q.name() + Character.MAX_VALUE, true)
                    .values()) {
                buckets.add(tail(set, after));
            }
            return SortedMerge.of(buckets);
        }
        // data pins have no type index (they are nearly all pins): a query including them walks the pinset
        if (!q.types().isEmpty() && !q.types().contains(PinType.DATA)) {
            List<Iterator<Cid>> buckets = new ArrayList<>();
            for (PinType type : q.types()) {
                buckets.add(tail(t.byType.get(type), after));
            }
            return SortedMerge.of(buckets);
        }
        return t.pins.keysAfter(after);
    }

    static Iterator<Cid> tail(NavigableSet<Cid> set, Cid after) {
        if (set == null) {
            return Collections.emptyIterator();
        }
        return (after == null ? set : set.tailSet(after, false)).iterator();
    }
}
