package io.pincluster.cold.car;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Varint;

/**
 * Where one block sits in an archive: its section starts at {@code sectionOffset} with the length varint, then the
 * CID, then {@code dataLength} bytes of block data from {@code dataOffset}. A range GET of
 * {@code [sectionOffset, end())} fetches the section, one of {@code [dataOffset, end())} just the data.
 */
public record BlockLocation(Cid cid, long sectionOffset, long dataOffset, int dataLength) {
    public BlockLocation {
        if (cid == null || sectionOffset < 0 || dataLength < 0) {
            throw new IllegalArgumentException("bad block location: " + cid + " at " + sectionOffset + ", "
                    + dataLength + " bytes");
        }
        if (dataOffset != dataOffsetOf(cid, sectionOffset, dataLength)) {
            throw new IllegalArgumentException("data of " + cid + " in the section at " + sectionOffset + " starts at "
                    + dataOffsetOf(cid, sectionOffset, dataLength) + ", not " + dataOffset);
        }
    }

    /** The location of a section written at {@code sectionOffset}. */
    public static BlockLocation of(Cid cid, long sectionOffset, int dataLength) {
        return new BlockLocation(cid, sectionOffset, dataOffsetOf(cid, sectionOffset, dataLength), dataLength);
    }

    private static long dataOffsetOf(Cid cid, long sectionOffset, int dataLength) {
        long body = (long) cid.byteLength() + dataLength;
        return sectionOffset + Varint.size(body) + cid.byteLength();
    }

    /** The offset just past the block: where the next section starts. */
    public long end() {
        return dataOffset + dataLength;
    }

    /** The section's bytes, varint included. */
    public long sectionLength() {
        return end() - sectionOffset;
    }
}
