package io.pincluster.ipld.unixfs;

import io.pincluster.core.cid.Cid;
import java.io.IOException;

/**
 * Where the reader gets blocks. A block store's {@code get} fits as a method reference. A missing block
 * must be an {@link IOException} that names the CID (the block store's not-found exception); the reader
 * passes it through unchanged. Identity CIDs never reach the getter: their bytes are inline.
 */
@FunctionalInterface
public interface BlockGetter {
    byte[] get(Cid cid) throws IOException;
}
