package io.pincluster.service.status;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import java.util.Iterator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * One peer's status stream as the merge reads it: the next item is held, the rest stays on the wire (the RPC
 * stream is flow-controlled; {@link DeadlineStream} reads one batch ahead). Opened by {@link #open} or on first use.
 * A failure while opening or reading (a missed status deadline included) marks the peer failed with the error text
 * and closes the stream; it never escapes, because one unreachable peer must not break the answer.
 */
final class PeerCursor implements AutoCloseable {
    private final PeerId peer;
    private final Supplier<Stream<CidStatus>> open;
    private Stream<CidStatus> stream;
    private Iterator<CidStatus> items;
    private CidStatus head;
    private Cid lastCid;
    private String error;
    private boolean done;

    PeerCursor(PeerId peer, Supplier<Stream<CidStatus>> open) {
        this.peer = peer;
        this.open = open;
    }

    PeerId peer() {
        return peer;
    }

    /** The CID of the next item; null when the stream ended or failed. */
    Cid headCid() {
        fill();
        return head == null ? null : head.cid();
    }

    /** Takes the next item if it is about {@code cid}; null otherwise. */
    CidStatus takeIf(Cid cid) {
        fill();
        if (head == null || !head.cid().equals(cid)) {
            return null;
        }
        CidStatus out = head;
        head = null;
        return out;
    }

    boolean failed() {
        fill();
        return error != null;
    }

    /** Why the stream failed; null when it did not. */
    String error() {
        return error;
    }

    /**
     * Sends the request without waiting for an answer, so the merge can ask every peer at once and their status
     * deadlines run together.
     */
    void open() {
        if (items != null || done) {
            return;
        }
        try {
            stream = open.get();
            items = stream.iterator();
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fill() {
        open();
        if (head != null || done) {
            return;
        }
        try {
            Cid previous = lastCid;
            if (items.hasNext()) {
                head = items.next();
                if (previous != null && head.cid().compareTo(previous) <= 0) {
                    throw new IllegalStateException("peer " + peer + " sent " + head.cid() + " after " + previous
                            + ": its status stream is not in CID order");
                }
                lastCid = head.cid();
            } else {
                done = true;
                close();
            }
        } catch (RuntimeException e) {
            fail(e);
        }
    }

    private void fail(RuntimeException e) {
        head = null;
        done = true;
        error = e.getMessage() == null ? e.toString() : e.getMessage();
        close();
    }

    @Override
    public void close() {
        Stream<CidStatus> s = stream;
        stream = null;
        if (s != null) {
            try {
                s.close();
            } catch (RuntimeException ignored) {
                // closing a broken call: the error that matters is already recorded
            }
        }
    }
}
