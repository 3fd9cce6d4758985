package io.pincluster.service.cold;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A peer's read marks (decision 0024): only archived pins, the latest time each, one report, retried on failure. */
class ReadMarksTest {
    private static final Instant T0 = Instant.parse("2026-12-05T01:00:00Z");

    private final ManualClock clock = new ManualClock(T0);
    private final ArchiveIndex index = new ArchiveIndex();
    private final List<ReadReport> sent = new CopyOnWriteArrayList<>();
    private final AtomicBoolean failing = new AtomicBoolean();
    private final ReadMarks marks = new ReadMarks(new ArchiveRecords() {
        @Override
        public void recordArchive(ArchiveEntry entry) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void removeArchive(ArchiveRemoval removal) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void reportReads(ReadReport report) {
            if (failing.get()) {
                throw new ClusterException(ErrorCode.NO_QUORUM, "no quorum");
            }
            sent.add(report);
        }

        @Override
        public ArchiveIndex archiveIndex() {
            return index;
        }
    }, Duration.ofMinutes(1), clock);

    @AfterEach
    void close() {
        marks.close();
    }

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("marks-pin" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private void archive(Cid cid) {
        index.put(new ArchiveEntry(cid, "archives/" + cid + "/x.car", "ab".repeat(32), 1, "baga", T0));
    }

    @Test
    void onlyArchivedPinsAreMarkedAndEachReportCarriesTheLatestReadOnce() {
        archive(cid(1));
        archive(cid(2));
        marks.mark(cid(1));
        clock.advance(Duration.ofSeconds(5));
        marks.mark(cid(1));
        marks.mark(cid(3)); // not archived: not tracked
        assertThat(marks.pending()).isEqualTo(1);

        assertThat(marks.report()).isEqualTo(1);
        assertThat(sent).hasSize(1);
        assertThat(sent.get(0).reads()).containsOnlyKeys(cid(1)).containsEntry(cid(1), T0.plusSeconds(5));
        assertThat(marks.report()).as("nothing read since: no entry").isZero();
        assertThat(sent).hasSize(1);
    }

    @Test
    void aFailedReportIsSentWithTheNextOne() {
        archive(cid(1));
        archive(cid(2));
        marks.mark(cid(1));
        failing.set(true);
        assertThatThrownBy(marks::report).isInstanceOf(ClusterException.class);
        clock.advance(Duration.ofSeconds(5));
        marks.mark(cid(2));
        failing.set(false);

        assertThat(marks.report()).isEqualTo(2);
        assertThat(sent.get(0).reads()).containsEntry(cid(1), T0).containsEntry(cid(2), T0.plusSeconds(5));
        assertThat(marks.reported()).isEqualTo(2);
    }
}
