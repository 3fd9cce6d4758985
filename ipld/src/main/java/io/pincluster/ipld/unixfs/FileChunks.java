package io.pincluster.ipld.unixfs;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * A byte range of a UnixFS file as the pieces its blocks hold, in order, without copying them: each piece is a view
 * of a block as the {@link BlockGetter} returned it. Lets a server hand a file's leaves to the network as they are
 * (the gateway serves verified blocks kept in memory this way). Not thread-safe; read by one caller.
 */
public interface FileChunks extends Closeable {
    /**
     * The next piece, never empty, its array shared with the block: callers read it and never change it. Null at
     * the end of the range. Blocks are fetched as the pieces are asked for, so this may block on disk or peers.
     */
    ByteBuffer nextChunk() throws IOException;

    @Override
    default void close() throws IOException {
    }
}
