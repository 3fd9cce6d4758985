package io.pincluster.ipld.importer;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Writes the non-file nodes of an import: plain UnixFS directories (links sorted by the bytes of their
 * UTF-8 names, as go-merkledag sorts them, each with the child's cumulative size as Tsize) and symlinks.
 * Not thread-safe.
 */
public final class DirectoryBuilder {
    /** Byte-wise order of UTF-8 names: Go's string order, which differs from Java's UTF-16 order. */
    public static final Comparator<String> NAME_ORDER = (a, b) -> Arrays.compareUnsigned(
            a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));

    /**
     * Kubo (and the JS importer's links-bytes strategy) turn a directory into a HAMT once the sum of its
     * link name lengths and CID lengths reaches 256 KiB.
     */
    public static final long SHARDING_THRESHOLD_BYTES = 262_144;

    private final BlockHasher hasher;
    private final HamtDirectoryWriter hamt;
    private final long shardingThreshold;

    public DirectoryBuilder(ImportOptions options) {
        this(options, SHARDING_THRESHOLD_BYTES);
    }

    /** With another sharding threshold, as Kubo's {@code Internal.UnixFSShardingSizeThreshold} allows. */
    public DirectoryBuilder(ImportOptions options, long shardingThresholdBytes) {
        this.hasher = new BlockHasher(options.cidVersion());
        this.hamt = new HamtDirectoryWriter(hasher);
        this.shardingThreshold = shardingThresholdBytes;
    }

    /**
     * A directory holding {@code entries} (name to imported child); writes its blocks to {@code sink}. Like
     * Kubo, a directory whose links (name bytes + CID bytes) add up to the sharding threshold or more is
     * written as a HAMT-sharded directory. (At exactly the threshold Kubo shards and the JS importer does
     * not; Kubo is the reference.)
     */
    public ImportedNode directory(Map<String, ImportedNode> entries, BlockSink sink) throws IOException {
        long estimate = 0;
        for (Map.Entry<String, ImportedNode> e : entries.entrySet()) {
            estimate += e.getKey().getBytes(StandardCharsets.UTF_8).length + e.getValue().cid().byteLength();
        }
        if (estimate >= shardingThreshold) {
            return hamt.write(entries, sink);
        }
        List<String> names = new ArrayList<>(entries.keySet());
        names.sort(NAME_ORDER);
        List<PbLink> links = new ArrayList<>(names.size());
        long dagSize = 0;
        for (String name : names) {
            ImportedNode child = entries.get(name);
            links.add(PbLink.of(child.cid(), name, child.dagSize()));
            dagSize += child.dagSize();
        }
        byte[] block = DagPbCodec.encode(new PbNode(links, UnixFsData.directory().encode()));
        return write(block, dagSize, sink);
    }

    /** A symlink node pointing at {@code target}. */
    public ImportedNode symlink(String target, BlockSink sink) throws IOException {
        byte[] data = new UnixFsData(UnixFsType.SYMLINK, target.getBytes(StandardCharsets.UTF_8), null, null, null, null)
                .encode();
        return write(DagPbCodec.encode(new PbNode(List.of(), data)), 0, sink);
    }

    private ImportedNode write(byte[] block, long childrenSize, BlockSink sink) throws IOException {
        Cid cid = hasher.dagPb(block);
        sink.put(cid, block);
        return new ImportedNode(cid, childrenSize + block.length, 0);
    }
}
