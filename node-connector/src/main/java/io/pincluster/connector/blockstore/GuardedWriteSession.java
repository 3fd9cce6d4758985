package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** The embedded store's {@link WriteSession}: registered with the {@link GcGuard}, whose sweep skips what it wrote. */
final class GuardedWriteSession implements WriteSession {
    private final BlockSink store;
    private final GcGuard guard;
    private final Set<Multihash> written = ConcurrentHashMap.newKeySet();

    GuardedWriteSession(BlockSink store, GcGuard guard) {
        this.store = store;
        this.guard = guard;
        guard.register(this);
    }

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
