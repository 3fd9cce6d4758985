package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;
import java.io.IOException;

/** Where an importer or a fetcher puts the blocks it produces. Implementations may receive a block twice. */
@FunctionalInterface
public interface BlockSink {
    void put(Cid cid, byte[] block) throws IOException;
}
