package io.pincluster.cold.car;

import io.pincluster.cold.piece.PieceInfo;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cid.Varint;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of an {@link ArchiveManifest}, for the replicated state and the sidecar object. Versioned and
 * extensible as docs/decisions/0004 describes: the magic {@code PCAM}, a version varint, then length-prefixed
 * records whose readers decode the fields they know and skip the rest, so a later build may append an optional
 * field to a record without a new version.
 *
 * <pre>
 * "PCAM" | varint version (1)
 * varint len | summary: varint rootCount, (varint len, CID)*, varint carSize, sha256 (32), piece root (32)
 * varint blockCount
 * (varint len | block: varint len, CID, varint dataLength)*
 * </pre>
 *
 * Offsets are not stored: sections lie back to back from the end of the header, whose length follows from the
 * roots, so each is the previous section's end. That keeps a block at ~40 bytes, and a decoded manifest is
 * consistent by construction (the last section must end at {@code carSize}). The payload size of the piece is the
 * archive's size, so only its root is stored.
 */
public final class ArchiveManifestCodec {
    /** The format this build writes. */
    public static final int NEWEST = 1;
    /** The oldest format this build reads. */
    public static final int OLDEST = 1;
    private static final byte[] MAGIC = "PCAM".getBytes(StandardCharsets.US_ASCII);
    private static final int HASH = 32;

    private ArchiveManifestCodec() {
    }

    /** Encodes {@code manifest} in the {@link #NEWEST} format. */
    public static byte[] encode(ArchiveManifest manifest) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(MAGIC);
        Varint.write(NEWEST, out);
        ByteArrayOutputStream summary = new ByteArrayOutputStream();
        Varint.write(manifest.roots().size(), summary);
        for (Cid root : manifest.roots()) {
            writeBytes(summary, root.bytes());
        }
        Varint.write(manifest.carSize(), summary);
        summary.writeBytes(manifest.carSha256().digest());
        summary.writeBytes(manifest.piece().root());
        writeBytes(out, summary.toByteArray());
        List<BlockLocation> entries = manifest.index().entries();
        Varint.write(entries.size(), out);
        ByteArrayOutputStream block = new ByteArrayOutputStream();
        for (BlockLocation e : entries) {
            block.reset();
            writeBytes(block, e.cid().bytes());
            Varint.write(e.dataLength(), block);
            writeBytes(out, block.toByteArray());
        }
        return out.toByteArray();
    }

    /**
     * Decodes a manifest of any format from {@link #OLDEST} to {@link #NEWEST}.
     *
     * @throws ManifestFormatException the bytes are not a manifest, are inconsistent, or are of a newer format
     */
    public static ArchiveManifest decode(byte[] bytes) throws ManifestFormatException {
        try {
            return decodeChecked(bytes);
        } catch (IllegalArgumentException e) {
            // malformed varints and CIDs, impossible sizes, an index that does not fit the archive
            throw new ManifestFormatException("malformed archive manifest: " + e.getMessage(), e);
        }
    }

    private static ArchiveManifest decodeChecked(byte[] bytes) throws ManifestFormatException {
        if (bytes.length < MAGIC.length || !Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length)) {
            throw new ManifestFormatException("not an archive manifest: it does not start with PCAM");
        }
        Cursor c = new Cursor(bytes, MAGIC.length, bytes.length);
        long version = c.varint();
        if (version > NEWEST) {
            throw new ManifestFormatException("archive manifest format version " + version + " is newer than this "
                    + "build reads (versions " + OLDEST + " to " + NEWEST + "): it was written by a newer Pincluster; "
                    + "upgrade this peer");
        }
        if (version < OLDEST) {
            throw new ManifestFormatException("archive manifest format version " + version + " does not exist");
        }
        Cursor summary = c.record();
        long rootCount = summary.count();
        List<Cid> roots = new ArrayList<>();
        for (long i = 0; i < rootCount; i++) {
            roots.add(Cid.decode(summary.lengthPrefixed()));
        }
        long carSize = summary.varint();
        Multihash sha256 = Multihash.ofDigest(Multihash.SHA2_256, summary.bytes(HASH));
        byte[] pieceRoot = summary.bytes(HASH);
        PieceInfo piece = PieceInfo.of(pieceRoot, carSize);

        long blockCount = c.count();
        List<BlockLocation> entries = new ArrayList<>();
        long offset = ArchiveManifest.headerLength(roots);
        for (long i = 0; i < blockCount; i++) {
            Cursor block = c.record();
            Cid cid = Cid.decode(block.lengthPrefixed());
            long dataLength = block.varint();
            if (dataLength > Integer.MAX_VALUE) {
                throw new ManifestFormatException("block " + i + " of " + dataLength + " bytes: no block is that big");
            }
            BlockLocation location = BlockLocation.of(cid, offset, (int) dataLength);
            entries.add(location);
            offset = location.end();
        }
        c.expectEnd();
        return new ArchiveManifest(roots, carSize, sha256, piece, new ArchiveIndex(entries));
    }

    private static void writeBytes(ByteArrayOutputStream out, byte[] bytes) {
        Varint.write(bytes.length, out);
        out.writeBytes(bytes);
    }

    /** Reads within {@code [pos, limit)}; every length is checked against what is left before it is used. */
    private static final class Cursor {
        private final byte[] in;
        private final int limit;
        private int pos;

        Cursor(byte[] in, int pos, int limit) {
            this.in = in;
            this.pos = pos;
            this.limit = limit;
        }

        long varint() {
            Varint.Decoded d = Varint.decode(in, pos, limit);
            pos += d.length();
            return d.value();
        }

        /** A count of items that take at least a byte each: more than the bytes left is a lie. */
        long count() throws ManifestFormatException {
            long n = varint();
            if (n > limit - pos) {
                throw new ManifestFormatException("a count of " + n + " with " + (limit - pos) + " bytes left");
            }
            return n;
        }

        byte[] bytes(long n) throws ManifestFormatException {
            if (n > limit - pos) {
                throw new ManifestFormatException("a field of " + n + " bytes with " + (limit - pos) + " left");
            }
            byte[] out = Arrays.copyOfRange(in, pos, pos + (int) n);
            pos += (int) n;
            return out;
        }

        byte[] lengthPrefixed() throws ManifestFormatException {
            return bytes(varint());
        }

        /** The length-prefixed record here; this cursor moves past it whatever the record's reader leaves unread. */
        Cursor record() throws ManifestFormatException {
            long n = varint();
            if (n > limit - pos) {
                throw new ManifestFormatException("a record of " + n + " bytes with " + (limit - pos) + " left");
            }
            Cursor record = new Cursor(in, pos, pos + (int) n);
            pos += (int) n;
            return record;
        }

        void expectEnd() throws ManifestFormatException {
            if (pos != limit) {
                throw new ManifestFormatException("archive manifest has " + (limit - pos) + " trailing bytes");
            }
        }
    }
}
