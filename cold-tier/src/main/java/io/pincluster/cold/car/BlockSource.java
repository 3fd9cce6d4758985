package io.pincluster.cold.car;

import io.pincluster.core.cid.Cid;
import java.io.IOException;

/**
 * Where the archive writer reads a pin's blocks: a block store ({@code store::get} fits) or a node's
 * {@code block/get}. The writer checks every block against its CID itself, so a source need not.
 */
@FunctionalInterface
public interface BlockSource {
    /**
     * The block's bytes.
     *
     * @throws io.pincluster.core.block.BlockNotFoundException the block is not there; the archive cannot be made
     */
    byte[] get(Cid cid) throws IOException;
}
