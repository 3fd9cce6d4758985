package io.pincluster.ipld.testing;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.block.LocalPins;
import io.pincluster.core.block.PinnedBlockException;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dag.DagWalker;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A {@link BlockStore} and {@link LocalPins} in memory, for tests of code that needs only those contracts (the
 * codecs, CAR, the gateway). It keeps the contract's observable rules: puts are hash-checked, identity CIDs are
 * inline, a block that no longer matches its hash is dropped when read ({@link CorruptBlockException}), recursive
 * pins need the whole DAG and pinned roots cannot be deleted. It has no garbage collector, so a
 * {@link WriteSession} only forwards puts.
 */
public final class InMemoryBlockStore implements BlockStore, LocalPins {
    private final Map<Multihash, byte[]> blocks = new ConcurrentHashMap<>();
    private final Map<Cid, PinMode> pins = new ConcurrentHashMap<>();
    private final DagWalker walker;

    /** A store whose DAGs are dag-pb and raw, as the importer writes them. */
    public InMemoryBlockStore() {
        this(new DagPbLinkReader());
    }

    public InMemoryBlockStore(LinkReader links) {
        this.walker = new DagWalker(this::readOrNull, links);
    }

    @Override
    public boolean has(Cid cid) {
        return isIdentity(cid) || blocks.containsKey(cid.multihash());
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        if (isIdentity(cid)) {
            return cid.multihash().digest();
        }
        byte[] block = blocks.get(cid.multihash());
        if (block == null) {
            throw new BlockNotFoundException(cid);
        }
        if (!cid.multihash().matches(block)) {
            blocks.remove(cid.multihash(), block);
            throw new CorruptBlockException(cid);
        }
        return block.clone();
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        if (!cid.multihash().matches(block)) {
            throw new HashMismatchException(cid);
        }
        if (!isIdentity(cid)) {
            blocks.putIfAbsent(cid.multihash(), block.clone());
        }
    }

    /** Replaces the stored bytes of {@code cid} without any check, as a disk fault or outside tampering would. */
    public void tamper(Cid cid, byte[] replacement) {
        blocks.put(cid.multihash(), replacement.clone());
    }

    @Override
    public boolean delete(Cid cid) throws IOException {
        for (Cid pinned : pins.keySet()) {
            if (pinned.multihash().equals(cid.multihash())) {
                throw new PinnedBlockException(cid);
            }
        }
        return blocks.remove(cid.multihash()) != null;
    }

    @Override
    public OptionalLong size(Cid cid) {
        byte[] block = blocks.get(cid.multihash());
        return block == null ? OptionalLong.empty() : OptionalLong.of(block.length);
    }

    @Override
    public StoreStats stats() {
        long bytes = 0;
        long count = 0;
        for (byte[] block : blocks.values()) {
            bytes += block.length;
            count++;
        }
        return new StoreStats(bytes, Long.MAX_VALUE, count);
    }

    @Override
    public WriteSession writeSession() {
        return new WriteSession() {
            @Override
            public void put(Cid cid, byte[] block) throws IOException {
                InMemoryBlockStore.this.put(cid, block);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public Iterator<Multihash> keys() {
        return blocks.keySet().iterator();
    }

    @Override
    public void pin(Cid cid, PinMode mode) throws IOException {
        if (mode == PinMode.RECURSIVE) {
            List<Cid> missing = missingBlocks(cid);
            if (!missing.isEmpty()) {
                throw new IncompleteDagException(cid, missing.get(0));
            }
            pins.put(cid, PinMode.RECURSIVE);
        } else {
            if (!has(cid)) {
                throw new BlockNotFoundException(cid);
            }
            pins.putIfAbsent(cid, mode);
        }
    }

    @Override
    public boolean unpin(Cid cid) {
        return pins.remove(cid) != null;
    }

    @Override
    public Optional<PinMode> pinMode(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    @Override
    public Map<Cid, PinMode> listPins() {
        return Map.copyOf(pins);
    }

    @Override
    public List<Cid> missingBlocks(Cid root) throws IOException {
        return walker.missing(root, this::has);
    }

    private byte[] readOrNull(Cid cid) throws IOException {
        try {
            return get(cid);
        } catch (BlockNotFoundException | CorruptBlockException e) {
            return null;
        }
    }

    private static boolean isIdentity(Cid cid) {
        return cid.multihash().code() == Multihash.IDENTITY;
    }
}
