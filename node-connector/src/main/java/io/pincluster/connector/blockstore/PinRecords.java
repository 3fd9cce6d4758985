package io.pincluster.connector.blockstore;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Multibase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The durable record of local pins: one small file per pinned CID ({@code pins/<base32 cid>.pin} holding the
 * mode), each written atomically. A file per pin needs no log replay or compaction, and a crash can at worst
 * lose a pin whose call had not returned yet.
 */
final class PinRecords {
    private static final String SUFFIX = ".pin";

    private final Path dir;
    private final Map<Cid, PinMode> pins = new ConcurrentHashMap<>();
    private final LockStripes stripes = new LockStripes(64);

    private PinRecords(Path dir) {
        this.dir = dir;
    }

    /** Loads the pins kept in {@code dir}, creating it if needed and removing temp files of crashed writes. */
    static PinRecords open(Path dir) throws IOException {
        DurableFiles.createDirectoryDurably(dir);
        DurableFiles.deleteStaleTemps(dir);
        PinRecords records = new PinRecords(dir);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "*" + SUFFIX)) {
            for (Path f : files) {
                records.pins.put(parseName(f), parseMode(f));
            }
        }
        return records;
    }

    Optional<PinMode> get(Cid cid) {
        return Optional.ofNullable(pins.get(cid));
    }

    /** Records a pin durably; the record replaces any earlier one for the same CID. */
    void put(Cid cid, PinMode mode) throws IOException {
        ReentrantLock lock = stripes.forKey(cid);
        lock.lock();
        try {
            DurableFiles.writeAtomically(file(cid), mode.name().getBytes(StandardCharsets.US_ASCII));
            pins.put(cid, mode);
        } finally {
            lock.unlock();
        }
    }

    boolean remove(Cid cid) throws IOException {
        ReentrantLock lock = stripes.forKey(cid);
        lock.lock();
        try {
            boolean existed = Files.deleteIfExists(file(cid));
            if (existed) {
                DurableFiles.fsyncDirectory(dir);
            }
            return pins.remove(cid) != null || existed;
        } finally {
            lock.unlock();
        }
    }

    Map<Cid, PinMode> snapshot() {
        return new HashMap<>(pins);
    }

    private Path file(Cid cid) {
        return dir.resolve(Multibase.BASE32.encodeRaw(cid.bytes()) + SUFFIX);
    }

    private static Cid parseName(Path f) throws BlockStoreException {
        String name = f.getFileName().toString();
        String encoded = name.substring(0, name.length() - SUFFIX.length());
        try {
            return Cid.decode(Multibase.BASE32.decodeRaw(encoded.toLowerCase(Locale.ROOT)));
        } catch (CidParseException e) {
            throw new BlockStoreException("pin record " + f + " is not named after a CID: " + e.getMessage(), e);
        }
    }

    private static PinMode parseMode(Path f) throws IOException {
        String text = Files.readString(f, StandardCharsets.US_ASCII).trim();
        try {
            return PinMode.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new BlockStoreException("pin record " + f + " holds '" + text + "', not a pin mode", e);
        }
    }
}
