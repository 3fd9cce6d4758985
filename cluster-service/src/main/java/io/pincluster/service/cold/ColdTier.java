package io.pincluster.service.cold;

import io.pincluster.cold.archive.ArchiveBlockSource;
import io.pincluster.cold.archive.ArchiveCatalog;
import io.pincluster.cold.archive.ArchiveKeys;
import io.pincluster.cold.archive.ArchivedPin;
import io.pincluster.cold.archive.ManifestSidecars;
import io.pincluster.cold.car.ArchiveMismatchException;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import java.io.IOException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bucket as this peer reads it: archives named by the replicated index ({@link ArchiveIndex}), their block
 * offsets from each archive's sidecar manifest, read once per archive and kept in an {@link ArchiveCatalog}, and
 * blocks served by ranged, verified reads ({@link ArchiveBlockSource}, decision 0018). A sidecar must describe the
 * archive the index names (same key, size and SHA-256), or the archive is not used. Thread-safe.
 */
public final class ColdTier implements ColdBlocks, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ColdTier.class);

    private final ArchiveObjectStore store;
    private final ArchiveKeys keys;
    private final ArchiveIndex index;
    private final ManifestSidecars sidecars;
    private final ArchiveCatalog catalog = new ArchiveCatalog();
    private final ArchiveBlockSource source;
    /** Object keys whose sidecar is in the catalog. */
    private final Set<String> loaded = ConcurrentHashMap.newKeySet();
    private final AtomicLong blocksServed = new AtomicLong();
    private final AtomicLong pinsRestored = new AtomicLong();

    public ColdTier(ArchiveObjectStore store, ArchiveKeys keys, ArchiveIndex index) {
        this.store = store;
        this.keys = keys;
        this.index = index;
        this.sidecars = new ManifestSidecars(store, keys);
        this.source = new ArchiveBlockSource(store, catalog);
    }

    public ArchiveObjectStore store() {
        return store;
    }

    public ArchiveKeys keys() {
        return keys;
    }

    @Override
    public boolean isArchived(Cid root) {
        return index.contains(root);
    }

    @Override
    public byte[] get(Cid root, Cid block) throws IOException {
        Optional<ArchiveEntry> entry = index.get(root);
        if (entry.isPresent()) {
            load(entry.get());
        }
        if (catalog.find(block).isEmpty()) {
            return null;
        }
        byte[] data = source.get(block);
        blocksServed.incrementAndGet();
        return data;
    }

    @Override
    public boolean restore(Cid root, BlockSink sink) throws IOException {
        Optional<ArchiveEntry> entry = index.get(root);
        if (entry.isEmpty()) {
            return false;
        }
        load(entry.get());
        var stats = source.restoreDag(root, sink);
        pinsRestored.incrementAndGet();
        LOG.info("{} restored from its archive {}: {}", root, entry.get().objectKey(), stats);
        return true;
    }

    /** Blocks handed out by {@link #get} since start (gateway reads served from the archive). */
    public long blocksServed() {
        return blocksServed.get();
    }

    /** Whole pins put back by {@link #restore} since start. */
    public long pinsRestored() {
        return pinsRestored.get();
    }

    /** Reads the archive's sidecar into the catalog once, after checking that it is the archive the index names. */
    private void load(ArchiveEntry entry) throws IOException {
        if (loaded.contains(entry.objectKey())) {
            return;
        }
        synchronized (loaded) {
            if (loaded.contains(entry.objectKey())) {
                return;
            }
            ArchivedPin archive = sidecars.read(entry.objectKey());
            String sha256 = HexFormat.of().formatHex(archive.manifest().carSha256().digest());
            if (archive.manifest().carSize() != entry.size() || !sha256.equals(entry.sha256())) {
                throw new ArchiveMismatchException("the sidecar of " + entry.objectKey() + " describes "
                        + archive.manifest().carSize() + " bytes with SHA-256 " + sha256 + ", the index "
                        + entry.size() + " bytes with " + entry.sha256());
            }
            catalog.add(archive);
            loaded.add(entry.objectKey());
        }
    }

    @Override
    public void close() {
        store.close();
    }
}
