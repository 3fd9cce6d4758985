package io.pincluster.service.status;

import io.pincluster.core.cid.Cid;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** The union of two iterators that are each in CID order: still in CID order, each CID once, lazily. */
final class SortedUnion implements Iterator<Cid> {
    private final Iterator<Cid> a;
    private final Iterator<Cid> b;
    private Cid nextA;
    private Cid nextB;

    SortedUnion(Iterator<Cid> a, Iterator<Cid> b) {
        this.a = a;
        this.b = b;
        nextA = a.hasNext() ? a.next() : null;
        nextB = b.hasNext() ? b.next() : null;
    }

    @Override
    public boolean hasNext() {
        return nextA != null || nextB != null;
    }

    @Override
    public Cid next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        int order = nextA == null ? 1 : nextB == null ? -1 : nextA.compareTo(nextB);
        Cid out = order <= 0 ? nextA : nextB;
        if (order <= 0) {
            nextA = a.hasNext() ? a.next() : null;
        }
        if (order >= 0) {
            nextB = b.hasNext() ? b.next() : null;
        }
        return out;
    }
}
