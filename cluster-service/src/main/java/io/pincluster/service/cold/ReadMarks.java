package io.pincluster.service.cold;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ReadReport;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.DirectoryEntry;
import io.pincluster.gateway.content.ResolvedNode;
import io.pincluster.ipld.unixfs.FileChunks;
import io.pincluster.service.periodic.PeriodicTask;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This peer's reads of archived pins (decision 0024): every gateway request and proxy {@code cat} this peer serves
 * marks the CID it is about, when the index has an archive of it, with the time of the read; every
 * {@code cold.read_report_interval} the marks since the last report go to every replica as one log entry
 * ({@link ArchiveRecords#reportReads}), so the cluster's "last read" of a pin is replicated state that survives
 * leader changes, at one entry per peer per interval however many reads. A report that fails is merged back and sent
 * with the next one; only the latest time per pin is kept, so memory is bounded by the archived pins read in one
 * interval.
 */
public final class ReadMarks implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ReadMarks.class);

    private final ArchiveRecords records;
    private final ArchiveIndex index;
    private final Clock clock;
    private final ConcurrentHashMap<Cid, Instant> marks = new ConcurrentHashMap<>();
    private final AtomicLong reported = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    private final PeriodicTask timer;

    public ReadMarks(ArchiveRecords records, Duration interval, Clock clock) {
        this.records = records;
        this.index = records.archiveIndex();
        this.clock = clock;
        this.timer = new PeriodicTask("cold-read-reports", interval, Duration.ofSeconds(10), this::reportAndLog,
                this::failed);
    }

    /** Reports every {@code interval} from now on. */
    public void start() {
        timer.start();
    }

    /** A read of {@code cid} now; cheap (a map lookup), so it may run on the gateway's event loop. */
    public void mark(Cid cid) {
        if (cid != null && index.contains(cid)) {
            marks.merge(cid, clock.instant(), (a, b) -> a.isAfter(b) ? a : b);
        }
    }

    /** Pins read since the last report, waiting for the next. */
    public int pending() {
        return marks.size();
    }

    /** Pins whose reads this peer reported (one per pin per report). */
    public long reported() {
        return reported.get();
    }

    public long failures() {
        return failures.get();
    }

    /**
     * Sends the reads marked since the last report, in entries of at most {@link ReadReport#MAX_READS} pins; returns
     * how many pins were reported. A failed entry's reads are merged back for the next report, and the failure is
     * thrown.
     */
    public int report() {
        Map<Cid, Instant> taken = new HashMap<>();
        for (Cid cid : List.copyOf(marks.keySet())) {
            Instant at = marks.remove(cid);
            if (at != null) {
                taken.put(cid, at);
            }
        }
        List<Map.Entry<Cid, Instant>> all = new ArrayList<>(taken.entrySet());
        int sent = 0;
        for (int from = 0; from < all.size(); from += ReadReport.MAX_READS) {
            List<Map.Entry<Cid, Instant>> part = all.subList(from, Math.min(all.size(), from + ReadReport.MAX_READS));
            Map<Cid, Instant> batch = new HashMap<>();
            part.forEach(e -> batch.put(e.getKey(), e.getValue()));
            try {
                records.reportReads(new ReadReport(batch));
            } catch (RuntimeException e) {
                // this part and the ones after it wait for the next report
                all.subList(from, all.size()).forEach(r -> marks.merge(r.getKey(), r.getValue(),
                        (a, b) -> a.isAfter(b) ? a : b));
                throw e;
            }
            sent += batch.size();
            reported.addAndGet(batch.size());
        }
        return sent;
    }

    private void reportAndLog() {
        int n = report();
        if (n > 0) {
            LOG.debug("reported the reads of {} archived pins", n);
        }
    }

    private void failed(Exception e, boolean closing) {
        if (closing) {
            return; // the interrupted entry is not a failure of the log; its reads were merged back all the same
        }
        failures.incrementAndGet();
        LOG.warn("reporting the reads of archived pins failed (sent with the next report): {}", e.toString());
    }

    /** {@code source}, marking the CID each read is about ({@link #mark}); its in-memory view marks too. */
    public ContentSource marking(ContentSource source) {
        return new Marking(source);
    }

    private final class Marking implements ContentSource {
        private final ContentSource source;

        Marking(ContentSource source) {
            this.source = source;
        }

        @Override
        public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
            mark(root);
            return source.resolve(root, path);
        }

        @Override
        public InputStream openFile(Cid file, long offset, long length) throws IOException {
            mark(file);
            return source.openFile(file, offset, length);
        }

        @Override
        public FileChunks openChunks(Cid file, long offset, long length) throws IOException {
            mark(file);
            return source.openChunks(file, offset, length);
        }

        @Override
        public ContentSource inMemory() {
            ContentSource memory = source.inMemory();
            return memory == null ? null : new Marking(memory);
        }

        @Override
        public List<DirectoryEntry> list(Cid directory) throws IOException {
            mark(directory);
            return source.list(directory);
        }

        @Override
        public byte[] rawBlock(Cid cid) throws IOException {
            mark(cid);
            return source.rawBlock(cid);
        }

        @Override
        public void checkComplete(Cid root) throws IOException {
            mark(root);
            source.checkComplete(root);
        }

        @Override
        public void exportCar(Cid root, OutputStream out) throws IOException {
            mark(root);
            source.exportCar(root, out);
        }
    }

    @Override
    public void close() {
        timer.close();
    }
}
