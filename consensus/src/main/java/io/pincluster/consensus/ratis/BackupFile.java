package io.pincluster.consensus.ratis;

import io.pincluster.consensus.codec.BinaryReader;
import io.pincluster.consensus.codec.BinaryWriter;
import io.pincluster.consensus.codec.FormatVersions;
import io.pincluster.consensus.codec.MalformedDataException;
import io.pincluster.core.component.StateBackupApi.BackupInfo;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * The state backup file (decision 0014):
 * <pre>
 *   "PCBK"                 magic
 *   varint                 format version (1, 2 with tenant records, 3 with archive index entries)
 *   varint + bytes         header record: term, applied index, created (instant), cluster fingerprint (string),
 *                          taken by (string), pins, peers, revoked tokens, pin requests, state length (varints),
 *                          from format 2 the tenant records (varint), from format 3 the archive index entries
 *                          (varint); a later build may append fields, which this one skips
 *   32 bytes               SHA-256 of every byte of the file except these 32
 *   state length bytes     the state, exactly as a snapshot file holds it ({@link SnapshotFile}, format 3 to 7)
 * </pre>
 * The state reuses the snapshot format, so a backup holds what a snapshot holds and both stay readable by every
 * later build under decision 0004's rules. Reading checks the length and the checksum over the whole file before
 * it decodes a record, then decodes everything and compares it with the header: a truncated or corrupt file is
 * refused before anything is restored from it. Format 2 (decision 0017) is written only when the state holds tenant
 * records (snapshot format 6), so a backup without them is still read by the build before; format 3 (decision 0019)
 * likewise only when the state holds archive index entries (snapshot format 7).
 */
final class BackupFile {
    static final FormatVersions FORMAT = new FormatVersions("state backup", 1, 3);
    private static final int WITH_TENANTS = 2;
    private static final int WITH_ARCHIVES = 3;
    private static final byte[] MAGIC = {'P', 'C', 'B', 'K'};
    private static final int MAX_HEADER = 1 << 16;
    private static final int DIGEST_BYTES = 32;
    private static final int BUFFER = 1 << 16;

    /**
     * A backup read and checked whole.
     *
     * @param info  what its header says (checked against the state)
     * @param state the replicated state it holds
     */
    record Contents(BackupInfo info, SnapshotFile.Contents state) {
    }

    /**
     * Where a backup comes from.
     *
     * @param clusterFingerprint a fingerprint of the cluster secret
     * @param takenBy            the peer writing it
     * @param created            when its state was copied
     */
    record Origin(String clusterFingerprint, String takenBy, Instant created) {
    }

    private BackupFile() {
    }

    /**
     * Writes {@code cut} as a backup to {@code target}: the state first to a temporary file beside it (its length and
     * checksum go into the header), then the whole file under a temporary name, renamed when complete.
     */
    static BackupInfo write(Path target, StateCut cut, Origin origin) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path state = Files.createTempFile(dir, ".backup-state-", ".tmp");
        Path whole = Files.createTempFile(dir, ".backup-", ".tmp");
        try {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(state), BUFFER)) {
                SnapshotFile.writeTo(out, cut.term(), cut.index(), cut.pins(), cut.directory(), cut.revocations(),
                        cut.psaPins(), cut.tenants(), cut.archives(), cut.decisionTime());
            }
            long stateBytes = Files.size(state);
            byte[] prefix = prefix(cut, origin, stateBytes);
            MessageDigest sha = sha256();
            sha.update(prefix);
            try (InputStream in = Files.newInputStream(state)) {
                byte[] buf = new byte[BUFFER];
                for (int n; (n = in.read(buf)) > 0; ) {
                    sha.update(buf, 0, n);
                }
            }
            byte[] digest = sha.digest();
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(whole), BUFFER)) {
                out.write(prefix);
                out.write(digest);
                Files.copy(state, out);
            }
            Files.move(whole, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return new BackupInfo(version(cut), origin.clusterFingerprint(), origin.takenBy(), cut.term(),
                    cut.index(), origin.created(), cut.pins().size(), cut.directory().size(), cut.revocations().size(),
                    cut.psaPins().size(), HexFormat.of().formatHex(digest), Files.size(target), cut.tenants().size(),
                    cut.archives().size());
        } finally {
            Files.deleteIfExists(state);
            Files.deleteIfExists(whole);
        }
    }

    /** The oldest format that holds {@code cut}: 3 only with archive index entries, 2 only with tenant records. */
    private static int version(StateCut cut) {
        if (!cut.archives().isEmpty()) {
            return WITH_ARCHIVES;
        }
        return cut.tenants().isEmpty() ? 1 : WITH_TENANTS;
    }

    private static byte[] prefix(StateCut cut, Origin origin, long stateBytes) {
        BinaryWriter w = new BinaryWriter(256);
        int version = version(cut);
        w.varint(version);
        int header = w.beginRecord();
        w.varint(cut.term()).varint(cut.index()).instant(origin.created()).string(origin.clusterFingerprint())
                .string(origin.takenBy()).varint(cut.pins().size()).varint(cut.directory().size())
                .varint(cut.revocations().size()).varint(cut.psaPins().size()).varint(stateBytes);
        if (version >= WITH_TENANTS) {
            w.varint(cut.tenants().size());
        }
        if (version >= WITH_ARCHIVES) {
            w.varint(cut.archives().size());
        }
        w.endRecord(header);
        ByteArrayOutputStream out = new ByteArrayOutputStream(MAGIC.length + w.size());
        out.writeBytes(MAGIC);
        out.write(w.buffer(), 0, w.size());
        return out.toByteArray();
    }

    /** Reads and checks the backup in {@code file} whole; any failed check is an {@link InvalidBackupException}. */
    static Contents read(Path file) throws IOException {
        long size = Files.size(file);
        Header header;
        byte[] digest;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            header = readHeader(in);
            digest = in.readNBytes(DIGEST_BYTES);
            if (digest.length != DIGEST_BYTES) {
                throw new InvalidBackupException("the backup is truncated: it ends inside its header");
            }
            long stateBytes = size - header.prefix().length - DIGEST_BYTES;
            if (stateBytes < header.stateBytes()) {
                throw new InvalidBackupException("the backup is truncated: its header announces "
                        + header.stateBytes() + " bytes of state, the file holds " + stateBytes);
            }
            if (stateBytes > header.stateBytes()) {
                throw new InvalidBackupException("the backup has " + (stateBytes - header.stateBytes())
                        + " bytes after its state where none belong");
            }
            MessageDigest sha = sha256();
            sha.update(header.prefix());
            byte[] buf = new byte[BUFFER];
            for (int n; (n = in.read(buf)) > 0; ) {
                sha.update(buf, 0, n);
            }
            if (!MessageDigest.isEqual(digest, sha.digest())) {
                throw new InvalidBackupException("the backup is corrupt: its SHA-256 checksum does not match its "
                        + "contents");
            }
        }
        SnapshotFile.Contents state;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), BUFFER)) {
            in.skipNBytes(header.prefix().length + DIGEST_BYTES);
            state = SnapshotFile.readFrom(in, "the backup's state");
        } catch (IOException | RuntimeException e) {
            // The checksum matched, so this is a file written wrongly or by a build that reads differently.
            throw new InvalidBackupException("the backup's state cannot be read: " + e.getMessage(), e);
        }
        BackupInfo info = header.info(HexFormat.of().formatHex(digest), size);
        if (state.term() != info.term() || state.index() != info.appliedIndex() || state.pins().size() != info.pins()
                || state.directory().size() != info.peers() || state.revocations().size() != info.revokedTokens()
                || state.psaPins().size() != info.pinRequests() || state.tenants().size() != info.tenants()
                || state.archives().size() != info.archives()) {
            throw new InvalidBackupException("the backup's header does not match its state (header: index "
                    + info.appliedIndex() + ", " + info.pins() + " pins; state: index " + state.index() + ", "
                    + state.pins().size() + " pins)");
        }
        return new Contents(info, state);
    }

    private record Header(byte[] prefix, int version, long term, long index, Instant created, String fingerprint,
                          String takenBy, long pins, long peers, long revoked, long pinRequests, long stateBytes,
                          long tenants, long archives) {
        BackupInfo info(String sha256, long bytes) {
            return new BackupInfo(version, fingerprint, takenBy, term, index, created, pins, peers, revoked,
                    pinRequests, sha256, bytes, tenants, archives);
        }
    }

    private static Header readHeader(InputStream in) throws IOException {
        ByteArrayOutputStream prefix = new ByteArrayOutputStream(256);
        byte[] magic = in.readNBytes(MAGIC.length);
        if (!Arrays.equals(magic, MAGIC)) {
            throw new InvalidBackupException("not a Pincluster state backup (it does not start with PCBK)");
        }
        prefix.writeBytes(magic);
        try {
            int version = FORMAT.check(readVarint(in, prefix));
            long length = readVarint(in, prefix);
            if (length > MAX_HEADER) {
                throw new InvalidBackupException("the backup's header claims " + length + " bytes");
            }
            byte[] record = in.readNBytes((int) length);
            if (record.length != length) {
                throw new InvalidBackupException("the backup is truncated: it ends inside its header");
            }
            prefix.writeBytes(record);
            BinaryReader r = new BinaryReader(record);
            // Fields a later build appends after these are skipped: the record's length bounds it.
            long term = r.varint();
            long index = r.varint();
            Instant created = r.instant();
            String fingerprint = r.string();
            String takenBy = r.string();
            long pins = r.varint();
            long peers = r.varint();
            long revoked = r.varint();
            long pinRequests = r.varint();
            long stateBytes = r.varint();
            long tenants = version >= WITH_TENANTS ? r.varint() : 0;
            long archives = version >= WITH_ARCHIVES ? r.varint() : 0;
            return new Header(prefix.toByteArray(), version, term, index, created, fingerprint, takenBy, pins, peers,
                    revoked, pinRequests, stateBytes, tenants, archives);
        } catch (MalformedDataException | java.time.DateTimeException e) {
            throw new InvalidBackupException("the backup's header cannot be read: " + e.getMessage(), e);
        }
    }

    private static long readVarint(InputStream in, ByteArrayOutputStream copy) throws IOException {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.read();
            if (b < 0) {
                throw new InvalidBackupException("the backup is truncated: it ends inside its header");
            }
            copy.write(b);
            value |= (long) (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                return value;
            }
        }
        throw new InvalidBackupException("the backup's header has a malformed number");
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
