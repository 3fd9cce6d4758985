package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A sink whose blocks no garbage collection removes until the session is closed. Importers put a DAG through a
 * session and pin its root before closing it; without one, a GC that starts between the puts and the pin may
 * collect the still-unpinned blocks (the pin then fails with {@link IncompleteDagException}). Thread-safe.
 */
public final class WriteSession implements BlockSink, AutoCloseable {
    private final BlockSink store;
    private final GcGuard guard;
    private final Set<Multihash> written = ConcurrentHashMap.newKeySet();

    WriteSession(BlockSink store, GcGuard guard) {
        this.store = store;
        this.guard = guard;
        guard.register(this);
    }

    /** Stores the block as {@link BlockStore#put} does, and protects it for the life of the session. */
    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        // Protect first: a sweep that already passed this key deleted it before the put re-checks presence.
        written.add(cid.multihash());
        store.put(cid, block);
    }

    boolean wrote(Multihash mh) {
        return written.contains(mh);
    }

    @Override
    public void close() {
        guard.unregister(this);
    }
}
