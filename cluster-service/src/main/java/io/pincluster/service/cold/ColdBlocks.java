package io.pincluster.service.cold;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import java.io.IOException;

/**
 * Blocks from the cold tier, for when no peer has them: what the gateway's and the pin tracker's fetching falls back
 * to. Every block handed out was checked against its CID. {@link #NONE} when the cold tier is off.
 */
public interface ColdBlocks {
    /** No archives: every answer is "not archived". */
    ColdBlocks NONE = new ColdBlocks() {
        @Override
        public byte[] get(Cid root, Cid block) {
            return null;
        }

        @Override
        public boolean restore(Cid root, BlockSink sink) {
            return false;
        }

        @Override
        public boolean isArchived(Cid root) {
            return false;
        }
    };

    /**
     * The block {@code block} of the DAG under {@code root} (the pin or path root a request is about), read from the
     * archive and verified; null when no archive the index knows holds it.
     *
     * @throws IOException the archive could not be read, or its bytes there are not the block
     */
    byte[] get(Cid root, Cid block) throws IOException;

    /**
     * Puts every block of the pin {@code root} into {@code sink}, each verified first.
     *
     * @return false when the pin has no archive (nothing was put)
     * @throws IOException the archive could not be read or failed verification; {@code sink} holds a verified part
     */
    boolean restore(Cid root, BlockSink sink) throws IOException;

    /** Whether the replicated index has an archive of the pin {@code root}. */
    boolean isArchived(Cid root);
}
