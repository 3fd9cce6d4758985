package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockNotFoundException;
import io.pincluster.core.block.BlockStore;
import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.block.BlockTooLargeException;
import io.pincluster.core.block.CorruptBlockException;
import io.pincluster.core.block.HashMismatchException;
import io.pincluster.core.block.IncompleteDagException;
import io.pincluster.core.block.LinkReader;
import io.pincluster.core.block.LocalPins;
import io.pincluster.core.block.PinnedBlockException;
import io.pincluster.core.block.StorageFullException;
import io.pincluster.core.block.StoreStats;
import io.pincluster.core.block.WriteSession;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidInstances;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.PinMode;
import io.pincluster.ipld.dag.DagWalker;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * The block store a peer runs without Kubo: blocks as files in Kubo's flatfs layout under
 * {@code <root>/blocks}, the pins in a journal under {@code <root>/pins} ({@link PinRecords}), corrupt blocks
 * moved to {@code <root>/quarantine}. Every write is atomic and fsynced, so after {@code kill -9} a block or pin
 * is either fully there or absent, and everything acknowledged is there.
 *
 * <p>Hashes are checked on put and on every read; a stored block that fails the check is quarantined and
 * reported with {@link CorruptBlockException}, never returned. Thread-safe: operations on one multihash are
 * serialized by lock stripes, everything else runs in parallel. One process owns a store at a time (a lock
 * file enforces it); {@link #close()} releases it.
 */
public final class EmbeddedBlockStore implements BlockStore, LocalPins, AutoCloseable {
    private final BlockStoreConfig config;
    private final BlockFiles files;
    private final PinRecordsLoader pins;
    private final FileChannel lockChannel;
    private final FileLock ownerLock;
    private final LockStripes stripes = new LockStripes(256);
    private final GcGuard guard = new GcGuard();
    private final AtomicLong repoSize;
    private final DagWalker walker;
    private final GarbageCollector collector;
    private final WriteHealth writeHealth;

    private EmbeddedBlockStore(BlockStoreConfig config, LinkReader links, BlockFiles files, PinRecordsLoader pins,
            FileChannel lockChannel, FileLock ownerLock) {
        this.config = config;
        this.files = files;
        this.pins = pins;
        this.lockChannel = lockChannel;
        this.ownerLock = ownerLock;
        this.repoSize = new AtomicLong(files.totalBytes());
        this.walker = new DagWalker(this::readOrNull, links);
        this.collector = new GarbageCollector(files, pins::get, stripes, guard, walker,
                freed -> repoSize.addAndGet(-freed));
        this.writeHealth = new WriteHealth(config.root().resolve("pins"), () -> config.storageMax() - repoSize.get(),
                System::nanoTime);
    }

    /**
     * Opens (or creates) the store in {@code config.root()}: removes temp files left by interrupted writes,
     * rebuilds the size accounting from the block files and reads the pins.
     *
     * @param links reads the links of blocks, by codec, to walk DAGs for pins, GC and missing-block reports
     * @throws BlockStoreException another process holds the store, or its folders are not a block store's
     */
    public static EmbeddedBlockStore open(BlockStoreConfig config, LinkReader links) throws IOException {
        return open(config, links, true);
    }

    /**
     * As {@link #open(BlockStoreConfig, LinkReader)}, leaving the pins to {@link #readPins}: a peer reads them once
     * its pinset is loaded and its APIs are up. Anything that needs them before waits for them (and reads them
     * itself when nobody started to).
     */
    public static EmbeddedBlockStore openReadingPinsLater(BlockStoreConfig config, LinkReader links)
            throws IOException {
        return open(config, links, false);
    }

    private static EmbeddedBlockStore open(BlockStoreConfig config, LinkReader links, boolean readPinsNow)
            throws IOException {
        Objects.requireNonNull(links, "links");
        Path root = config.root();
        DurableFiles.createDirectoryDurably(root);
        FileChannel lockChannel = FileChannel.open(root.resolve("repo.lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        try {
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new BlockStoreException("block store " + root + " is in use by another process");
            }
            BlockFiles files = BlockFiles.open(root.resolve("blocks"), root.resolve("quarantine"));
            PinRecordsLoader pins = readPinsNow ? PinRecordsLoader.now(root.resolve("pins"))
                    : PinRecordsLoader.later(root.resolve("pins"));
            return new EmbeddedBlockStore(config, links, files, pins, lockChannel, lock);
        } catch (IOException | RuntimeException e) {
            lockChannel.close();
            throw e;
        }
    }

    @Override
    public boolean has(Cid cid) {
        return isIdentity(cid) || files.contains(cid.multihash());
    }

    /**
     * Like {@link #has} but asks the disk rather than the in-memory index, and drops the index entry of a block
     * file that vanished behind the store's back (deleted by hand, lost with a disk). For repair: a DAG whose files
     * went missing must be reported incomplete and its blocks accepted again.
     */
    public boolean hasOnDisk(Cid cid) throws IOException {
        if (isIdentity(cid)) {
            return true;
        }
        Multihash mh = cid.multihash();
        if (!files.contains(mh)) {
            return false;
        }
        if (files.existsOnDisk(mh)) {
            return true;
        }
        forgetVanished(mh);
        return false;
    }

    private void forgetVanished(Multihash mh) throws IOException {
        ReentrantLock lock = stripes.forKey(mh);
        lock.lock();
        try {
            if (files.contains(mh) && !files.existsOnDisk(mh)) {
                long size = files.remove(mh);
                if (size >= 0) {
                    repoSize.addAndGet(-size);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] get(Cid cid) throws IOException {
        byte[] data = readVerified(cid);
        if (data == null) {
            throw new BlockNotFoundException(cid);
        }
        return data;
    }

    /** Like {@link #get} but returns null for an absent block; a corrupt one is still quarantined and thrown. */
    private byte[] readVerified(Cid cid) throws IOException {
        Multihash mh = cid.multihash();
        if (isIdentity(cid)) {
            return mh.digest();
        }
        byte[] data = files.read(mh);
        if (data == null && files.contains(mh)) {
            forgetVanished(mh);
        }
        if (data == null || mh.matches(data)) {
            return data;
        }
        quarantineIfStillCorrupt(mh);
        throw new CorruptBlockException(cid);
    }

    /** The walker's view: a corrupt block (now quarantined) counts as missing. */
    private byte[] readOrNull(Cid cid) throws IOException {
        try {
            return readVerified(cid);
        } catch (CorruptBlockException e) {
            return null;
        }
    }

    private void quarantineIfStillCorrupt(Multihash mh) throws IOException {
        ReentrantLock lock = stripes.forKey(mh);
        lock.lock();
        try {
            // A put may have replaced the bad file with a good one since it was read.
            byte[] again = files.read(mh);
            if (again != null && !mh.matches(again)) {
                long size = files.quarantine(mh);
                if (size >= 0) {
                    repoSize.addAndGet(-size);
                }
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void put(Cid cid, byte[] block) throws IOException {
        Objects.requireNonNull(block, "block");
        Multihash mh = cid.multihash();
        if (block.length > config.maxBlockSize()) {
            throw new BlockTooLargeException(cid, block.length, config.maxBlockSize());
        }
        if (!mh.matches(block)) {
            throw new HashMismatchException(cid);
        }
        if (isIdentity(cid)) {
            return;
        }
        Lock shared = guard.shared();
        shared.lock();
        ReentrantLock lock = stripes.forKey(mh);
        lock.lock();
        try {
            guard.protect(mh);
            if (files.contains(mh)) {
                if (files.existsOnDisk(mh)) {
                    return;
                }
                repoSize.addAndGet(-Math.max(0, files.remove(mh))); // vanished from disk: write it again
            }
            try {
                reserve(cid, block.length);
            } catch (StorageFullException e) {
                writeHealth.blockFailed(e, block.length);
                throw e;
            }
            try {
                files.write(mh, block);
                writeHealth.blockWritten();
            } catch (IOException e) {
                repoSize.addAndGet(-block.length);
                writeHealth.blockFailed(e, block.length);
                throw e;
            } catch (RuntimeException e) {
                repoSize.addAndGet(-block.length);
                throw e;
            }
        } finally {
            lock.unlock();
            shared.unlock();
        }
    }

    private void reserve(Cid cid, long bytes) throws StorageFullException {
        long current;
        do {
            current = repoSize.get();
            if (current + bytes > config.storageMax()) {
                throw new StorageFullException(cid, bytes, current, config.storageMax());
            }
        } while (!repoSize.compareAndSet(current, current + bytes));
    }

    @Override
    public boolean delete(Cid cid) throws IOException {
        if (isIdentity(cid)) {
            return false;
        }
        Multihash mh = cid.multihash();
        Cid[] pinnedRoot = new Cid[1]; // walked in place: a copy of a 10M-pin set per delete would cost ~0.5 GB
        pins.get().forEach((root, mode) -> {
            if (pinnedRoot[0] == null && root.multihash().equals(mh)) {
                pinnedRoot[0] = root;
            }
        });
        if (pinnedRoot[0] != null) {
            throw new PinnedBlockException(pinnedRoot[0]);
        }
        ReentrantLock lock = stripes.forKey(mh);
        lock.lock();
        try {
            long size = files.remove(mh);
            if (size < 0) {
                return false;
            }
            repoSize.addAndGet(-size);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public OptionalLong size(Cid cid) {
        if (isIdentity(cid)) {
            return OptionalLong.of(cid.multihash().digest().length);
        }
        int size = files.sizeOf(cid.multihash());
        return size < 0 ? OptionalLong.empty() : OptionalLong.of(size);
    }

    @Override
    public StoreStats stats() {
        return new StoreStats(repoSize.get(), config.storageMax(), files.count());
    }

    @Override
    public WriteSession writeSession() {
        return new GuardedWriteSession(this, guard);
    }

    @Override
    public Iterator<Multihash> keys() {
        return files.keys();
    }

    @Override
    public void pin(Cid cid, PinMode mode) throws IOException {
        PinRecords.await(pinAsync(cid, mode));
    }

    /**
     * Checks the DAG is complete and records the pin; the future completes once the record is on disk. The pin
     * counts for GC at once, so its blocks are safe from the moment this returns.
     *
     * @throws IncompleteDagException a block of a recursive pin's DAG is missing
     * @throws BlockNotFoundException the block of a direct pin is missing
     */
    public CompletableFuture<Void> pinAsync(Cid cid, PinMode mode) throws IOException {
        Lock shared = guard.shared();
        shared.lock();
        try {
            if (mode == PinMode.DIRECT) {
                if (!protectIfPresent(cid)) {
                    throw new BlockNotFoundException(cid);
                }
                PinRecords records = pins.get();
                return records.get(cid).orElse(null) == PinMode.RECURSIVE ? CompletableFuture.completedFuture(null)
                        : records.putAsync(cid, PinMode.DIRECT);
            }
            walker.walk(cid, new DagWalker.Visitor() {
                @Override
                public void block(Cid c, byte[] block) {
                }

                @Override
                public void missing(Cid c) throws IncompleteDagException {
                    throw new IncompleteDagException(cid, c);
                }
            }, this::protectIfPresent);
            return pins.get().putAsync(cid, PinMode.RECURSIVE);
        } finally {
            shared.unlock();
        }
    }

    /**
     * Protects the block from a running GC, then checks it is there. Both happen under the key's stripe, the
     * lock the sweep holds between its own check and delete, so the block is either kept or reported missing.
     */
    private boolean protectIfPresent(Cid cid) {
        if (isIdentity(cid)) {
            return true;
        }
        Multihash mh = cid.multihash();
        ReentrantLock lock = stripes.forKey(mh);
        lock.lock();
        try {
            guard.protect(mh);
            return files.contains(mh);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean unpin(Cid cid) throws IOException {
        return pins.get().remove(cid);
    }

    @Override
    public Optional<PinMode> pinMode(Cid cid) {
        return pins.get().get(cid);
    }

    public int pinCount() {
        return pins.get().size();
    }

    @Override
    public Map<Cid, PinMode> listPins() {
        return pins.get().snapshot();
    }

    /**
     * The CID object this store's pin of {@code cid} holds, or {@code cid} when it holds no pin of it: the pinset
     * loaded at start takes these, so a pinned CID is one object in the peer, not two.
     */
    public Cid pinnedInstance(Cid cid) {
        return pins.get().recordedInstance(cid);
    }

    /**
     * {@link #pinnedInstance} for CIDs asked in ascending order (a snapshot load): one pass over the pin records beside
     * them, a comparison or two per CID instead of a search (10M identity CIDs sharing their first bytes: ~3 s of a
     * restart in searches). A CID below the previous one asked is looked up.
     */
    public UnaryOperator<Cid> pinnedInstancesInOrder() {
        PinRecords records = pins.get();
        return CidInstances.inOrder(records.cids(), records::recordedInstance);
    }

    /**
     * Starts reading the pins of a store opened with {@link #openReadingPinsLater} on a thread of its own, each
     * pinned CID replaced by {@code canonical}'s answer for it (the equal CID object the peer's pinset holds, asked
     * in ascending order but for the journal's unsorted tail); nothing when they are read or being read. The future
     * completes once they are read, exceptionally when they cannot be (then {@link #writeProblem} says why).
     */
    public CompletableFuture<Void> readPins(UnaryOperator<Cid> canonical) {
        return pins.start(canonical);
    }

    /** True once the pins are read; never waits. */
    public boolean pinsRead() {
        return pins.isRead();
    }

    /**
     * Every pinned root in CID order, read in place: the tracker's catch-up walks them after every start, and a
     * sorted copy of a 10-million-pin map took it most of a minute (sorting identity CIDs that share their first
     * bytes) and ~0.5 GB.
     */
    public Stream<Cid> pinnedRoots() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(pins.get().cids(),
                Spliterator.ORDERED | Spliterator.SORTED | Spliterator.DISTINCT | Spliterator.NONNULL), false);
    }

    @Override
    public List<Cid> missingBlocks(Cid root) throws IOException {
        return walker.missing(root, this::hasOnDisk);
    }

    /**
     * Deletes every block that no pin keeps. Safe to run alongside puts and pins: a block put, or walked by a
     * pin, while the GC runs is kept.
     */
    public GcResult collectGarbage() throws IOException {
        return collectGarbage(Stream::empty);
    }

    /**
     * As {@link #collectGarbage()}, also keeping the whole DAG of every root {@code alsoKeep} names: content this
     * peer is about to pin (allocated in the cluster's pinset, not yet pinned by its tracker) must survive a GC
     * that runs in between.
     */
    public GcResult collectGarbage(Supplier<Stream<Cid>> alsoKeep) throws IOException {
        return collector.collect(alsoKeep);
    }

    /**
     * Reads and hashes every stored block, quarantining the ones that fail; returns their multihashes. A full
     * scrub, for start-up checks and tests; ordinary reads already verify what they return.
     */
    public List<Multihash> verifyAll() throws IOException {
        List<Multihash> corrupt = new ArrayList<>();
        for (Multihash mh : files.keySnapshot()) {
            byte[] data = files.read(mh);
            if (data != null && !mh.matches(data)) {
                quarantineIfStillCorrupt(mh);
                corrupt.add(mh);
            }
        }
        return corrupt;
    }

    public BlockStoreConfig config() {
        return config;
    }

    /**
     * Why the store cannot take writes now (its limit is reached, the disk is full or read-only), or empty when it
     * can. Clears by itself once a write succeeds or space returns; see {@link WriteHealth}.
     */
    public Optional<String> writeProblem() {
        Optional<String> unreadable = pins.failure();
        if (unreadable.isPresent()) {
            return unreadable;
        }
        PinRecords records = pins.ifRead(); // never waits: readiness asks while the pins are read
        return writeHealth.problem(records == null ? null : records.lastWriteFailure());
    }

    /**
     * What opening found damaged in the middle of the pin journal, or empty. The records around the damage were
     * kept; the pins recorded in it must be rebuilt from the cluster's pinset (the tracker's catch-up does).
     */
    public Optional<String> journalDamage() {
        return Optional.ofNullable(pins.get().damage());
    }

    @Override
    public void close() throws IOException {
        try {
            pins.close();
        } finally {
            try {
                ownerLock.release();
            } finally {
                lockChannel.close();
            }
        }
    }

    private static boolean isIdentity(Cid cid) {
        return cid.multihash().code() == Multihash.IDENTITY;
    }
}
