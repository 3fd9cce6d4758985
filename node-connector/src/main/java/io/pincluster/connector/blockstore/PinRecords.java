package io.pincluster.connector.blockstore;

import io.pincluster.core.block.BlockStoreException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.state.CidSortedMap;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.BiConsumer;
import java.util.function.UnaryOperator;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of local pins: an append-only journal ({@code pins/pins.journal}) of "pin CID with mode" and
 * "unpin CID" records, each with a CRC32C ({@link PinJournalFormat}). Changes are group-committed by one committer
 * thread: whatever queued while the previous fsync ran goes out in one write and one fsync. {@link #put} and
 * {@link #remove} return once their record is on disk; {@link #putAsync} returns a future for that, so a caller can
 * go on meanwhile. (A file per pin, as before, cost two fsyncs per pin; at thousands of pins per second those fsyncs
 * starved the Raft log's own.) When dead records
 * outnumber live ones the journal is rewritten with only the live pins (temp file, fsync, atomic rename), in CID
 * order; it is also rewritten when many records came out of CID order (a bulk pinning), once it has been quiet for
 * {@link #DEFAULT_QUIET} or as the set grows ({@link JournalRewritePolicy}). A replay in CID order appends to the
 * sorted pins; records in pinning order insert at random places (measured in decision 0001).
 * <p>
 * Replay stops at the first record that is short or fails its CRC when nothing whole follows it — the tail a crash
 * tore — and cuts the file there: such a record's call had not returned. A bad record with whole records after it
 * is damage, not a crash (a crash only tears the end): replay reports it ({@link #damage()}), skips to the next
 * whole record and goes on, then rewrites the journal with the pins it read. The damaged records' pins and unpins
 * are lost; the tracker puts them right from the pinset and the blocks the store holds (its catch-up pins every
 * allocated CID the store does not hold pinned, and unpins every local pin no longer allocated).
 * <p>
 * A failed write (a full disk) fails only the changes it carried and those queued behind it: the journal is cut
 * back to its last whole record, the in-memory pins are read back from it, so they show what the disk holds, and
 * the next change is written again. Callers retry; once space returns the journal takes changes without a reopen.
 * Pin files of the earlier one-file-per-pin layout ({@link LegacyPinFiles}) are taken over on open.
 */
final class PinRecords implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PinRecords.class);
    static final String JOURNAL = "pins.journal";
    /** How long the journal must see no change before records out of CID order are sorted by a rewrite. */
    static final Duration DEFAULT_QUIET = Duration.ofSeconds(5);
    private static final int REWRITE_CHUNK = 1 << 20;

    private final Path dir;
    /**
     * The live pins, sorted ({@link CidSortedMap}: ~19 bytes a pin where a {@code ConcurrentHashMap} took ~40, at
     * 10 million pins 0.2 GB); replaced whole when a failed write makes it read back from the disk.
     */
    private volatile CidSortedMap<PinMode> pins = CidSortedMap.withValues();
    private final Object lock = new Object();
    // Guarded by lock: changes waiting for the committer, the journal, the rewrite policy's counts, the first write
    // failure and whether close was called.
    private List<Change> pending = new ArrayList<>();
    private FileChannel journal;
    private final JournalRewritePolicy rewritePolicy = new JournalRewritePolicy();
    private volatile int rewrites; // tests
    private IOException broken;
    private boolean closing;
    private Thread committer;
    private final ChannelOpener opener;
    private volatile String damage;
    private volatile IOException lastWriteFailure;

    /** Opens the journal file; tests substitute one that fails like a full disk. */
    @FunctionalInterface
    interface ChannelOpener {
        FileChannel open(Path file) throws IOException;

        ChannelOpener FILES = file -> FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
    }

    private static final class Change {
        final Cid cid;
        final PinMode mode; // null: remove
        final boolean existed;
        final CompletableFuture<Boolean> durable = new CompletableFuture<>();

        Change(Cid cid, PinMode mode, boolean existed) {
            this.cid = cid;
            this.mode = mode;
            this.existed = existed;
        }
    }

    private final long quietNanos;

    private PinRecords(Path dir, ChannelOpener opener, Duration quiet) {
        this.dir = dir;
        this.opener = opener;
        this.quietNanos = quiet.toNanos();
    }

    /** Loads the pins kept in {@code dir}, creating it if needed and cutting a torn journal tail. */
    static PinRecords open(Path dir) throws IOException {
        return open(dir, ChannelOpener.FILES);
    }

    static PinRecords open(Path dir, ChannelOpener opener) throws IOException {
        return open(dir, opener, DEFAULT_QUIET);
    }

    /** As above with the quiet time before a sorting rewrite given (tests). */
    static PinRecords open(Path dir, ChannelOpener opener, Duration quiet) throws IOException {
        return open(dir, opener, quiet, UnaryOperator.identity());
    }

    /**
     * As above; each pinned CID read back is replaced by {@code canonical}'s answer for it (an equal CID object the
     * peer already holds, so it keeps one, not two), asked in the journal's order: CID order but for the records
     * appended since the last rewrite.
     */
    static PinRecords open(Path dir, ChannelOpener opener, Duration quiet, UnaryOperator<Cid> canonical)
            throws IOException {
        DurableFiles.createDirectoryDurably(dir);
        DurableFiles.deleteStaleTemps(dir);
        PinRecords records = new PinRecords(dir, opener, quiet);
        Path file = dir.resolve(JOURNAL);
        records.journal = opener.open(file);
        try {
            records.replay(canonical);
            if (records.damage != null) {
                records.rewrite(); // the damaged span goes, the records read around it stay
            }
            records.takeOverLegacyFiles();
        } catch (IOException | RuntimeException e) {
            records.journal.close();
            throw e;
        }
        records.committer = new Thread(records::commitLoop, "pin-journal");
        records.committer.setDaemon(true);
        records.committer.start();
        return records;
    }

    Optional<PinMode> get(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    /** Records a pin durably; the record replaces any earlier one for the same CID. */
    void put(Cid cid, PinMode mode) throws IOException {
        await(change(cid, mode));
    }

    /**
     * Records a pin: {@link #get} shows it at once, the future completes once it is on disk (or fails, and then
     * the map is read back from the disk, so the pin is gone again). Callers that do not wait let many records share
     * one fsync.
     */
    CompletableFuture<Void> putAsync(Cid cid, PinMode mode) {
        return change(cid, mode).thenApply(existed -> null);
    }

    /** Removes a pin durably; true if there was one. */
    boolean remove(Cid cid) throws IOException {
        return await(change(cid, null));
    }

    Map<Cid, PinMode> snapshot() {
        Map<Cid, PinMode> copy = new HashMap<>(Math.max(16, pins.size() * 4 / 3 + 1));
        pins.forEach(copy::put);
        return copy;
    }

    /** The CID object recorded for {@code cid}'s pin, or {@code cid} itself when it is not pinned. */
    Cid recordedInstance(Cid cid) {
        Cid stored = pins.storedKey(cid);
        return stored != null ? stored : cid;
    }

    /** Every pinned CID in CID order, read in place (weakly consistent under concurrent changes). */
    Iterator<Cid> cids() {
        return pins.keysAfter(null);
    }

    /** Every pin in CID order, without copying the set (weakly consistent under concurrent changes). */
    void forEach(BiConsumer<Cid, PinMode> action) {
        pins.forEach(action);
    }

    int size() {
        return pins.size();
    }

    /** What replay found damaged in the middle of the journal (records lost), or null when it read whole. */
    String damage() {
        return damage;
    }

    /** The error of the last write when it failed and no write succeeded since; null otherwise. */
    IOException lastWriteFailure() {
        return lastWriteFailure;
    }

    /**
     * Applies the change to the map and queues it for the committer, in one step under the lock, so the journal
     * holds the changes in the order the map took them. The committer writes everything queued in one write and
     * one fsync, so records per fsync grow with the load instead of with the number of waiting threads.
     */
    private CompletableFuture<Boolean> change(Cid cid, PinMode mode) {
        synchronized (lock) {
            if (broken != null) {
                return CompletableFuture.failedFuture(brokenError());
            }
            if (closing) {
                return CompletableFuture.failedFuture(new IOException("the pin journal in " + dir + " is closed"));
            }
            boolean existed = mode == null ? pins.remove(cid) != null : pins.put(cid, mode) != null;
            Change change = new Change(cid, mode, existed);
            pending.add(change);
            if (pending.size() == 1) {
                lock.notifyAll();
            }
            return change.durable;
        }
    }

    private IOException brokenError() {
        return new BlockStoreException("the pin journal in " + dir + " cannot be written: " + broken.getMessage(),
                broken);
    }

    /** Waits for a journal future; its failure is rethrown as the IOException it carries. */
    static <T> T await(CompletableFuture<T> durable) throws IOException {
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    return durable.get();
                } catch (InterruptedException e) {
                    interrupted = true; // the change is on its way to disk: wait for the outcome
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * The committer thread: writes what is queued until close, then what was queued before close; sorts the journal
     * by a rewrite once it has been quiet for the quiet time with records out of order.
     */
    private void commitLoop() {
        while (true) {
            List<Change> batch;
            IOException failedBefore;
            boolean sortNow = false;
            synchronized (lock) {
                long quietSince = System.nanoTime();
                while (pending.isEmpty() && !closing) {
                    boolean sortDue = broken == null && rewritePolicy.sortWhenQuiet();
                    long waitNanos = sortDue ? quietNanos - (System.nanoTime() - quietSince) : 0;
                    if (sortDue && waitNanos <= 0) {
                        sortNow = true;
                        break;
                    }
                    try {
                        lock.wait(waitNanos == 0 ? 0 : Math.max(1, waitNanos / 1_000_000));
                    } catch (InterruptedException e) {
                        closing = true; // only close interrupts; what is queued is still written below
                    }
                }
                if (!sortNow && pending.isEmpty()) {
                    return;
                }
            }
            if (sortNow) {
                compact("sorting " + rewritePolicy.unsorted() + " records written out of CID order");
                continue;
            }
            synchronized (lock) {
                batch = pending;
                pending = new ArrayList<>();
                failedBefore = broken;
            }
            IOException error = failedBefore != null ? brokenError() : writeBatch(batch);
            List<Change> failed = batch;
            if (error != null && failedBefore == null) {
                failed = new ArrayList<>(batch);
                failed.addAll(recoverFromFailedWrite(error));
            }
            for (Change c : batch) {
                if (error == null) {
                    c.durable.complete(c.existed);
                }
            }
            if (error != null) {
                failed.forEach(c -> c.durable.completeExceptionally(error));
            }
        }
    }

    /**
     * After a failed write: the changes queued meanwhile were applied to the map on top of the failed ones, so they
     * fail too (their callers retry), and the map is read back from the journal, which was cut back to its last
     * whole record: what {@link #get} shows is again what the disk holds. Returns the queued changes failed here.
     * When even reading back fails, the journal stays broken until reopened, as before.
     */
    private List<Change> recoverFromFailedWrite(IOException error) {
        synchronized (lock) {
            List<Change> queued = pending;
            pending = new ArrayList<>();
            try {
                CidSortedMap<PinMode> onDisk = CidSortedMap.withValues();
                rewritePolicy.rereading();
                replayRecords(readAll(), false, onDisk, UnaryOperator.identity());
                pins = onDisk; // one swap: readers never see an empty or half-read map
                broken = null;
                LOG.warn("pin journal {}: a write failed ({}); the changes it carried failed and will be retried by"
                        + " their callers, the journal takes changes again", dir.resolve(JOURNAL), error.getMessage());
            } catch (IOException | RuntimeException e) {
                error.addSuppressed(e);
                broken = error;
                LOG.error("pin journal {}: a write failed and the journal could not be read back; it refuses"
                        + " changes until the store is reopened", dir.resolve(JOURNAL), e);
            }
            return queued;
        }
    }

    /**
     * Appends and fsyncs a batch without the lock (callers keep queuing meanwhile; only this thread writes), then
     * counts it and compacts if due. On a failure the partial batch is cut off and the caller recovers
     * ({@link #recoverFromFailedWrite}); the journal is broken (refusing changes) only until then.
     */
    private IOException writeBatch(List<Change> batch) {
        long start = -1;
        try {
            start = journal.size();
            ByteBuffer buf = encode(batch);
            long at = start;
            while (buf.hasRemaining()) {
                at += journal.write(buf, at);
            }
            journal.force(false);
        } catch (IOException e) {
            IOException failure = new BlockStoreException("cannot write the pin journal " + dir.resolve(JOURNAL)
                    + " (is the disk full or read-only?): " + e.getMessage() + "; the pin is retried", e);
            synchronized (lock) {
                broken = failure;
                if (start >= 0) {
                    cutBack(start, failure);
                }
            }
            lastWriteFailure = failure;
            return failure;
        }
        lastWriteFailure = null;
        boolean mostlyDead;
        boolean mostlyUnsorted;
        synchronized (lock) {
            for (Change c : batch) {
                rewritePolicy.appended(c.cid);
            }
            mostlyDead = rewritePolicy.deadOutnumberLive(pins.size());
            mostlyUnsorted = rewritePolicy.sortWhileBusy(pins.size());
        }
        if (mostlyDead || mostlyUnsorted) {
            compact(mostlyDead ? "dead records outnumber the live pins" : "most records are out of CID order");
        }
        return null;
    }

    /** How many times the journal was rewritten since it was opened. */
    int rewrites() {
        return rewrites;
    }

    /** A failed write may have left part of a batch behind: cut it, so the journal on disk ends on a whole record. */
    private void cutBack(long size, IOException cause) {
        try {
            journal.truncate(size);
            journal.force(false);
        } catch (IOException e) {
            cause.addSuppressed(e);
        }
    }

    private static ByteBuffer encode(List<Change> batch) {
        int size = 0;
        for (Change c : batch) {
            size += PinJournalFormat.length(c.cid);
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        CRC32C crc = new CRC32C();
        for (Change c : batch) {
            PinJournalFormat.write(buf, crc, c.cid, c.mode);
        }
        return buf.flip();
    }

    /**
     * The journal mapped read-only rather than read onto the heap: at 10 million pins it is ~450 MB, which a restart
     * would otherwise hold on the heap beside the pins it decodes.
     */
    private ByteBuffer readAll() throws IOException {
        long size = Math.min(Integer.MAX_VALUE - 8, journal.size());
        if (size == 0) {
            return ByteBuffer.allocate(0);
        }
        return journal.map(FileChannel.MapMode.READ_ONLY, 0, size);
    }

    private void replay(UnaryOperator<Cid> canonical) throws IOException {
        long size = journal.size();
        long good = replayRecords(readAll(), true, pins, canonical);
        if (damage == null && good < size) {
            LOG.warn("pin journal {}: cutting {} bytes after the last whole record at {} (a write torn by a crash)",
                    dir.resolve(JOURNAL), size - good, good);
            journal.truncate(good);
            journal.force(false);
        }
    }

    /**
     * Applies the whole records in {@code buf} to the map; returns the end of the last one. A bad record followed
     * by whole records is damage: with {@code resync} it is reported and skipped (replay goes on at the next whole
     * record), without it replay stops there.
     */
    private long replayRecords(ByteBuffer buf, boolean resync, CidSortedMap<PinMode> into,
                               UnaryOperator<Cid> canonical) {
        long good = 0;
        long skipped = 0;
        int at = 0;
        while (at < buf.limit()) {
            int end = decodeRecord(buf, at, into, canonical);
            if (end < 0) {
                int next = resync ? PinJournalFormat.nextWhole(buf, at + 1) : -1;
                if (next < 0) {
                    break; // nothing whole follows: a torn tail
                }
                skipped += next - at;
                at = next;
                continue;
            }
            at = end;
            good = end;
        }
        if (skipped > 0) {
            damage = "the pin journal " + dir.resolve(JOURNAL) + " had " + skipped + " damaged bytes in its middle,"
                    + " skipped; the pins recorded there are rebuilt from the cluster's pinset and the blocks held";
            LOG.error("{}", damage);
        }
        return good;
    }

    /** Applies the record at {@code at} and returns where it ends, or -1 when no whole, valid record starts there. */
    private int decodeRecord(ByteBuffer buf, int at, CidSortedMap<PinMode> into, UnaryOperator<Cid> canonical) {
        PinJournalFormat.Record r = PinJournalFormat.read(buf, at);
        if (r == null) {
            return -1;
        }
        if (r.mode() != null) {
            into.put(canonical.apply(r.cid()), r.mode());
        } else {
            into.remove(r.cid());
        }
        rewritePolicy.replayed(r.cid());
        return r.end();
    }

    /** Moves pins recorded as one file each (the earlier layout) into the journal, then deletes the files. */
    private void takeOverLegacyFiles() throws IOException {
        List<LegacyPinFiles.LegacyPin> legacy = LegacyPinFiles.read(dir);
        if (legacy.isEmpty()) {
            return;
        }
        for (LegacyPinFiles.LegacyPin p : legacy) {
            pins.put(p.cid(), p.mode());
        }
        rewrite();
        for (LegacyPinFiles.LegacyPin p : legacy) {
            Files.deleteIfExists(p.file());
        }
        DurableFiles.fsyncDirectory(dir);
    }

    /** A rewrite by the committer; a failure keeps the old journal, and a later batch tries again. */
    private void compact(String why) {
        long start = System.nanoTime();
        try {
            long live = rewrite();
            LOG.info("pin journal {}: rewritten with its {} live pins in CID order in {} ms ({})",
                    dir.resolve(JOURNAL), live, (System.nanoTime() - start) / 1_000_000, why);
        } catch (IOException | UncheckedIOException e) {
            // The old journal is still whole and correct; only its size and order suffer.
            LOG.warn("pin journal {}: compaction failed, keeping the longer journal: {}", dir.resolve(JOURNAL),
                    e.toString());
            synchronized (lock) {
                rewritePolicy.rewriteFailed(); // not again on the very next batch
            }
        }
    }

    /**
     * Replaces the journal by one holding only the live pins, in CID order; returns how many. Runs while opening
     * before the committer starts, or on the committer between batches: no batch is ever in flight. The pins are
     * written without the lock, a chunk at a time (no copy of the set): changes made meanwhile queue and are
     * written after the swap, into the new journal, so they win over whatever the dump saw of them. Only the swap
     * holds the lock.
     */
    private long rewrite() throws IOException {
        Path temp = Files.createTempFile(dir, DurableFiles.TEMP_PREFIX, DurableFiles.TEMP_SUFFIX);
        long[] written = {0};
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = ByteBuffer.allocate(REWRITE_CHUNK);
            CRC32C crc = new CRC32C();
            pins.forEach((cid, mode) -> {
                if (buf.remaining() < PinJournalFormat.length(cid)) {
                    drain(buf, ch);
                }
                PinJournalFormat.write(buf, crc, cid, mode);
                written[0]++;
            });
            drain(buf, ch);
            ch.force(true);
        } catch (UncheckedIOException e) {
            Files.deleteIfExists(temp);
            throw e.getCause();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        synchronized (lock) {
            Path file = dir.resolve(JOURNAL);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            DurableFiles.fsyncDirectory(dir);
            FileChannel old = journal;
            journal = opener.open(file);
            old.close();
            rewritePolicy.rewritten(written[0]);
            rewrites++;
        }
        return written[0];
    }

    private static void drain(ByteBuffer buf, FileChannel ch) {
        buf.flip();
        try {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        buf.clear();
    }

    /** Writes what is queued, stops the committer and closes the journal. */
    @Override
    public void close() throws IOException {
        synchronized (lock) {
            closing = true;
            lock.notifyAll();
        }
        boolean interrupted = false;
        while (committer != null && committer.isAlive()) {
            try {
                committer.join();
            } catch (InterruptedException e) {
                interrupted = true; // queued records are being written: let that finish
            }
        }
        synchronized (lock) {
            journal.close();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
