package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.ArchiveCodec;
import io.pincluster.consensus.codec.BinaryReader;
import io.pincluster.consensus.codec.BinaryWriter;
import io.pincluster.consensus.codec.DirectoryCodec;
import io.pincluster.consensus.codec.FormatVersions;
import io.pincluster.consensus.codec.MalformedDataException;
import io.pincluster.consensus.codec.PinCodec;
import io.pincluster.consensus.codec.PsaCodec;
import io.pincluster.consensus.codec.RevocationCodec;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cid.Varint;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.core.psa.Tenant;
import io.pincluster.core.state.PeerRecord;
import io.pincluster.core.token.TokenRevocation;
import java.io.BufferedOutputStream;
import java.io.EOFException;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.time.Instant;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Supplier;
import org.apache.ratis.io.MD5Hash;

/**
 * The snapshot file: the magic {@code PCPS}, the format version (a varint), a header (term, index, pin count),
 * every pin as a length-prefixed {@link PinCodec} record in CID order, then the peer directory (count,
 * length-prefixed records). Written to a temporary name, fsynced and renamed, so a crash never leaves a
 * truncated file under a snapshot name.
 *
 * <p>Formats (decision 0004): 1 had no directory; 2 added it; 3 length-prefixes the header too and lets a
 * later build append optional fields to the header and to every record, which this build skips (formats 1
 * and 2 stay strict: their records end exactly where their last field does). Format 3's header may carry the log's
 * latest decision time after the pin count (decision 0009), written only when no pin's timestamp already says it.
 * 4 appends the revoked tokens (count, length-prefixed {@link RevocationCodec} records) after the directory
 * (decision 0007); it is written only when there are revocations, so a cluster that never revoked a token writes
 * format 3, byte-identical to the previous build, and a peer of that build can still install its snapshots.
 * 5 appends the Pinning Service API's pin requests (count, length-prefixed {@link PsaCodec} records) after the
 * revoked tokens (which format 5 always has, maybe none); it is written only when there are such requests, so a
 * cluster that never used that API writes what the previous build wrote.
 * 6 appends the tenant records (count, length-prefixed {@link PsaCodec} tenant records, decision 0017) after the pin
 * requests (which format 6 always has, maybe none); it is written only when there are tenant records.
 * 7 appends the archive index (count, length-prefixed {@link ArchiveCodec} records, decision 0019) after the tenant
 * records (which format 7 always has, maybe none); it is written only when the index has entries.
 * 8 appends to every archive record its last-read time (optional; decision 0024); it is written only when some entry
 * has one, so a cluster that never drops hot copies by reads writes format 7 as before.
 */
final class SnapshotFile {
    /** The snapshot formats this build reads; it writes the newest unless asked for an older one. */
    static final FormatVersions FORMAT = new FormatVersions("snapshot", 1, 8);
    /** Writing format 1 would drop the peer directory. */
    private static final int OLDEST_WRITTEN = 2;
    private static final int WITH_DIRECTORY = 2;
    private static final int EXTENSIBLE = 3;
    private static final int WITH_REVOCATIONS = 4;
    private static final int WITH_PSA_PINS = 5;
    private static final int WITH_TENANTS = 6;
    private static final int WITH_ARCHIVES = 7;
    private static final int WITH_READ_TIMES = 8;
    private static final byte[] MAGIC = {'P', 'C', 'P', 'S'};
    private static final int MAX_HEADER = 1 << 16;
    private static final int MAX_RECORD = 64 << 20;
    private static final int BUFFER = 1 << 20;

    /**
     * @param decisionTime the log's latest decision time when the header carried it, else null
     * @param revocations  the revoked tokens (empty before format 4)
     * @param psaPins      the Pinning Service API's pin requests (empty before format 5)
     * @param tenants      the tenant records (empty before format 6)
     * @param archives     the archive index (empty before format 7)
     */
    record Contents(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
                    List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                    List<ArchiveEntry> archives) {
        Contents(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
                 List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants) {
            this(term, index, pins, directory, decisionTime, revocations, psaPins, tenants, List.of());
        }

        Contents(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
                 List<TokenRevocation> revocations, List<PsaPin> psaPins) {
            this(term, index, pins, directory, decisionTime, revocations, psaPins, List.of());
        }

        Contents(long term, long index, List<Pin> pins, List<PeerRecord> directory) {
            this(term, index, pins, directory, null, List.of(), List.of(), List.of());
        }

        Contents(long term, long index, List<Pin> pins, List<PeerRecord> directory, Instant decisionTime,
                 List<TokenRevocation> revocations) {
            this(term, index, pins, directory, decisionTime, revocations, List.of(), List.of());
        }
    }

    private SnapshotFile() {
    }

    /** Writes {@code pins} to {@code target} atomically; returns the file's MD5. */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory)
            throws IOException {
        return write(target, term, index, pins, directory, List.of());
    }

    /**
     * As {@link #write(Path, long, long, List, List)} with the revoked tokens: in format 4 when there are any,
     * otherwise in format 3 (which an older peer reads).
     */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations) throws IOException {
        return write(target, term, index, pins, directory, revocations, List.of(), (Instant) null);
    }

    /**
     * As {@link #write(Path, long, long, List, List)}, with the log's latest decision time ({@link DecisionClock}).
     * It is appended to the header only when it is later than every pin's timestamp (an expiry decided after the
     * last pin was added): otherwise the pins already say it, and the file stays byte-identical to one without it.
     */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         Instant decisionTime) throws IOException {
        return write(target, term, index, pins, directory, List.of(), List.of(), List.of(), decisionTime);
    }

    /** Without tenant records. */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, Instant decisionTime)
            throws IOException {
        return write(target, term, index, pins, directory, revocations, psaPins, List.of(), decisionTime);
    }

    /** Without an archive index. */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                         Instant decisionTime) throws IOException {
        return write(target, term, index, pins, directory, revocations, psaPins, tenants, List.of(), decisionTime);
    }

    /** The snapshot {@link SnapshotStore} writes: everything, in the oldest format that holds it. */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                         List<ArchiveEntry> archives, Instant decisionTime) throws IOException {
        Instant newestPin = Instant.MIN;
        for (Pin pin : pins) {
            newestPin = pin.timestamp().isAfter(newestPin) ? pin.timestamp() : newestPin;
        }
        return write(target, term, index, pins, directory, revocations, psaPins, tenants, archives,
                defaultVersion(revocations, psaPins, tenants, archives),
                decisionTime != null && decisionTime.isAfter(newestPin) ? decisionTime : null);
    }

    /** {@link #write(Path, long, long, List, List)} in format {@code version} (2 or later). */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         int version) throws IOException {
        return write(target, term, index, pins, directory, List.of(), List.of(), List.of(), List.of(), version, null);
    }

    /** {@link #write(Path, long, long, List, List, List)} in format {@code version} (4 or later with revocations). */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, int version) throws IOException {
        return write(target, term, index, pins, directory, revocations, List.of(), List.of(), List.of(), version,
                null);
    }

    /** With pin requests of the Pinning Service API, in format {@code version} (5 or later when there are any). */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, int version) throws IOException {
        return write(target, term, index, pins, directory, revocations, psaPins, List.of(), List.of(), version,
                null);
    }

    /** With tenant records, in format {@code version} (6 or later when there are any). */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants, int version)
            throws IOException {
        return write(target, term, index, pins, directory, revocations, psaPins, tenants, List.of(), version, null);
    }

    /** With an archive index, in format {@code version} (7 or later when it has entries). */
    static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                         List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                         List<ArchiveEntry> archives, int version) throws IOException {
        return write(target, term, index, pins, directory, revocations, psaPins, tenants, archives, version, null);
    }

    /**
     * The oldest format that holds what there is: 8 only with read times in the archive index, 7 only with archive
     * index entries, 6 only with tenant records, 5 only with pin requests, 4 only with revoked tokens, else 3, so a
     * peer of an older build installs the snapshots of a cluster that does not use what it cannot read.
     */
    private static int defaultVersion(List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                                      List<ArchiveEntry> archives) {
        if (ArchiveIndex.anyRead(archives)) {
            return WITH_READ_TIMES;
        }
        if (!archives.isEmpty()) {
            return WITH_ARCHIVES;
        }
        if (!tenants.isEmpty()) {
            return WITH_TENANTS;
        }
        return !psaPins.isEmpty() ? WITH_PSA_PINS : revocations.isEmpty() ? WITH_REVOCATIONS - 1 : WITH_REVOCATIONS;
    }

    private static MD5Hash write(Path target, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                                 List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                                 List<ArchiveEntry> archives, int version, Instant decisionTime) throws IOException {
        if (FORMAT.writable(version) < OLDEST_WRITTEN) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold the peer directory");
        }
        if (version < WITH_REVOCATIONS && !revocations.isEmpty()) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold revoked tokens");
        }
        if (version < WITH_PSA_PINS && !psaPins.isEmpty()) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold pinning service requests");
        }
        if (version < WITH_TENANTS && !tenants.isEmpty()) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold tenant records");
        }
        if (version < WITH_ARCHIVES && !archives.isEmpty()) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold an archive index");
        }
        if (version < WITH_READ_TIMES && ArchiveIndex.anyRead(archives)) {
            throw new IllegalArgumentException("snapshot format " + version + " cannot hold read times");
        }
        Path tmp = target.resolveSibling(".writing-" + target.getFileName() + ".tmp");
        MessageDigest md5 = SnapshotDigests.newDigester();
        try (FileOutputStream fos = new FileOutputStream(tmp.toFile());
             OutputStream out = new BufferedOutputStream(new DigestOutputStream(fos, md5), BUFFER)) {
            writeTo(out, term, index, pins, directory, revocations, psaPins, tenants, archives, version,
                    decisionTime);
            out.flush();
            fos.getChannel().force(true);
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(tmp);
            throw e;
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        try (FileChannel dir = FileChannel.open(target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
        return SnapshotDigests.of(md5);
    }

    /**
     * Writes the snapshot's bytes to {@code out} (not flushed), in the oldest format that holds them: what a state
     * backup carries ({@link BackupFile}).
     */
    static void writeTo(OutputStream out, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                        List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                        List<ArchiveEntry> archives, Instant decisionTime) throws IOException {
        Instant newestPin = Instant.MIN;
        for (Pin pin : pins) {
            newestPin = pin.timestamp().isAfter(newestPin) ? pin.timestamp() : newestPin;
        }
        writeTo(out, term, index, pins, directory, revocations, psaPins, tenants, archives,
                defaultVersion(revocations, psaPins, tenants, archives),
                decisionTime != null && decisionTime.isAfter(newestPin) ? decisionTime : null);
    }

    private static void writeTo(OutputStream out, long term, long index, List<Pin> pins, List<PeerRecord> directory,
                                List<TokenRevocation> revocations, List<PsaPin> psaPins, List<Tenant> tenants,
                                List<ArchiveEntry> archives, int version, Instant decisionTime) throws IOException {
        BinaryWriter w = new BinaryWriter(256);
        w.varint(version);
        int header = version >= EXTENSIBLE ? w.beginRecord() : 0;
        w.varint(term).varint(index).varint(pins.size());
        if (version >= EXTENSIBLE && decisionTime != null) {
            w.instant(decisionTime); // an appended optional field: older builds skip it
        }
        if (version >= EXTENSIBLE) {
            w.endRecord(header);
        }
        out.write(MAGIC);
        out.write(w.buffer(), 0, w.size());
        PinCodec codec = new PinCodec();
        BinaryWriter len = new BinaryWriter(16);
        for (Pin pin : pins) {
            codec.writePin(w.reset(), pin);
            len.reset().varint(w.size());
            out.write(len.buffer(), 0, len.size());
            out.write(w.buffer(), 0, w.size());
        }
        len.reset().varint(directory.size());
        out.write(len.buffer(), 0, len.size());
        for (PeerRecord record : directory) {
            DirectoryCodec.writeRecord(w.reset(), record);
            len.reset().varint(w.size());
            out.write(len.buffer(), 0, len.size());
            out.write(w.buffer(), 0, w.size());
        }
        if (version >= WITH_REVOCATIONS) {
            len.reset().varint(revocations.size());
            out.write(len.buffer(), 0, len.size());
            for (TokenRevocation revocation : revocations) {
                RevocationCodec.writeRecord(w.reset(), revocation);
                len.reset().varint(w.size());
                out.write(len.buffer(), 0, len.size());
                out.write(w.buffer(), 0, w.size());
            }
        }
        if (version >= WITH_PSA_PINS) {
            len.reset().varint(psaPins.size());
            out.write(len.buffer(), 0, len.size());
            for (PsaPin pin : psaPins) {
                PsaCodec.writeRecord(w.reset(), pin);
                len.reset().varint(w.size());
                out.write(len.buffer(), 0, len.size());
                out.write(w.buffer(), 0, w.size());
            }
        }
        if (version >= WITH_TENANTS) {
            len.reset().varint(tenants.size());
            out.write(len.buffer(), 0, len.size());
            for (Tenant tenant : tenants) {
                PsaCodec.writeTenantRecord(w.reset(), tenant);
                len.reset().varint(w.size());
                out.write(len.buffer(), 0, len.size());
                out.write(w.buffer(), 0, w.size());
            }
        }
        if (version >= WITH_ARCHIVES) {
            len.reset().varint(archives.size());
            out.write(len.buffer(), 0, len.size());
            for (ArchiveEntry entry : archives) {
                if (version >= WITH_READ_TIMES) {
                    ArchiveCodec.writeRecordWithRead(w.reset(), entry);
                } else {
                    ArchiveCodec.writeRecord(w.reset(), entry);
                }
                len.reset().varint(w.size());
                out.write(len.buffer(), 0, len.size());
                out.write(w.buffer(), 0, w.size());
            }
        }
    }

    /** Reads a snapshot; {@code expected} (may be null) is checked against the file's MD5. */
    static Contents read(Path file, MD5Hash expected) throws IOException {
        try (ReadAheadFile in = new ReadAheadFile(file, SnapshotDigests.newDigester())) {
            SnapshotInput input = SnapshotInput.readingAhead(in);
            Contents c = readFrom(input, file.toString());
            checkEnd(input, in, file, c.pins().size(), expected);
            return c;
        }
    }

    /**
     * Reads one snapshot from {@code in}, up to its last byte and no further ({@code name} says where it comes
     * from in errors).
     */
    static Contents readFrom(InputStream in, String name) throws IOException {
        return readFrom(SnapshotInput.exact(in), name);
    }

    private static Contents readFrom(SnapshotInput in, String name) throws IOException {
        Streamed s = new Streamed(in, name);
        List<Pin> pins = new ArrayList<>((int) Math.min(s.pinCount, 1 << 20));
        for (Pin p = s.nextPin(); p != null; p = s.nextPin()) {
            pins.add(p);
        }
        return s.rest(pins);
    }

    /** After the last section: no trailing bytes, and the file's MD5 is {@code expected} (when given). */
    private static void checkEnd(SnapshotInput input, ReadAheadFile in, Path file, long pins, MD5Hash expected)
            throws IOException {
        if (input.read() != -1) {
            throw new IOException(file + ": trailing bytes after " + pins + " pins");
        }
        if (expected != null && !expected.equals(SnapshotDigests.of(in.digest()))) {
            throw new IOException(file + ": MD5 mismatch, the snapshot is corrupt");
        }
    }

    /** Takes a snapshot's pins as they are read (see {@link #stream}). */
    @FunctionalInterface
    interface PinLoad {
        /**
         * Must take {@code pins} to its end. Its last {@code hasNext} reads the sections after the pins and checks
         * the file's digest, and throws an {@link UncheckedIOException} when the file is damaged, so a load that
         * only commits once the iterator is exhausted never commits a damaged snapshot.
         */
        void load(long term, long index, long pinCount, Iterator<Pin> pins) throws IOException;
    }

    /**
     * Reads the snapshot in {@code file} pin by pin into {@code load}, then returns the rest of it (its pin list
     * empty). Nothing holds every decoded pin at once: at 10 million pins a list of them beside the table being
     * filled, plus the interned copies, kept the old generation full for most of a restart.
     */
    static Contents stream(Path file, MD5Hash expected, PinLoad load) throws IOException {
        try (ReadAheadFile in = new ReadAheadFile(file, SnapshotDigests.newDigester())) {
            SnapshotInput input = SnapshotInput.readingAhead(in);
            Streamed s = new Streamed(input, file.toString());
            Contents[] rest = new Contents[1];
            Iterator<Pin> pins = new Iterator<>() {
                private Pin next;

                @Override
                public boolean hasNext() {
                    try {
                        if (next == null && rest[0] == null) {
                            next = s.nextPin();
                            if (next == null) {
                                Contents c = s.rest(List.of());
                                checkEnd(input, in, file, s.pinCount, expected);
                                rest[0] = c;
                            }
                        }
                        return next != null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }

                @Override
                public Pin next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    Pin p = next;
                    next = null;
                    return p;
                }
            };
            try {
                load.load(s.term, s.index, s.pinCount, pins);
            } catch (UncheckedIOException e) {
                throw e.getCause();
            }
            if (rest[0] == null) {
                throw new IllegalStateException("the snapshot load stopped before the last pin of " + file);
            }
            return rest[0];
        }
    }

    /** A snapshot being read in order: the header at construction, then the pins one at a time, then the rest. */
    private static final class Streamed {
        private final SnapshotInput in;
        private final Object file;
        private final int version;
        private final boolean extensible;
        final long term;
        final long index;
        final long pinCount;
        private final Instant decisionTime;
        private final PinCodec codec = new PinCodec();
        private long pinsRead;

        Streamed(SnapshotInput in, Object file) throws IOException {
            this.in = in;
            this.file = file;
            try {
                byte[] magic = in.readNBytes(MAGIC.length);
                if (!Arrays.equals(magic, MAGIC)) {
                    throw new IOException(file + " is not a pinset snapshot (bad magic)");
                }
                version = FORMAT.check(readVarint(in));
                extensible = version >= EXTENSIBLE;
                BinaryReader header = extensible ? lengthPrefixed(in, file, () -> "snapshot header", MAX_HEADER) : null;
                term = extensible ? header.varint() : readVarint(in);
                index = extensible ? header.varint() : readVarint(in);
                pinCount = extensible ? header.varint() : readVarint(in);
                decisionTime = extensible && header.remaining() > 0 ? header.instant() : null;
            } catch (MalformedDataException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
            if (pinCount > Integer.MAX_VALUE - 8) {
                throw new IOException(file + ": implausible pin count " + pinCount);
            }
        }

        /** The next pin, or null after the last. */
        Pin nextPin() throws IOException {
            if (pinsRead == pinCount) {
                return null;
            }
            try {
                BinaryReader r = record(in, file, "pin", pinsRead, pinCount);
                Pin pin = codec.readPin(r);
                if (!extensible) {
                    r.expectEnd("snapshot pin record");
                }
                pinsRead++;
                return pin;
            } catch (MalformedDataException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }

        /** The sections after the pins (call after the last pin), with {@code pins} as the pin list. */
        Contents rest(List<Pin> pins) throws IOException {
            try {
                List<PeerRecord> directory = new ArrayList<>();
                long peers = version < WITH_DIRECTORY ? 0 : readVarint(in);
                for (long i = 0; i < peers; i++) {
                    BinaryReader r = record(in, file, "peer", i, peers);
                    directory.add(DirectoryCodec.readRecord(r, extensible));
                    if (!extensible) {
                        r.expectEnd("snapshot peer record");
                    }
                }
                List<TokenRevocation> revocations = new ArrayList<>();
                long revoked = version < WITH_REVOCATIONS ? 0 : readVarint(in);
                for (long i = 0; i < revoked; i++) {
                    revocations.add(RevocationCodec.readRecord(record(in, file, "token revocation", i, revoked)));
                }
                List<PsaPin> psaPins = new ArrayList<>();
                long requests = version < WITH_PSA_PINS ? 0 : readVarint(in);
                for (long i = 0; i < requests; i++) {
                    psaPins.add(PsaCodec.readRecord(record(in, file, "pinning service request", i, requests)));
                }
                List<Tenant> tenants = new ArrayList<>();
                long tenantCount = version < WITH_TENANTS ? 0 : readVarint(in);
                for (long i = 0; i < tenantCount; i++) {
                    tenants.add(PsaCodec.readTenantRecord(record(in, file, "tenant", i, tenantCount)));
                }
                List<ArchiveEntry> archives = new ArrayList<>();
                long archiveCount = version < WITH_ARCHIVES ? 0 : readVarint(in);
                for (long i = 0; i < archiveCount; i++) {
                    BinaryReader r = record(in, file, "archive index", i, archiveCount);
                    archives.add(version >= WITH_READ_TIMES ? ArchiveCodec.readRecordWithRead(r)
                            : ArchiveCodec.readRecord(r));
                }
                return new Contents(term, index, pins, directory, decisionTime, List.copyOf(revocations),
                        List.copyOf(psaPins), List.copyOf(tenants), List.copyOf(archives));
            } catch (MalformedDataException e) {
                throw new IOException(file + ": " + e.getMessage(), e);
            }
        }
    }

    /** A record; its name ("pin record 7 of 9") is only put together for an error: 10M of them cost seconds. */
    private static BinaryReader record(SnapshotInput in, Object file, String what, long i, long count)
            throws IOException {
        return lengthPrefixed(in, file, () -> what + " record " + i + " of " + count, MAX_RECORD);
    }

    private static BinaryReader lengthPrefixed(SnapshotInput in, Object file, Supplier<String> what, int max)
            throws IOException {
        long len = readVarint(in);
        if (len > max) {
            throw new IOException(file + ": " + what.get() + " claims " + len + " bytes");
        }
        return in.record((int) len, file, what);
    }

    private static long readVarint(SnapshotInput in) throws IOException {
        try {
            long v = Varint.read(in.asStream());
            if (v < 0) {
                throw new EOFException("unexpected end of snapshot");
            }
            return v;
        } catch (CidParseException e) {
            throw new IOException("bad varint in snapshot: " + e.getMessage(), e);
        }
    }
}
