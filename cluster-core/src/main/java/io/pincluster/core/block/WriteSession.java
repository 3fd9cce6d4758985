package io.pincluster.core.block;

import io.pincluster.core.cid.Cid;
import java.io.IOException;

/**
 * A sink whose blocks no garbage collection removes until the session is closed. Importers put a DAG through a
 * session and pin its root before closing it; without one, a GC that starts between the puts and the pin may
 * collect the still-unpinned blocks (the pin then fails with {@link IncompleteDagException}). Thread-safe.
 */
public interface WriteSession extends BlockSink, AutoCloseable {

    /** Stores the block as {@link BlockStore#put} does, and protects it for the life of the session. */
    @Override
    void put(Cid cid, byte[] block) throws IOException;

    /** Ends the protection; the blocks stay, but a later GC may remove those that nothing pins. */
    @Override
    void close();
}
