package io.pincluster.service.ops;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.component.NodeConnector;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;

/**
 * DAG sizes read from this peer's block store: a raw block is its own length; a dag-pb root is its length
 * plus the {@code Tsize} of its links, which UnixFS importers set to each subtree's cumulative size (Kubo's
 * {@code CumulativeSize}). One block read per pin, no DAG walk. Unknown when the root is not stored here
 * (the pin was added on another peer), when a link carries no {@code Tsize}, or for other codecs.
 *
 * <p>On the leader this knows the size of everything {@code /add}ed through the leader, and of content
 * already pinned there (a repin). Results, unknown ones excepted, are kept for about {@value #CACHED} CIDs
 * (the ones most used lately; ~100 bytes each). Thread-safe.
 */
public final class LocalDagSizes implements DagSizes {
    static final int CACHED = 100_000; // a repair re-places tens of thousands of pins; ~10 MB at most

    private final NodeConnector connector;
    private final Cache<Cid, Long> known = Caffeine.newBuilder().maximumSize(CACHED).build();

    public LocalDagSizes(NodeConnector connector) {
        this.connector = connector;
    }

    @Override
    public long sizeOf(Cid cid) {
        Long cached = known.getIfPresent(cid);
        if (cached != null) {
            return cached;
        }
        long size = read(cid); // unknown sizes are not kept: the root may be stored here later
        if (size != UNKNOWN) {
            known.put(cid, size);
        }
        return size;
    }

    private long read(Cid cid) {
        if (cid.codec() != Codec.RAW && cid.codec() != Codec.DAG_PB) {
            return UNKNOWN;
        }
        byte[] block;
        try {
            // Most roots a leader is asked about during a repair are not stored here: a miss must cost no exception.
            block = connector.findBlock(cid).orElse(null);
        } catch (RuntimeException e) {
            return UNKNOWN; // the store is unreachable: allocate by free space alone
        }
        if (block == null) {
            return UNKNOWN; // not stored here
        }
        if (cid.codec() == Codec.RAW) {
            return block.length;
        }
        try {
            PbNode node = DagPbCodec.decode(block);
            long total = block.length;
            for (PbLink link : node.links()) {
                if (link.tsize() == null) {
                    return UNKNOWN;
                }
                total = Math.addExact(total, link.tsize());
            }
            return total;
        } catch (RuntimeException e) {
            return UNKNOWN; // a malformed root or absurd sizes: no reason to refuse the pin here
        }
    }
}
