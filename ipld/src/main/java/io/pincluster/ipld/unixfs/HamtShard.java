package io.pincluster.ipld.unixfs;

import java.util.HashSet;
import java.util.Set;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.dagpb.PbLink;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Reads UnixFS HAMT-sharded directories. Each shard level consumes log2(fanout) bits of the name's
 * murmur3 hash, most significant first; a link named by the bare upper-case hex index (padded to the
 * width of fanout-1) is a sub-shard, a link named index + entry name is the entry itself.
 */
final class HamtShard {
    static final long MURMUR3_X64_64 = 0x22;

    private final BlockGetter blocks;

    HamtShard(BlockGetter blocks) {
        this.blocks = blocks;
    }

    /** The CID of {@code name} in the shard rooted at {@code root}, or null when there is no such entry. */
    Cid find(Node root, String name) throws IOException {
        long hash = Murmur3.hash64(name.getBytes(StandardCharsets.UTF_8));
        Node shard = root;
        int consumed = 0;
        while (true) {
            Geometry g = geometry(shard);
            if (consumed + g.bits > Long.SIZE) {
                throw new UnixFsException("HAMT " + root.cid() + " is deeper than its 64-bit hash allows");
            }
            int index = (int) ((hash >>> (Long.SIZE - consumed - g.bits)) & (g.fanout - 1));
            consumed += g.bits;
            String prefix = g.label(index);
            PbLink match = null;
            for (PbLink link : shard.links()) {
                if (link.name() != null && link.name().startsWith(prefix)) {
                    match = link;
                    break;
                }
            }
            if (match == null) {
                return null;
            }
            if (match.name().length() == g.labelWidth) {
                shard = Node.load(blocks, match.hash());
                if (shard.type() != UnixFsType.HAMT_SHARD) {
                    throw new UnixFsException("HAMT " + root.cid() + ": link " + prefix + " points to a "
                            + shard.type() + ", not a shard");
                }
                continue;
            }
            return match.name().substring(g.labelWidth).equals(name) ? match.hash() : null;
        }
    }

    /**
     * Every entry of the sharded directory, depth-first in link order. A hostile DAG cannot make this expensive:
     * it goes no deeper than the 64-bit hash allows (each level consumes log2(fanout) bits), and a shard block met
     * twice is refused, since a valid HAMT never links the same shard twice: without that, three blocks that link
     * 256 times to the next one would list as 256^3 entries.
     */
    void list(Node shard, List<DirEntry> out) throws IOException {
        list(shard, out, 0, new HashSet<>());
    }

    private void list(Node shard, List<DirEntry> out, int consumedBits, Set<Cid> seen) throws IOException {
        Geometry g = geometry(shard);
        if (consumedBits + g.bits > Long.SIZE) {
            throw new UnixFsException("HAMT shard " + shard.cid() + " is deeper than its 64-bit hash allows");
        }
        if (!seen.add(shard.cid())) {
            throw new UnixFsException("HAMT shard " + shard.cid() + " is linked more than once in its directory");
        }
        for (PbLink link : shard.links()) {
            String linkName = link.name() == null ? "" : link.name();
            if (linkName.length() < g.labelWidth) {
                throw new UnixFsException("HAMT shard " + shard.cid() + " has a link named '" + io.pincluster.core.error.Excerpt.of(linkName)
                        + "', shorter than its " + g.labelWidth + "-character index");
            }
            if (linkName.length() == g.labelWidth) {
                Node child = Node.load(blocks, link.hash());
                if (child.type() != UnixFsType.HAMT_SHARD) {
                    throw new UnixFsException("HAMT shard " + shard.cid() + ": link " + linkName + " points to a "
                            + child.type() + ", not a shard");
                }
                list(child, out, consumedBits + g.bits, seen);
            } else {
                long tsize = link.tsize() == null ? 0 : link.tsize();
                out.add(new DirEntry(linkName.substring(g.labelWidth), link.hash(), tsize));
            }
        }
    }

    private static Geometry geometry(Node shard) {
        UnixFsData data = shard.unixfs();
        if (data.hashType() == null || data.hashType() != MURMUR3_X64_64) {
            throw new UnixFsException("HAMT shard " + shard.cid() + " uses hash type " + data.hashType()
                    + "; only murmur3-x64-64 (0x22) is supported");
        }
        Long fanout = data.fanout();
        if (fanout == null || fanout < 2 || fanout > 1024 || Long.bitCount(fanout) != 1) {
            throw new UnixFsException("HAMT shard " + shard.cid() + " has fanout " + fanout
                    + "; it must be a power of two from 2 to 1024");
        }
        return new Geometry((int) (long) fanout);
    }

    private static final class Geometry {
        final int fanout;
        final int bits;
        final int labelWidth;

        Geometry(int fanout) {
            this.fanout = fanout;
            this.bits = Integer.numberOfTrailingZeros(fanout);
            this.labelWidth = Integer.toHexString(fanout - 1).length();
        }

        String label(int index) {
            String hex = Integer.toHexString(index).toUpperCase(Locale.ROOT);
            return "0".repeat(labelWidth - hex.length()) + hex;
        }
    }
}
