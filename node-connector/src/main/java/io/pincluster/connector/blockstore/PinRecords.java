package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import io.pincluster.core.pin.PinMode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The durable record of local pins: an append-only journal ({@code pins/pins.journal}) of "pin CID with mode" and
 * "unpin CID" records, each with a CRC32C. Changes are group-committed: concurrent callers' records go out in one
 * write and one fsync, and every call returns only once its record is on disk. (A file per pin, as before, cost
 * two fsyncs per pin; at thousands of pins per second those fsyncs starved the Raft log's own.) When dead records
 * outnumber live ones the journal is rewritten with only the live pins (temp file, fsync, atomic rename).
 * <p>
 * Replay stops at the first record that is short or fails its CRC — the tail a crash tore — and cuts the file
 * there: such a record's call had not returned. Pin files of the earlier one-file-per-pin layout are taken over
 * on open.
 */
final class PinRecords implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PinRecords.class);
    static final String JOURNAL = "pins.journal";
    private static final String LEGACY_SUFFIX = ".pin";
    private static final byte OP_PUT = 1;
    private static final byte OP_REMOVE = 2;
    /** op, mode, CID length (2 bytes), then the CID and a 4-byte CRC. */
    private static final int HEADER = 4;
    private static final int MIN_RECORDS_BEFORE_COMPACTION = 4096;

    private final Path dir;
    private final Map<Cid, PinMode> pins = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    // Guarded by lock: changes waiting for the next group commit, whether a thread is committing, the journal,
    // its record count and the count at which a failed compaction is tried again.
    private List<Change> pending = new ArrayList<>();
    private boolean committing;
    private FileChannel journal;
    private long records;
    private long retryCompactionAt;
    private IOException broken;

    private static final class Change {
        final Cid cid;
        final PinMode mode; // null: remove
        boolean done;
        IOException error;
        boolean existed;

        Change(Cid cid, PinMode mode) {
            this.cid = cid;
            this.mode = mode;
        }
    }

    private PinRecords(Path dir) {
        this.dir = dir;
    }

    /** Loads the pins kept in {@code dir}, creating it if needed and cutting a torn journal tail. */
    static PinRecords open(Path dir) throws IOException {
        DurableFiles.createDirectoryDurably(dir);
        DurableFiles.deleteStaleTemps(dir);
        PinRecords records = new PinRecords(dir);
        Path file = dir.resolve(JOURNAL);
        records.journal = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        try {
            records.replay();
            records.takeOverLegacyFiles();
        } catch (IOException | RuntimeException e) {
            records.journal.close();
            throw e;
        }
        return records;
    }

    Optional<PinMode> get(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    /** Records a pin durably; the record replaces any earlier one for the same CID. */
    void put(Cid cid, PinMode mode) throws IOException {
        commit(new Change(cid, mode));
    }

    /** Removes a pin durably; true if there was one. */
    boolean remove(Cid cid) throws IOException {
        return commit(new Change(cid, null)).existed;
    }

    Map<Cid, PinMode> snapshot() {
        return new HashMap<>(pins);
    }

    int size() {
        return pins.size();
    }

    /**
     * Queues the change and waits until it is durable. The first caller to find no commit running commits
     * everything queued so far; the others wait for it, and one of them takes over for what queued meanwhile.
     */
    private Change commit(Change change) throws IOException {
        List<Change> batch = null;
        boolean interrupted = false;
        synchronized (lock) {
            if (broken != null) {
                throw new IOException("the pin journal in " + dir + " failed earlier; reopen the store", broken);
            }
            pending.add(change);
            while (!change.done && committing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    interrupted = true; // the change may be on its way to disk: wait for the outcome
                }
            }
            if (!change.done) {
                committing = true;
                batch = pending;
                pending = new ArrayList<>();
            }
        }
        if (batch != null) {
            writeBatch(batch);
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        if (change.error != null) {
            throw change.error;
        }
        return change;
    }

    /**
     * Appends and fsyncs a batch without the lock (callers keep queuing meanwhile; the committing flag keeps the
     * journal to this thread), then applies it to the map in journal order and wakes the waiters.
     */
    private void writeBatch(List<Change> batch) {
        IOException error = null;
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
            error = e;
        }
        synchronized (lock) {
            if (error != null && start >= 0) {
                cutBack(start, error);
            } else if (error != null) {
                broken = error;
            }
            for (Change c : batch) {
                if (error == null) {
                    c.existed = c.mode == null ? pins.remove(c.cid) != null : pins.put(c.cid, c.mode) != null;
                }
                c.error = error;
                c.done = true;
            }
            if (error == null) {
                records += batch.size();
                compactIfMostlyDead();
            }
            committing = false;
            lock.notifyAll();
        }
    }

    /** A failed write may have left part of a batch behind: cut it, or refuse later writes if that fails too. */
    private void cutBack(long size, IOException cause) {
        try {
            journal.truncate(size);
            journal.force(false);
        } catch (IOException e) {
            cause.addSuppressed(e);
            broken = cause;
        }
    }

    private static ByteBuffer encode(List<Change> batch) {
        int size = 0;
        for (Change c : batch) {
            size += HEADER + c.cid.byteLength() + 4;
        }
        ByteBuffer buf = ByteBuffer.allocate(size);
        CRC32C crc = new CRC32C();
        for (Change c : batch) {
            int start = buf.position();
            byte[] cid = c.cid.bytes();
            buf.put(c.mode == null ? OP_REMOVE : OP_PUT).put((byte) (c.mode == null ? 0 : c.mode.ordinal()))
                    .putShort((short) cid.length).put(cid);
            crc.reset();
            crc.update(buf.array(), start, buf.position() - start);
            buf.putInt((int) crc.getValue());
        }
        return buf.flip();
    }

    private void replay() throws IOException {
        long size = journal.size();
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 8, size));
        while (buf.hasRemaining() && journal.read(buf, buf.position()) > 0) {
            // read until full
        }
        buf.flip();
        CRC32C crc = new CRC32C();
        long good = 0;
        while (buf.remaining() >= HEADER) {
            int start = buf.position();
            byte op = buf.get();
            byte mode = buf.get();
            int length = Short.toUnsignedInt(buf.getShort());
            if (buf.remaining() < length + 4 || (op != OP_PUT && op != OP_REMOVE)
                    || (op == OP_PUT && (mode < 0 || mode >= PinMode.values().length))) {
                break;
            }
            buf.position(buf.position() + length);
            crc.reset();
            crc.update(buf.array(), start, HEADER + length);
            if (buf.getInt() != (int) crc.getValue()) {
                break;
            }
            Cid cid;
            try {
                cid = Cid.decode(java.util.Arrays.copyOfRange(buf.array(), start + HEADER, start + HEADER + length));
            } catch (CidParseException e) {
                break;
            }
            if (op == OP_PUT) {
                pins.put(cid, PinMode.values()[mode]);
            } else {
                pins.remove(cid);
            }
            records++;
            good = buf.position();
        }
        if (good < size) {
            LOG.warn("pin journal {}: cutting {} bytes after the last whole record at {} (a write torn by a crash)",
                    dir.resolve(JOURNAL), size - good, good);
            journal.truncate(good);
            journal.force(false);
        }
    }

    /** Moves pins recorded as one file each (the earlier layout) into the journal, then deletes the files. */
    private void takeOverLegacyFiles() throws IOException {
        List<Path> legacy = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + LEGACY_SUFFIX)) {
            for (Path f : files) {
                legacy.add(f);
                pins.put(parseLegacyName(f), parseLegacyMode(f));
            }
        }
        if (legacy.isEmpty()) {
            return;
        }
        synchronized (lock) {
            rewrite();
        }
        for (Path f : legacy) {
            Files.deleteIfExists(f);
        }
        DurableFiles.fsyncDirectory(dir);
    }

    private void compactIfMostlyDead() {
        if (records < MIN_RECORDS_BEFORE_COMPACTION || records < 2L * pins.size() || records < retryCompactionAt) {
            return;
        }
        try {
            rewrite();
        } catch (IOException e) {
            // The old journal is still whole and correct; only its size suffers. Try again on a later batch.
            LOG.warn("pin journal {}: compaction failed, keeping the longer journal: {}", dir.resolve(JOURNAL),
                    e.toString());
            retryCompactionAt = records + MIN_RECORDS_BEFORE_COMPACTION; // not again on the very next batch
        }
    }

    /** Replaces the journal by one holding only the live pins. Lock held; no batch in flight. */
    private void rewrite() throws IOException {
        List<Change> live = new ArrayList<>(pins.size());
        pins.forEach((cid, mode) -> live.add(new Change(cid, mode)));
        Path temp = Files.createTempFile(dir, DurableFiles.TEMP_PREFIX, DurableFiles.TEMP_SUFFIX);
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.WRITE)) {
            ByteBuffer buf = encode(live);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            ch.force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Path file = dir.resolve(JOURNAL);
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        DurableFiles.fsyncDirectory(dir);
        FileChannel old = journal;
        journal = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
        old.close();
        records = live.size();
    }

    private static Cid parseLegacyName(Path f) throws BlockStoreException {
        String name = f.getFileName().toString();
        String encoded = name.substring(0, name.length() - LEGACY_SUFFIX.length());
        try {
            return Cid.decode(Multibase.BASE32.decodeRaw(encoded.toLowerCase(Locale.ROOT)));
        } catch (CidParseException e) {
            throw new BlockStoreException("pin record " + f + " is not named after a CID: " + e.getMessage(), e);
        }
    }

    private static PinMode parseLegacyMode(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.US_ASCII).trim();
        try {
            return PinMode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new BlockStoreException("pin record " + f + " holds '" + text + "', not a pin mode", e);
        }
    }

    @Override
    public void close() throws IOException {
        synchronized (lock) {
            while (committing) {
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            journal.close();
        }
    }
}
