package io.pincluster.core.block;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.util.Iterator;
import java.util.OptionalLong;

/**
 * A content-addressed block store. Blocks are keyed by multihash, so a CIDv0 and a CIDv1 of the same bytes name
 * the same stored block. Blocks under an identity multihash are never stored: their data is the digest.
 *
 * <p>Implementations are thread-safe. A {@link #put} that returns has made the block durable.
 */
public interface BlockStore extends BlockSink {

    /** The largest block Kubo's bitswap exchanges; a store may accept larger ones, but no other node would take them. */
    int DEFAULT_MAX_BLOCK_SIZE = 2 * 1024 * 1024;

    /** True when the block is stored (or inline in an identity CID). */
    boolean has(Cid cid);

    /**
     * The block's bytes, verified against the CID's hash.
     *
     * @throws BlockNotFoundException the block is not stored
     * @throws CorruptBlockException  the stored copy was corrupt; it has been quarantined
     */
    byte[] get(Cid cid) throws IOException;

    /**
     * Stores a block durably; storing a block that is already present does nothing.
     *
     * @throws HashMismatchException  {@code block} does not hash to {@code cid}
     * @throws BlockTooLargeException {@code block} is over the maximum block size
     * @throws StorageFullException   the block would take the store over its storage maximum
     */
    @Override
    void put(Cid cid, byte[] block) throws IOException;

    /**
     * Removes a block; returns false when it was not stored.
     *
     * @throws PinnedBlockException the block is the root of a local pin
     */
    boolean delete(Cid cid) throws IOException;

    /** The size in bytes of the stored block, or empty when it is not stored. */
    OptionalLong size(Cid cid);

    StoreStats stats();

    /**
     * Opens a session whose puts no garbage collection removes until it is closed: put a DAG through it, pin
     * the root, then close it.
     */
    WriteSession writeSession();

    /** The multihashes of all stored blocks; weakly consistent with concurrent puts and deletes. */
    Iterator<Multihash> keys();
}
