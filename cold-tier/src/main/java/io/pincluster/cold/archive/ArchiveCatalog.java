package io.pincluster.cold.archive;

import io.pincluster.cold.car.BlockLocation;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which archive holds a block, and where in it: the CID → archive index a restore looks blocks up in, by multihash
 * (so a CIDv0 and a CIDv1 of one block find it) and by pin root. Kept in memory, filled from archive results or
 * from the bucket's sidecars ({@link ManifestSidecars#readAll()}); the cluster will feed it from its replicated
 * state instead. Thread-safe. When several archives hold a block, the one added last answers.
 */
public final class ArchiveCatalog {
    private final Map<Multihash, Located> blocks = new ConcurrentHashMap<>();
    private final Map<Multihash, ArchivedPin> roots = new ConcurrentHashMap<>();

    /** A block's archive and its section there. */
    public record Located(ArchivedPin archive, BlockLocation location) {
    }

    public ArchiveCatalog() {
    }

    public ArchiveCatalog(Collection<ArchivedPin> archives) {
        archives.forEach(this::add);
    }

    public void add(ArchivedPin archive) {
        for (BlockLocation location : archive.manifest().index().entries()) {
            blocks.put(location.cid().multihash(), new Located(archive, location));
        }
        for (Cid root : archive.manifest().roots()) {
            roots.put(root.multihash(), archive);
        }
    }

    /** The archive and section holding the block {@code cid} names. */
    public Optional<Located> find(Cid cid) {
        return Optional.ofNullable(blocks.get(cid.multihash()));
    }

    /** The archive whose header names {@code root}: the whole DAG of that pin. */
    public Optional<ArchivedPin> archiveOf(Cid root) {
        return Optional.ofNullable(roots.get(root.multihash()));
    }
}
