package io.pincluster.core.cid;

import java.util.Iterator;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * Maps a CID to the equal {@link Cid} object another structure of this process already holds, so that a CID kept by
 * two structures (the pinset and the store's pin records) is one object, not two: at 10 million pins ~0.6 GB.
 */
public final class CidInstances {
    private CidInstances() {
    }

    /**
     * For CIDs asked in ascending order (a snapshot or a sorted journal read back): one pass over the holder's CIDs
     * beside them, a comparison or two per CID instead of a search (10M identity CIDs sharing their first bytes took
     * ~3 s of a restart in searches). A CID below the previous one asked is looked up with {@code lookup}. Answers
     * the argument itself when the holder has no equal CID. One pass, one thread.
     *
     * @param held   the holder's CIDs in ascending order (a weakly consistent iterator is fine: a CID it misses is
     *               answered with the argument, which is equal)
     * @param lookup the holder's instance of one CID, or the argument
     */
    public static UnaryOperator<Cid> inOrder(Iterator<Cid> held, UnaryOperator<Cid> lookup) {
        Objects.requireNonNull(held, "held");
        Objects.requireNonNull(lookup, "lookup");
        return new UnaryOperator<>() {
            private Cid next = held.hasNext() ? held.next() : null;
            private Cid previous;

            @Override
            public Cid apply(Cid cid) {
                if (previous != null && cid.compareTo(previous) < 0) {
                    return lookup.apply(cid);
                }
                previous = cid;
                while (next != null && next.compareTo(cid) < 0) {
                    next = held.hasNext() ? held.next() : null;
                }
                return next != null && next.equals(cid) ? next : cid;
            }
        };
    }
}
