package io.pincluster.cold.archive;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.cold.car.BlockLocation;
import io.pincluster.core.cid.Cid;
import java.util.List;
import org.junit.jupiter.api.Test;

class SectionRunTest {
    private static final Cid CID = Cid.parse("bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku");

    /** Back-to-back sections of {@code lengths} data bytes from offset 100. */
    private static List<BlockLocation> sections(int... lengths) {
        List<BlockLocation> out = new java.util.ArrayList<>();
        long offset = 100;
        for (int length : lengths) {
            BlockLocation l = BlockLocation.of(CID, offset, length);
            out.add(l);
            offset = l.end();
        }
        return out;
    }

    @Test
    void neighboursMergeUpToTheLimit() {
        List<BlockLocation> s = sections(1000, 1000, 1000, 1000);
        long section = s.get(0).sectionLength();

        assertThat(SectionRun.plan(s, 0, 10_000)).containsExactly(new SectionRun(100, s.get(3).end()));
        assertThat(SectionRun.plan(s, 0, 2 * section)).containsExactly(
                new SectionRun(100, s.get(1).end()), new SectionRun(s.get(2).sectionOffset(), s.get(3).end()));
        assertThat(SectionRun.plan(s, 0, 10)).as("a section over the limit is a run of its own").hasSize(4);
    }

    @Test
    void sectionsAFewBytesApartMergeAndFarOnesDoNot() {
        List<BlockLocation> all = sections(100, 100, 100_000, 100);
        List<BlockLocation> wanted = List.of(all.get(0), all.get(1), all.get(3));

        assertThat(SectionRun.plan(wanted, 1024, 1 << 20)).containsExactly(
                new SectionRun(100, all.get(1).end()), new SectionRun(all.get(3).sectionOffset(), all.get(3).end()));
        assertThat(SectionRun.plan(wanted, 200_000, 1 << 20)).containsExactly(new SectionRun(100, all.get(3).end()));
        assertThat(SectionRun.plan(List.of(), 0, 10)).isEmpty();
    }
}
