package io.pincluster.ipld.testing;

import io.pincluster.core.block.BlockStore;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.ipld.dagpb.DagPbCodec;
import io.pincluster.ipld.dagpb.PbLink;
import io.pincluster.ipld.dagpb.PbNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Random real DAGs for tests: raw leaves and dag-pb inner nodes (CIDv0 or v1) that link to earlier blocks, so
 * subtrees are shared. The test keeps its own child lists, so expectations never depend on the code under test.
 */
public final class BlockUniverse {
    private final List<Cid> order = new ArrayList<>();
    private final Map<Cid, byte[]> data = new LinkedHashMap<>();
    private final Map<Cid, List<Cid>> children = new LinkedHashMap<>();
    private final List<Cid> inner = new ArrayList<>();

    public static BlockUniverse random(Random r, int leaves, int innerNodes, int maxLeafSize) {
        BlockUniverse u = new BlockUniverse();
        for (int i = 0; i < leaves; i++) {
            u.addRaw(randomBytes(r, 1 + r.nextInt(maxLeafSize)));
        }
        for (int i = 0; i < innerNodes; i++) {
            int n = 1 + r.nextInt(Math.min(4, u.order.size()));
            List<Cid> kids = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                kids.add(u.order.get(r.nextInt(u.order.size())));
            }
            u.addNode(kids, randomBytes(r, r.nextInt(16)), r.nextBoolean());
        }
        return u;
    }

    public static byte[] randomBytes(Random r, int size) {
        byte[] b = new byte[size];
        r.nextBytes(b);
        return b;
    }

    public Cid addRaw(byte[] bytes) {
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(bytes));
        add(cid, bytes, List.of());
        return cid;
    }

    public Cid addNode(List<Cid> kids, byte[] payload, boolean v0) {
        List<PbLink> links = new ArrayList<>();
        for (Cid kid : kids) {
            links.add(PbLink.of(kid, "", data.get(kid).length));
        }
        byte[] block = DagPbCodec.encode(new PbNode(links, payload));
        Multihash mh = Multihash.sha256(block);
        Cid cid = v0 ? Cid.v0(mh) : Cid.v1(Codec.DAG_PB, mh);
        add(cid, block, kids);
        inner.add(cid);
        return cid;
    }

    private void add(Cid cid, byte[] bytes, List<Cid> kids) {
        if (data.putIfAbsent(cid, bytes) == null) {
            order.add(cid);
            children.put(cid, List.copyOf(kids));
        }
    }

    public List<Cid> blocks() {
        return List.copyOf(order);
    }

    public List<Cid> innerNodes() {
        return List.copyOf(inner);
    }

    public byte[] data(Cid cid) {
        return data.get(cid).clone();
    }

    public List<Cid> children(Cid cid) {
        return children.get(cid);
    }

    public void putAll(BlockStore store) throws IOException {
        for (Cid cid : order) {
            store.put(cid, data.get(cid));
        }
    }

    /** The DAG under {@code root} in depth-first pre-order, each CID once (computed recursively, independently). */
    public List<Cid> dfsOrder(Cid root) {
        List<Cid> out = new ArrayList<>();
        dfs(root, new HashSet<>(), out);
        return out;
    }

    private void dfs(Cid cid, Set<Cid> seen, List<Cid> out) {
        if (!seen.add(cid)) {
            return;
        }
        out.add(cid);
        for (Cid kid : children.get(cid)) {
            dfs(kid, seen, out);
        }
    }

    public Set<Multihash> reachable(Cid root) {
        Set<Multihash> out = new HashSet<>();
        for (Cid cid : dfsOrder(root)) {
            out.add(cid.multihash());
        }
        return out;
    }
}
