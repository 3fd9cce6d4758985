package io.pincluster.gateway.content;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.block.LocalPins;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.ipld.car.CarExporter;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.unixfs.BlockGetter;
import io.pincluster.ipld.unixfs.DirEntry;
import io.pincluster.ipld.unixfs.FileChunks;
import io.pincluster.ipld.unixfs.PathNotFoundException;
import io.pincluster.ipld.unixfs.UnixFsReader;
import io.pincluster.ipld.unixfs.UnixFsStat;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link ContentSource} over this peer's block store, using the IPLD library's UnixFS reader and CAR exporter.
 * Only locally held blocks are served; fetching from other peers is not done here. The store's and codecs'
 * failures are translated to the gateway's typed exceptions.
 */
public final class BlockStoreContentSource implements ContentSource {
    private static final Logger log = LoggerFactory.getLogger(BlockStoreContentSource.class);

    private final BlockGetter blocks;
    private final LocalPins dags; // null: a memory-only view, no completeness checks
    private final UnixFsReader reader;
    private final CarExporter cars; // null: a memory-only view, no CAR export

    /**
     * @param store where blocks are read from
     * @param dags  answers which blocks of a DAG are missing (the store's pin side)
     * @param links reads the links of blocks, for CAR export
     */
    public BlockStoreContentSource(BlockStore store, LocalPins dags, LinkReader links) {
        this.blocks = store::get;
        this.dags = dags;
        this.reader = new UnixFsReader(blocks);
        this.cars = new CarExporter(store, links);
    }

    private BlockStoreContentSource(BlockGetter memory) {
        this.blocks = memory;
        this.dags = null;
        this.reader = new UnixFsReader(memory);
        this.cars = null;
    }

    /**
     * A {@link ContentSource#inMemory() memory-only view}: resolves, lists and reads files through {@code memory},
     * which returns verified blocks it keeps and throws {@link NotInMemoryException} for any other, without
     * blocking. Completeness checks and CAR exports (whole DAGs) are left to the full source.
     */
    public static BlockStoreContentSource memoryOnly(BlockGetter memory) {
        return new BlockStoreContentSource(memory);
    }

    /** Over a store that keeps its own pins (as the embedded one does), reading links as dag-pb (raw blocks have none). */
    public static <S extends BlockStore & LocalPins> BlockStoreContentSource over(S store) {
        return new BlockStoreContentSource(store, store, new DagPbLinkReader());
    }

    @Override
    public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
        try {
            Cid cid = reader.resolve(root, path);
            if (cid.codec() != Codec.DAG_PB && cid.codec() != Codec.RAW) {
                blocks.get(cid);
                return new ResolvedNode(cid, NodeKind.OTHER, 0);
            }
            UnixFsStat stat = reader.stat(cid);
            return switch (stat.type()) {
                case FILE, RAW -> new ResolvedNode(cid, NodeKind.FILE, stat.size());
                case DIRECTORY, HAMT_SHARD -> new ResolvedNode(cid, NodeKind.DIRECTORY, 0);
                case SYMLINK, METADATA -> new ResolvedNode(cid, NodeKind.OTHER, 0);
            };
        } catch (PathNotFoundException e) {
            throw new ContentPathNotFoundException(e.getMessage(), e);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    @Override
    public InputStream openFile(Cid file, long offset, long length) throws IOException {
        try {
            return reader.open(file, offset, length);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    @Override
    public FileChunks openChunks(Cid file, long offset, long length) throws IOException {
        try {
            return reader.openChunks(file, offset, length);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    @Override
    public List<DirectoryEntry> list(Cid directory) throws IOException {
        try {
            List<DirEntry> entries = reader.list(directory);
            List<DirectoryEntry> out = new ArrayList<>(entries.size());
            for (DirEntry e : entries) {
                out.add(new DirectoryEntry(e.name(), e.cid(), e.tsize()));
            }
            return out;
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    @Override
    public byte[] rawBlock(Cid cid) throws IOException {
        try {
            return blocks.get(cid);
        } catch (IOException e) {
            throw translate(e);
        }
    }

    @Override
    public void checkComplete(Cid root) throws IOException {
        if (dags == null) {
            throw NotInMemoryException.INSTANCE;
        }
        List<Cid> missing = dags.missingBlocks(root);
        if (!missing.isEmpty()) {
            throw new ContentNotHeldException(missing.get(0), null);
        }
    }

    @Override
    public void exportCar(Cid root, OutputStream out) throws IOException {
        if (cars == null) {
            throw NotInMemoryException.INSTANCE;
        }
        try {
            cars.export(root, out);
        } catch (IOException | IllegalArgumentException e) {
            throw translate(e);
        }
    }

    /**
     * Store and codec failures as the gateway's types. A corrupt block has already been quarantined by the store,
     * so it is now simply not held; it is logged because it means a disk or outside problem.
     */
    private static IOException translate(Exception e) {
        if (e instanceof BlockNotFoundException nf) {
            return new ContentNotHeldException(nf.cid(), e);
        }
        if (e instanceof CorruptBlockException corrupt) {
            log.warn("block {} was corrupt on disk and has been quarantined", corrupt.cid());
            return new ContentNotHeldException(corrupt.cid(), e);
        }
        if (e instanceof IllegalArgumentException) {
            // UnixFS and dag-pb decoding failures: the block is held and verified but not what it should be.
            return new InvalidContentException(e.getMessage(), e);
        }
        return e instanceof IOException io ? io : new IOException(e);
    }
}
