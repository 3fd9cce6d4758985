package io.pincluster.service.cold;

import io.pincluster.cold.archive.ArchiveKeys;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.ObjectInfo;
import io.pincluster.cold.s3.PendingUpload;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.state.PinSetView;
import io.pincluster.service.periodic.PeriodicTask;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Garbage collection of archives (decision 0021), run by the Raft leader only: every {@code gc_interval} it deletes
 * the archives (CAR and sidecar) that no pin the policy wants needs any more, once they have been unwanted for
 * {@code gc_grace}, and aborts multipart uploads nobody will finish.
 *
 * <p><b>Unwanted</b>: an index entry whose pin is gone or no longer wanted by the policy, and an archive in the bucket
 * (a key of {@link ArchiveKeys}' form under the prefix) that no index entry names and whose pin is not wanted (an
 * unpinned pin's archive, an archive whose record was never committed). Never an archive of a pin that is pinned and
 * wanted, indexed or not: its record may be on its way.
 *
 * <p><b>Grace</b>: an archive is collected only when this leader has seen it unwanted for {@code gc_grace} on every
 * pass since, <em>and</em> its objects were last written more than {@code gc_grace} ago. The first clock is in
 * memory: a new leader starts it again, which can only delay a deletion, never hasten it; a pin re-pinned (or changed
 * to {@code archive=true}) during the grace is wanted again, forgotten by the clock, and keeps its archive. The second
 * keeps a fresh upload whose record is not committed yet out of reach of a leader that just took over.
 *
 * <p><b>Order</b>: the index entry is removed through the log first ({@link ArchiveRecords#removeArchive}, applied by
 * every replica only if the collector's judgement still holds), then the sidecar, then the CAR: no replica points at
 * an archive that is gone, and a sidecar in the bucket always describes a CAR that is there (0018). A crash between
 * the steps leaves an unindexed CAR, which the next pass collects. At most {@code maxDeletions} archives per pass;
 * the rest wait for the next pass.
 *
 * <p>Multipart uploads started more than {@code upload_grace} ago are aborted; that bound is kept far beyond the
 * longest upload (at least a day), so a running job's upload is never cut off.
 */
public final class ArchiveCollector implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ArchiveCollector.class);
    private static final Pattern ARCHIVE_NAME = Pattern.compile("[0-9a-f]{64}\\.(car|manifest)");
    private static final String CAR = ".car";

    /**
     * What the collector needs.
     *
     * @param policy         the archive policy: an archive of a pin it wants is never collected
     * @param interval       time between passes; zero turns the collector off
     * @param grace          how long an archive must be unwanted (and its objects unwritten) before it goes
     * @param uploadGrace    how old an open multipart upload must be before it is aborted
     * @param maxDeletions   archives removed (from the index, the bucket or both) per pass at most
     */
    public record Settings(ArchivePolicy policy, Duration interval, Duration grace, Duration uploadGrace,
                           int maxDeletions) {
    }

    /** What one pass did, for logs and tests. */
    public record Pass(boolean leading, int unwanted, int indexRemoved, int archivesDeleted, long bytesFreed,
                       int uploadsAborted, int deferred) {
        static final Pass NOT_LEADING = new Pass(false, 0, 0, 0, 0, 0, 0);
    }

    /** One archive as the listing shows it: its CAR and sidecar objects (either may be missing). */
    private static final class Listed {
        final Cid root;
        ObjectInfo car;
        ObjectInfo manifest;

        Listed(Cid root) {
            this.root = root;
        }

        Instant lastWritten() {
            Instant a = car == null || car.lastModified() == null ? Instant.MIN : car.lastModified();
            Instant b = manifest == null || manifest.lastModified() == null ? Instant.MIN : manifest.lastModified();
            return a.isAfter(b) ? a : b;
        }
    }

    private final PinSetView pinset;
    private final ArchiveRecords records;
    private final ArchiveObjectStore store;
    private final ArchiveKeys keys;
    private final BooleanSupplier leads;
    private final Settings settings;
    private final Clock clock;
    private final PeriodicTask timer;
    /** CAR key → when this leader first saw it unwanted; touched only by the pass (one at a time). */
    private final Map<String, Instant> unwantedSince = new HashMap<>();
    private final Object passLock = new Object();
    private final AtomicLong collected = new AtomicLong();
    private final AtomicLong bytesFreed = new AtomicLong();
    private final AtomicLong uploadsAborted = new AtomicLong();
    private final AtomicLong failures = new AtomicLong();
    /** Told each object key just before it is deleted: lets a test check the order against the real bucket. */
    private volatile java.util.function.Consumer<String> beforeDelete = key -> { };

    /**
     * @param leads true while this peer is the Raft leader and its replica has applied everything committed (a
     *              lagging replica could take a pin for gone)
     */
    public ArchiveCollector(PinSetView pinset, ArchiveRecords records, ArchiveObjectStore store, ArchiveKeys keys,
                            BooleanSupplier leads, Settings settings, Clock clock) {
        this.pinset = pinset;
        this.records = records;
        this.store = store;
        this.keys = keys;
        this.leads = leads;
        this.settings = settings;
        this.clock = clock;
        this.timer = new PeriodicTask("cold-archive-gc", settings.interval(), Duration.ofSeconds(10),
                this::collectAndLog, this::failed);
    }

    /** Runs a pass every {@code interval}, on every peer (a peer that does not lead does nothing); not when zero. */
    public void start() {
        if (settings.interval().toMillis() <= 0) {
            return;
        }
        timer.start();
    }

    private void collectAndLog() throws IOException {
        Pass pass = collect();
        if (pass.archivesDeleted() > 0 || pass.uploadsAborted() > 0 || pass.indexRemoved() > 0) {
            LOG.info("archive garbage collection: {}", pass);
        }
    }

    private void failed(Exception e, boolean closing) {
        if (closing) {
            return; // the interrupted request is not a failure of the bucket
        }
        failures.incrementAndGet();
        LOG.warn("archive garbage collection failed (the next pass tries again): {}", e.toString());
    }

    /**
     * One pass. Does nothing (and forgets its grace clocks) while this peer does not lead.
     *
     * @throws IOException the bucket could not be listed, or an object not deleted
     * @throws io.pincluster.core.error.ClusterException an index removal could not be committed
     */
    public Pass collect() throws IOException {
        synchronized (passLock) {
            if (!leads.getAsBoolean()) {
                unwantedSince.clear(); // a later term starts the grace again: never shortens it
                return Pass.NOT_LEADING;
            }
            return collectAsLeader(clock.instant());
        }
    }

    private Pass collectAsLeader(Instant now) throws IOException {
        Map<String, Listed> listed = listArchives();
        Map<String, ArchiveEntry> indexed = new HashMap<>();
        for (ArchiveEntry e : records.archiveIndex().all()) {
            indexed.put(e.objectKey(), e);
        }
        // every unwanted archive, by CAR key, in key order
        TreeMap<String, Cid> unwanted = new TreeMap<>();
        for (ArchiveEntry e : indexed.values()) {
            if (!wanted(e.cid())) {
                unwanted.put(e.objectKey(), e.cid());
            }
        }
        listed.forEach((carKey, l) -> {
            if (!indexed.containsKey(carKey) && !wanted(l.root)) {
                unwanted.put(carKey, l.root);
            }
        });
        unwantedSince.keySet().retainAll(unwanted.keySet()); // wanted again (re-pinned): its clock starts over
        unwanted.keySet().forEach(k -> unwantedSince.putIfAbsent(k, now));

        Instant writtenBefore = now.minus(settings.grace());
        int indexRemoved = 0;
        int deleted = 0;
        int deferred = 0;
        int done = 0; // archives removed from the index or the bucket: what the bound counts
        long freed = 0;
        for (var u : unwanted.entrySet()) {
            String carKey = u.getKey();
            Cid root = u.getValue();
            Listed objects = listed.get(carKey);
            if (now.isBefore(unwantedSince.get(carKey).plus(settings.grace()))
                    || objects != null && objects.lastWritten().isAfter(writtenBefore)) {
                continue;
            }
            if (done >= settings.maxDeletions()) {
                deferred++;
                continue;
            }
            ArchiveEntry entry = indexed.get(carKey);
            if (entry != null) {
                Optional<Pin> pin = pinset.get(root);
                records.removeArchive(new ArchiveRemoval(root, carKey, pin.map(Pin::timestamp).orElse(null)));
                if (stillIndexed(root, carKey)) {
                    continue; // the pin changed since we looked: every replica kept the entry, so do we
                }
                indexRemoved++;
                done++;
            }
            // Looked at again just before deleting: a pin re-pinned meanwhile keeps its archive.
            if (wanted(root) || stillIndexed(root, carKey)) {
                continue;
            }
            if (objects != null) {
                if (objects.manifest != null) {
                    beforeDelete.accept(objects.manifest.key());
                    store.delete(objects.manifest.key()); // the sidecar first: it must never outlive its CAR
                    freed += objects.manifest.size();
                    bytesFreed.addAndGet(objects.manifest.size());
                }
                if (objects.car != null) {
                    beforeDelete.accept(objects.car.key());
                    store.delete(objects.car.key());
                    freed += objects.car.size();
                    bytesFreed.addAndGet(objects.car.size());
                }
                deleted++;
                collected.incrementAndGet();
                if (entry == null) {
                    done++;
                }
            }
            LOG.info("collected the archive {} of {} (unwanted since {})", carKey, root,
                    unwantedSince.remove(carKey));
        }
        List<PendingUpload> aborted = store.abortUploadsStartedBefore(keys.prefix(),
                now.minus(settings.uploadGrace()));
        uploadsAborted.addAndGet(aborted.size());
        for (PendingUpload a : aborted) {
            LOG.info("aborted the multipart upload {} of {}, started {}", a.uploadId(), a.key(), a.initiated());
        }
        return new Pass(true, unwanted.size(), indexRemoved, deleted, freed, aborted.size(), deferred);
    }

    /**
     * A pin the policy wants, or one whose hot copies were dropped (decision 0024): its archive is its only copy, so
     * it is kept while the pin is pinned, whatever the policy says now.
     */
    private boolean wanted(Cid cid) {
        return pinset.get(cid).filter(p -> settings.policy().wants(p)
                || io.pincluster.core.cold.HotDrop.coldOnly(p, records.archiveIndex().contains(cid))).isPresent();
    }

    private boolean stillIndexed(Cid root, String carKey) {
        return records.archiveIndex().get(root).filter(e -> e.objectKey().equals(carKey)).isPresent();
    }

    /**
     * The bucket's archives under the prefix, by CAR key. Only keys of the archive form ({@code <prefix><CID>/<64 hex
     * digits>.car} or {@code .manifest}) count: anything else under the prefix is not this cluster's to delete.
     */
    private Map<String, Listed> listArchives() throws IOException {
        Map<String, Listed> byCar = new HashMap<>();
        String prefix = keys.prefix();
        for (ObjectInfo o : store.list(prefix)) {
            String rest = o.key().substring(prefix.length());
            int slash = rest.indexOf('/');
            if (slash <= 0 || !ARCHIVE_NAME.matcher(rest.substring(slash + 1)).matches()) {
                continue;
            }
            Cid root;
            try {
                root = Cid.parse(rest.substring(0, slash));
            } catch (RuntimeException notACid) {
                continue;
            }
            boolean car = o.key().endsWith(CAR);
            String carKey = car ? o.key() : keys.carKeyOfManifest(o.key());
            Listed l = byCar.computeIfAbsent(carKey, k -> new Listed(root));
            if (car) {
                l.car = o;
            } else {
                l.manifest = o;
            }
        }
        return byCar;
    }

    void beforeDelete(java.util.function.Consumer<String> observer) {
        beforeDelete = observer;
    }

    /** Archives (CAR and sidecar) this peer deleted since start. */
    public long collected() {
        return collected.get();
    }

    /** Bytes of the objects this peer deleted since start. */
    public long bytesFreed() {
        return bytesFreed.get();
    }

    /** Multipart uploads this peer aborted since start. */
    public long uploadsAborted() {
        return uploadsAborted.get();
    }

    /** Passes that failed (the bucket or the log could not be reached); the next pass tries again. */
    public long failures() {
        return failures.get();
    }

    @Override
    public void close() {
        timer.close();
    }
}
