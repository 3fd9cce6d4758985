package io.pincluster.ipld.dag;

import io.pincluster.core.block.LinkReader;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Walks a DAG depth-first in link order (the order CAR export and Kubo use), visiting each CID once. A block
 * that cannot be read is reported as missing and its subtree is skipped. The walk is iterative, so deep DAGs
 * cannot overflow the stack.
 */
public final class DagWalker {

    /** Reads one block; returns null when it is absent (or was found corrupt). */
    @FunctionalInterface
    public interface BlockSource {
        byte[] read(Cid cid) throws IOException;
    }

    /** Receives the walk's events; throwing from a callback ends the walk. */
    public interface Visitor {
        /** A present block. {@code block} is null for raw blocks when the walk was told not to read them. */
        void block(Cid cid, byte[] block) throws IOException;

        void missing(Cid cid) throws IOException;
    }

    /** Answers presence without reading, used to skip reading leaves that cannot have links. */
    @FunctionalInterface
    public interface Presence {
        boolean has(Cid cid) throws IOException;
    }

    private final BlockSource source;
    private final LinkReader links;

    public DagWalker(BlockSource source, LinkReader links) {
        this.source = source;
        this.links = links;
    }

    /** Walks from {@code root}, reading every block. */
    public void walk(Cid root, Visitor visitor) throws IOException {
        walk(root, visitor, null);
    }

    /** The blocks of {@code root}'s DAG that are absent, in walk order; raw leaves are only checked for presence. */
    public List<Cid> missing(Cid root, Presence rawPresence) throws IOException {
        List<Cid> missing = new ArrayList<>();
        walk(root, new Visitor() {
            @Override
            public void block(Cid cid, byte[] block) {
            }

            @Override
            public void missing(Cid cid) {
                missing.add(cid);
            }
        }, rawPresence);
        return missing;
    }

    /**
     * Walks from {@code root}; when {@code rawPresence} is given, raw blocks (which have no links) are only
     * checked for presence, not read, and reach the visitor with a null block.
     */
    public void walk(Cid root, Visitor visitor, Presence rawPresence) throws IOException {
        Deque<Cid> stack = new ArrayDeque<>();
        Set<Cid> seen = new HashSet<>();
        stack.push(root);
        while (!stack.isEmpty()) {
            Cid cid = stack.pop();
            if (!seen.add(cid)) {
                continue;
            }
            if (rawPresence != null && cid.codec() == Codec.RAW) {
                if (rawPresence.has(cid)) {
                    visitor.block(cid, null);
                } else {
                    visitor.missing(cid);
                }
                continue;
            }
            byte[] block = source.read(cid);
            if (block == null) {
                visitor.missing(cid);
                continue;
            }
            visitor.block(cid, block);
            List<Cid> children = links.links(cid, block);
            for (int i = children.size() - 1; i >= 0; i--) {
                if (!seen.contains(children.get(i))) {
                    stack.push(children.get(i));
                }
            }
        }
    }
}
