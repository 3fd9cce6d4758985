package io.pincluster.cold.archive;

import io.pincluster.cold.car.BlockLocation;
import java.util.ArrayList;
import java.util.List;

/**
 * Archive bytes {@code [start, end)} from the start of one section to the end of another: what one ranged GET
 * fetches on restore. S3 serves one range per request, so neighbouring blocks are merged into one run to save
 * round trips; a run stops growing at {@code maxBytes} so that one response stays a bounded buffer.
 */
record SectionRun(long start, long end) {
    SectionRun {
        if (start < 0 || end <= start) {
            throw new IllegalArgumentException("a run of sections is [start, end) with start < end: [" + start + ", "
                    + end + ")");
        }
    }

    long length() {
        return end - start;
    }

    /**
     * The runs that fetch every section of {@code sections} (in archive order): neighbours merge while the run
     * stays within {@code maxBytes}, and so do sections up to {@code maxGap} bytes apart (the sections between come
     * along, are verified, and dropped), because one request more costs more than a few KiB read for nothing. A
     * section longer than {@code maxBytes} is a run of its own.
     */
    static List<SectionRun> plan(List<BlockLocation> sections, long maxGap, long maxBytes) {
        List<SectionRun> runs = new ArrayList<>();
        long start = -1;
        long end = -1;
        for (BlockLocation s : sections) {
            if (s.sectionOffset() < end) {
                throw new IllegalArgumentException("sections out of archive order at " + s.sectionOffset());
            }
            boolean joins = start >= 0 && s.sectionOffset() - end <= maxGap && s.end() - start <= maxBytes;
            if (!joins) {
                if (start >= 0) {
                    runs.add(new SectionRun(start, end));
                }
                start = s.sectionOffset();
            }
            end = s.end();
        }
        if (start >= 0) {
            runs.add(new SectionRun(start, end));
        }
        return runs;
    }
}
