package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Multihash;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The block files on disk and the in-memory index of their sizes, rebuilt by a folder scan at open. Callers
 * serialize operations on one key (see {@link EmbeddedBlockStore}); this class does no hashing.
 */
final class BlockFiles {
    private static final Logger LOG = LoggerFactory.getLogger(BlockFiles.class);

    private final FlatfsLayout layout;
    private final Path quarantineDir;
    private final Map<Multihash, Integer> sizes = new ConcurrentHashMap<>();

    private BlockFiles(FlatfsLayout layout, Path quarantineDir) {
        this.layout = layout;
        this.quarantineDir = quarantineDir;
    }

    /** Opens the block folder: removes temp files of interrupted writes and indexes every block file. */
    static BlockFiles open(Path blocksDir, Path quarantineDir) throws IOException {
        FlatfsLayout layout = new FlatfsLayout(blocksDir);
        layout.initialize();
        DurableFiles.createDirectoryDurably(quarantineDir);
        BlockFiles files = new BlockFiles(layout, quarantineDir);
        try (DirectoryStream<Path> shards = Files.newDirectoryStream(blocksDir, Files::isDirectory)) {
            for (Path shard : shards) {
                files.indexShard(shard);
            }
        }
        return files;
    }

    private void indexShard(Path shard) throws IOException {
        int stale = DurableFiles.deleteStaleTemps(shard);
        if (stale > 0) {
            LOG.info("removed {} unfinished block writes from {}", stale, shard);
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(shard, "*" + FlatfsLayout.DATA_SUFFIX)) {
            for (Path f : entries) {
                Optional<Multihash> mh = FlatfsLayout.parseFileName(f.getFileName().toString());
                if (mh.isEmpty() || !layout.blockFile(mh.get()).equals(f)) {
                    LOG.warn("ignoring {}: not a block file of this layout", f);
                    continue;
                }
                sizes.put(mh.get(), Math.toIntExact(Files.size(f)));
            }
        }
    }

    boolean contains(Multihash mh) {
        return sizes.containsKey(mh);
    }

    /** Whether the block's file is really there, whatever the index says. */
    boolean existsOnDisk(Multihash mh) {
        return Files.exists(layout.blockFile(mh));
    }

    /** The stored size, or -1 when absent. */
    int sizeOf(Multihash mh) {
        Integer size = sizes.get(mh);
        return size == null ? -1 : size;
    }

    long totalBytes() {
        long total = 0;
        for (int s : sizes.values()) {
            total += s;
        }
        return total;
    }

    int count() {
        return sizes.size();
    }

    /** The file's bytes, unverified; null when there is no such block file. */
    byte[] read(Multihash mh) throws IOException {
        try {
            return Files.readAllBytes(layout.blockFile(mh));
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    void write(Multihash mh, byte[] data) throws IOException {
        layout.ensureShardDir(mh);
        DurableFiles.writeAtomically(layout.blockFile(mh), data);
        sizes.put(mh, data.length);
    }

    /** Deletes the block file; returns the bytes freed, or -1 when it was not stored. */
    long remove(Multihash mh) throws IOException {
        Integer size = sizes.remove(mh);
        Files.deleteIfExists(layout.blockFile(mh));
        return size == null ? -1 : size;
    }

    /** Moves a corrupt block file aside for inspection; returns the bytes it took, or -1 when absent. */
    long quarantine(Multihash mh) throws IOException {
        Integer size = sizes.remove(mh);
        Path file = layout.blockFile(mh);
        Path target = quarantineDir.resolve(file.getFileName() + "." + System.currentTimeMillis());
        try {
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            LOG.warn("block {} did not match its hash; moved to {}", FlatfsLayout.key(mh), target);
        } catch (NoSuchFileException e) {
            return -1;
        }
        return size == null ? -1 : size;
    }

    Iterator<Multihash> keys() {
        return sizes.keySet().iterator();
    }

    List<Multihash> keySnapshot() {
        return new ArrayList<>(sizes.keySet());
    }
}
