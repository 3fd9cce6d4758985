package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;

/**
 * When {@link PinRecords} rewrites its journal with only the live pins, in CID order: it counts the records in the
 * journal, those that came out of CID order and those written since the last rewrite, and answers the three
 * questions the committer asks. Dead records outnumbering live pins: a rewrite. Records out of order: a rewrite once
 * the journal is quiet, or, when pinning never pauses, each time the set has grown by half with at least a quarter of
 * that growth out of order (random CIDs: half of it), so the rewrites cost a constant factor of the writes; records
 * that arrive nearly in order append fast on replay and are left for a quiet time. A failed rewrite is not tried
 * again for {@value #MIN_RECORDS} more records. Guarded by the journal's lock.
 */
final class JournalRewritePolicy {
    /** Below this many records (dead, or out of order) a rewrite would cost more than it saves. */
    static final int MIN_RECORDS = 4096;

    private long records;
    private long unsorted;
    private long appendedSinceRewrite;
    private long retryAt;
    private Cid last;

    /** A record read back from the journal (at open, or after a failed write). */
    void replayed(Cid cid) {
        count(cid);
    }

    /** A record appended by the committer. */
    void appended(Cid cid) {
        count(cid);
        appendedSinceRewrite++;
    }

    private void count(Cid cid) {
        if (last != null && cid.compareTo(last) <= 0) {
            unsorted++;
        }
        last = cid;
        records++;
    }

    /** The journal is about to be read back whole: the counts start again from what it holds. */
    void rereading() {
        records = 0;
        unsorted = 0;
        last = null;
    }

    boolean deadOutnumberLive(int livePins) {
        return records >= MIN_RECORDS && records >= 2L * livePins && records >= retryAt;
    }

    /** Enough records out of order to sort the journal once it is quiet. */
    boolean sortWhenQuiet() {
        return unsorted >= MIN_RECORDS && records >= retryAt;
    }

    /** Enough records out of order to sort the journal now, although changes keep coming. */
    boolean sortWhileBusy(int livePins) {
        return sortWhenQuiet() && 2 * appendedSinceRewrite >= livePins && 4 * unsorted >= appendedSinceRewrite;
    }

    long unsorted() {
        return unsorted;
    }

    /** The journal now holds {@code livePins} records, in order. */
    void rewritten(long livePins) {
        records = livePins;
        unsorted = 0;
        appendedSinceRewrite = 0;
        last = null; // the next record starts a new run
    }

    void rewriteFailed() {
        retryAt = records + MIN_RECORDS;
    }
}
