package io.pincluster.cold.car;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads blocks out of a byte range of an archive, for a restore that fetches only what it needs (one ranged GET
 * per block, or per run of neighbouring blocks). The range must start and end at sections of the index; every
 * section in it must be the one the index has at that offset, and its block must hash to its CID. Nothing of a
 * range that fails is returned.
 */
public final class ArchiveRangeReader {
    private final ArchiveIndex index;
    private final CarLimits limits;

    public ArchiveRangeReader(ArchiveIndex index, CarLimits limits) {
        this.index = index;
        this.limits = limits;
    }

    /**
     * The blocks in archive bytes {@code [start, end)}, which {@code range} holds (not closed).
     *
     * @throws IllegalArgumentException {@code start} is not the offset of a section of the index
     * @throws ArchiveMismatchException a section is not the one the index has there
     * @throws io.pincluster.ipld.car.CarFormatException the bytes are not well-formed sections, a block does not
     *         hash to its CID, or the range is cut short
     */
    public List<ArchivedBlock> read(InputStream range, long start, long end) throws IOException {
        if (index.at(start).isEmpty() || (end != index.end() && index.at(end).isEmpty())) {
            throw new IllegalArgumentException("range [" + start + ", " + end + ") does not start and end at sections"
                    + " of the archive");
        }
        CarStreamReader car = CarStreamReader.range(range, start, end, limits);
        List<ArchivedBlock> out = new ArrayList<>();
        for (ArchivedBlock block = car.next(); block != null; block = car.next()) {
            BlockLocation want = index.at(block.location().sectionOffset()).orElse(null);
            if (!block.location().equals(want)) {
                throw new ArchiveMismatchException("the archive holds " + block.location() + " where its index has "
                        + want);
            }
            out.add(block);
        }
        return out;
    }
}
