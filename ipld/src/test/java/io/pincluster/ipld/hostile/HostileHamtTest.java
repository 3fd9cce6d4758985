package io.pincluster.ipld.hostile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import io.pincluster.ipld.unixfs.UnixFsData;
import io.pincluster.ipld.unixfs.UnixFsException;
import io.pincluster.ipld.unixfs.UnixFsReader;
import io.pincluster.ipld.unixfs.UnixFsType;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** HAMT directories built to be expensive to list: too deep for their hash, or the same shard linked many times. */
class HostileHamtTest {
    private final InMemoryBlockStore store = new InMemoryBlockStore();
    private final UnixFsReader reader = new UnixFsReader(store::get);

    @Test
    void threeBlocksLinkedWideAreRefusedNotExpandedTo256Cubed() throws IOException {
        Cid leafFile = put(Codec.RAW, "content".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        List<PbLink> entries = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            entries.add(PbLink.of(leafFile, label(i) + "file-" + i, 7));
        }
        Cid bottom = shard(entries, 256);
        Cid middle = shard(everyIndexTo(bottom), 256);
        Cid top = shard(everyIndexTo(middle), 256);

        long start = System.nanoTime();
        assertThatThrownBy(() -> reader.list(top)).isInstanceOf(UnixFsException.class)
                .hasMessageContaining("linked more than once");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void aShardChainDeeperThanTheHashIsRefused() throws IOException {
        // fanout 2 consumes one bit per level: 65 levels need more than the 64-bit hash has
        Cid leaf = put(Codec.RAW, new byte[] {1});
        Cid at = shard(List.of(PbLink.of(leaf, "1entry", 1)), 2);
        for (int level = 0; level < 65; level++) {
            at = shard(List.of(PbLink.of(at, "0", 0)), 2);
        }
        Cid root = at;
        assertThatThrownBy(() -> reader.list(root)).isInstanceOf(UnixFsException.class)
                .hasMessageContaining("deeper than its 64-bit hash");
    }

    @Test
    void aShallowShardStillLists() throws IOException {
        Cid leaf = put(Codec.RAW, new byte[] {1});
        Cid inner = shard(List.of(PbLink.of(leaf, "1a", 1)), 2);
        Cid root = shard(List.of(PbLink.of(inner, "0", 0), PbLink.of(leaf, "1b", 1)), 2);
        assertThat(reader.list(root)).extracting(e -> e.name()).containsExactly("a", "b");
    }

    private List<PbLink> everyIndexTo(Cid child) {
        List<PbLink> links = new ArrayList<>();
        for (int i = 0; i < 256; i++) {
            links.add(PbLink.of(child, label(i), 0));
        }
        return links;
    }

    private static String label(int index) {
        return String.format("%02X", index).toUpperCase(Locale.ROOT);
    }

    private Cid shard(List<PbLink> links, long fanout) throws IOException {
        byte[] data = new UnixFsData(UnixFsType.HAMT_SHARD, new byte[0], null, new long[0], 0x22L, fanout).encode();
        return put(Codec.DAG_PB, DagPbCodec.encode(new PbNode(links, data)));
    }

    private Cid put(Codec codec, byte[] block) throws IOException {
        Cid cid = Cid.v1(codec, Multihash.sha256(block));
        store.put(cid, block);
        return cid;
    }
}
