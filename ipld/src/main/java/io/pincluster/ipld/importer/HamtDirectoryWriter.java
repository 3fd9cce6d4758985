package io.pincluster.ipld.importer;

import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.unixfs.Murmur3;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a HAMT-sharded UnixFS directory as Kubo does: fanout 256, murmur3-x64-64 of the name, 8 bits per
 * level from the hash's most significant end. A slot holding one entry links to it as {@code XX<name>};
 * a slot where names collide holds a sub-shard linked as {@code XX}. Built from the final set of names,
 * which gives the same canonical tree as Kubo's insert-one-by-one.
 */
final class HamtDirectoryWriter {
    private static final int FANOUT = 256;
    private static final int BITS = 8;
    private static final long MURMUR3_X64_64 = 0x22;

    private final BlockHasher hasher;

    HamtDirectoryWriter(BlockHasher hasher) {
        this.hasher = hasher;
    }

    private record Entry(String name, ImportedNode node, long hash) {
    }

    ImportedNode write(Map<String, ImportedNode> entries, BlockSink sink) throws IOException {
        List<Entry> all = new ArrayList<>(entries.size());
        entries.forEach((name, node) -> all.add(new Entry(name, node, Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8)))));
        return shard(all, 0, sink);
    }

    private ImportedNode shard(List<Entry> entries, int depth, BlockSink sink) throws IOException {
        if ((depth + 1) * BITS > Long.SIZE) {
            throw new IllegalStateException("names collide on all 64 hash bits: " + entries.get(0).name()
                    + ", " + entries.get(1).name());
        }
        List<List<Entry>> slots = new ArrayList<>(FANOUT);
        for (int i = 0; i < FANOUT; i++) {
            slots.add(null);
        }
        for (Entry e : entries) {
            int index = (int) ((e.hash() >>> (Long.SIZE - (depth + 1) * BITS)) & (FANOUT - 1));
            if (slots.get(index) == null) {
                slots.set(index, new ArrayList<>(2));
            }
            slots.get(index).add(e);
        }
        byte[] bitfield = new byte[FANOUT / 8];
        List<PbLink> links = new ArrayList<>();
        long childrenSize = 0;
        for (int i = 0; i < FANOUT; i++) {
            List<Entry> slot = slots.get(i);
            if (slot == null) {
                continue;
            }
            // Big-endian bitfield: bit i lives in the i/8-th byte from the end.
            bitfield[bitfield.length - 1 - i / 8] |= (byte) (1 << (i % 8));
            String label = String.format(Locale.ROOT, "%02X", i);
            if (slot.size() == 1) {
                Entry e = slot.get(0);
                links.add(PbLink.of(e.node().cid(), label + e.name(), e.node().dagSize()));
                childrenSize += e.node().dagSize();
            } else {
                ImportedNode sub = shard(slot, depth + 1, sink);
                links.add(PbLink.of(sub.cid(), label, sub.dagSize()));
                childrenSize += sub.dagSize();
            }
        }
        byte[] data = new UnixFsData(UnixFsType.HAMT_SHARD, trimLeadingZeros(bitfield), null, null, MURMUR3_X64_64,
                (long) FANOUT).encode();
        byte[] block = DagPbCodec.encode(new PbNode(links, data));
        Cid cid = hasher.dagPb(block);
        sink.put(cid, block);
        return new ImportedNode(cid, childrenSize + block.length, 0);
    }

    /** The bitfield is stored minimal, like a big-endian integer without leading zero bytes. */
    private static byte[] trimLeadingZeros(byte[] b) {
        int i = 0;
        while (i < b.length && b[i] == 0) {
            i++;
        }
        return java.util.Arrays.copyOfRange(b, i, b.length);
    }
}
