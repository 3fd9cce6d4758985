package io.pincluster.ipld.car;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarFormatException.Problem;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a CAR v1 stream one section at a time: {@code varint(len) header}, then {@code varint(len) CID block}
 * until the end. Lengths are checked against a limit before anything is allocated, and every block is hashed
 * before it is handed out.
 */
public final class CarReader {
    /** Headers only name roots; anything this big is not a header. */
    static final int MAX_HEADER_SIZE = 1024 * 1024;

    private final InputStream in;
    private final int maxSectionSize;
    private final List<Cid> roots;

    private CarReader(InputStream in, int maxSectionSize, List<Cid> roots) {
        this.in = in;
        this.maxSectionSize = maxSectionSize;
        this.roots = roots;
    }

    /** Reads the header of {@code in}; sections longer than {@code maxSectionSize} will be refused. */
    public static CarReader open(InputStream in, int maxSectionSize) throws IOException {
        long length = readLength(in, Problem.BAD_HEADER);
        if (length < 0) {
            throw new CarFormatException(Problem.TRUNCATED, "empty stream: a CAR starts with its header");
        }
        if (length > MAX_HEADER_SIZE) {
            throw new CarFormatException(Problem.SECTION_TOO_LARGE, "CAR header of " + length
                    + " bytes is over the limit of " + MAX_HEADER_SIZE);
        }
        List<Cid> roots = CarHeaderCodec.decode(readExactly(in, (int) length, "the header"));
        return new CarReader(in, maxSectionSize, roots);
    }

    public List<Cid> roots() {
        return roots;
    }

    /** The next verified section, or null at a clean end of the stream. */
    public CarSection next() throws IOException {
        long length = readLength(in, Problem.BAD_SECTION);
        if (length < 0) {
            return null;
        }
        if (length == 0) {
            throw new CarFormatException(Problem.BAD_SECTION, "empty section: a section holds at least a CID");
        }
        if (length > maxSectionSize) {
            throw new CarFormatException(Problem.SECTION_TOO_LARGE, "section of " + length
                    + " bytes is over the limit of " + maxSectionSize);
        }
        byte[] section = readExactly(in, (int) length, "a section");
        Cid cid;
        try {
            cid = Cid.decodePrefix(section, 0);
        } catch (CidParseException e) {
            throw new CarFormatException(Problem.BAD_SECTION, "section does not start with a CID: " + e.getMessage(), e);
        }
        int offset = cid.byteLength();
        if (!cid.multihash().matches(section, offset, section.length - offset)) {
            throw new CarFormatException(Problem.HASH_MISMATCH, "section data does not hash to its CID " + cid);
        }
        return new CarSection(cid, Arrays.copyOfRange(section, offset, section.length));
    }

    private static long readLength(InputStream in, Problem malformed) throws IOException {
        try {
            return Varint.read(in);
        } catch (CidParseException e) {
            Problem p = e.getMessage().contains("truncated") ? Problem.TRUNCATED : malformed;
            throw new CarFormatException(p, "bad length prefix: " + e.getMessage(), e);
        }
    }

    private static byte[] readExactly(InputStream in, int length, String what) throws IOException {
        byte[] buf = in.readNBytes(length);
        if (buf.length != length) {
            throw new CarFormatException(Problem.TRUNCATED, "stream ends inside " + what + ": " + buf.length
                    + " of " + length + " bytes");
        }
        return buf;
    }
}
