package io.pincluster.ipld.dagpb;

import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import java.util.ArrayList;
import java.util.List;

/**
 * The links of a block by its CID's codec: dag-pb blocks are decoded strictly, raw blocks have none.
 * dag-cbor is rejected rather than answered with "no links": a garbage collector that believed a
 * dag-cbor root had no children would delete blocks that are still pinned.
 */
public final class DagPbLinkReader implements LinkReader {
    private final int maxBlockSize;

    public DagPbLinkReader() {
        this(DagPbCodec.DEFAULT_MAX_BLOCK_SIZE);
    }

    public DagPbLinkReader(int maxBlockSize) {
        this.maxBlockSize = maxBlockSize;
    }

    /**
     * @throws DagPbException                when a dag-pb block is malformed
     * @throws UnsupportedOperationException for dag-cbor blocks, whose links this reader cannot follow
     */
    @Override
    public List<Cid> links(Cid cid, byte[] block) {
        return switch (cid.codec()) {
            case RAW -> List.of();
            case DAG_PB -> {
                List<PbLink> links = DagPbCodec.decode(block, maxBlockSize).links();
                List<Cid> out = new ArrayList<>(links.size());
                for (PbLink link : links) {
                    out.add(link.hash());
                }
                yield out;
            }
            case DAG_CBOR -> throw new UnsupportedOperationException("cannot read the links of dag-cbor block "
                    + cid + ": only dag-pb and raw DAGs are supported");
        };
    }
}
