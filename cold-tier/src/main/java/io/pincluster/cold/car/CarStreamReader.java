package io.pincluster.cold.car;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.car.CarFormatException.Problem;
import io.pincluster.ipld.car.CarHeaderCodec;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CARv1 stream section by section, knowing each section's offset: a whole archive (header, then sections
 * to the end of the stream) or a byte range of one (sections only, from a given offset to a given end). Every
 * length is checked against {@link CarLimits} before anything is allocated, and every block is hashed against its
 * CID before it is handed out, so a corrupt or truncated stream fails with a {@link CarFormatException} naming the
 * offset and never yields a block that does not match its CID. It does not know which blocks the archive should
 * hold: {@link VerifyingArchiveReader} and {@link ArchiveRangeReader} check that against the manifest.
 *
 * <p>The header is read by ipld's strict dag-cbor {@link CarHeaderCodec}, the one the CAR importer uses.
 */
public final class CarStreamReader {
    private final InputStream in;
    private final CarLimits limits;
    /** Where the sections stop: the end of a range, or {@link Long#MAX_VALUE} for "the end of the stream". */
    private final long end;
    private List<Cid> roots = List.of();
    private long position;

    private CarStreamReader(InputStream in, CarLimits limits, long start, long end) {
        this.in = in;
        this.limits = limits;
        this.position = start;
        this.end = end;
    }

    /** Reads the header of a whole archive in {@code in}; the sections follow with {@link #next()}. */
    public static CarStreamReader open(InputStream in, CarLimits limits) throws IOException {
        CarStreamReader reader = new CarStreamReader(in, limits, 0, Long.MAX_VALUE);
        reader.readHeader();
        return reader;
    }

    /**
     * Reads the sections of an archive's byte range {@code [start, end)}, whose bytes {@code in} holds (as a ranged
     * GET returns them). The range must begin and end at section boundaries; a section running past {@code end}, or
     * a stream ending before it, is {@link Problem#TRUNCATED}.
     */
    public static CarStreamReader range(InputStream in, long start, long end, CarLimits limits) {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad archive range [" + start + ", " + end + ")");
        }
        return new CarStreamReader(in, limits, start, end);
    }

    /** The roots the header names (none for a range). */
    public List<Cid> roots() {
        return roots;
    }

    /** The archive offset of the next byte to read. */
    public long position() {
        return position;
    }

    private void readHeader() throws IOException {
        long length = readLength("the header", Problem.BAD_HEADER);
        if (length < 0) {
            throw new CarFormatException(Problem.TRUNCATED, "empty stream: a CAR starts with its header");
        }
        if (length == 0 || length > limits.maxHeaderLength()) {
            throw new CarFormatException(length == 0 ? Problem.BAD_HEADER : Problem.SECTION_TOO_LARGE,
                    "CAR header of " + length + " bytes: it must be 1 to " + limits.maxHeaderLength());
        }
        roots = CarHeaderCodec.decode(readExactly((int) length, "the header"));
    }

    /** The next section's block, verified against its CID; null at the end of the archive or range. */
    public ArchivedBlock next() throws IOException {
        if (position == end) {
            return null;
        }
        long sectionOffset = position;
        long length = readLength("the section at offset " + sectionOffset, Problem.BAD_SECTION);
        if (length < 0) {
            if (end != Long.MAX_VALUE) {
                throw new CarFormatException(Problem.TRUNCATED, "the range ends at offset " + sectionOffset
                        + ", before its end at " + end);
            }
            return null;
        }
        if (length == 0) {
            throw new CarFormatException(Problem.BAD_SECTION, "empty section at offset " + sectionOffset
                    + ": a section holds at least a CID");
        }
        if (length > limits.maxSectionLength()) {
            throw new CarFormatException(Problem.SECTION_TOO_LARGE, "section at offset " + sectionOffset + " is "
                    + length + " bytes, over the limit of " + limits.maxSectionLength());
        }
        if (length > end - position) {
            throw new CarFormatException(Problem.TRUNCATED, "section at offset " + sectionOffset + " of " + length
                    + " bytes runs past the end of the range at " + end);
        }
        byte[] section = readExactly((int) length, "the section at offset " + sectionOffset);
        Cid cid;
        try {
            cid = Cid.decodePrefix(section, 0);
        } catch (CidParseException e) {
            throw new CarFormatException(Problem.BAD_SECTION, "section at offset " + sectionOffset
                    + " does not start with a CID: " + e.getMessage(), e);
        }
        int cidLength = cid.byteLength();
        if (!cid.multihash().matches(section, cidLength, section.length - cidLength)) {
            throw new CarFormatException(Problem.HASH_MISMATCH, "block in the section at offset " + sectionOffset
                    + " does not hash to its CID " + cid);
        }
        BlockLocation location = BlockLocation.of(cid, sectionOffset, section.length - cidLength);
        return new ArchivedBlock(location, Arrays.copyOfRange(section, cidLength, section.length));
    }

    /** A length varint; -1 at a clean end of the stream before its first byte. */
    private long readLength(String what, Problem malformed) throws IOException {
        byte[] varint = new byte[Varint.MAX_BYTES];
        int n = 0;
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (n == 0) {
                    return -1;
                }
                throw new CarFormatException(Problem.TRUNCATED, "stream ends inside the length of " + what);
            }
            position++;
            varint[n++] = (byte) b;
            if ((b & 0x80) == 0) {
                break;
            }
            if (n == Varint.MAX_BYTES) {
                throw new CarFormatException(malformed, "length of " + what + " is a varint longer than "
                        + Varint.MAX_BYTES + " bytes");
            }
        }
        try {
            return Varint.decode(varint, 0, n).value();
        } catch (CidParseException e) {
            throw new CarFormatException(malformed, "malformed length of " + what + ": " + e.getMessage(), e);
        }
    }

    private byte[] readExactly(int length, String what) throws IOException {
        byte[] buf = in.readNBytes(length);
        position += buf.length;
        if (buf.length != length) {
            throw new CarFormatException(Problem.TRUNCATED, "stream ends inside " + what + ": " + buf.length + " of "
                    + length + " bytes");
        }
        return buf;
    }
}
