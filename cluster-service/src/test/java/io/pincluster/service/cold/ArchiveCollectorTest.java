package io.pincluster.service.cold;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.cold.archive.ArchiveKeys;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.S3MockExtension;
import io.pincluster.cold.s3.S3MockServer;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.cold.ArchiveEntry;
import io.pincluster.core.cold.ArchiveIndex;
import io.pincluster.core.cold.ArchivePolicy;
import io.pincluster.core.cold.ArchiveRecords;
import io.pincluster.core.cold.ArchiveRemoval;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import io.pincluster.testkit.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;

/**
 * The archive garbage collector (decision 0021) against a real S3 server (S3Mock) with a manual clock: the grace is
 * respected, a pin re-pinned during it keeps its archive, an archive whose record was never committed is collected,
 * the index entry goes before the sidecar and the sidecar before the CAR, a pass deletes a bounded number, old
 * multipart uploads are aborted and young ones kept, and a peer that does not lead does nothing.
 *
 * <p>The replicated index is this peer's {@link ArchiveIndex} behind a small in-memory {@link ArchiveRecords} that
 * applies removals by the state machine's own rule ({@link ArchiveRemoval#appliesTo}); the Raft path of a removal is
 * covered by {@code ArchiveGcClusterTest} and the consensus tests.
 */
@ExtendWith(S3MockExtension.class)
class ArchiveCollectorTest {
    private static final Duration GRACE = Duration.ofHours(1);
    private static final Map<String, String> ARCHIVE = Map.of(ArchivePolicy.OPTION_KEY, "true");

    @TempDir
    Path dir;
    private final S3MockServer s3;
    private ArchiveObjectStore store;
    private final ArchiveKeys keys = new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX);
    private final PinSetState pinset = new PinSetState();
    private final ArchiveIndex index = new ArchiveIndex();
    /** Every removal the collector asked for, with whether the archive's objects were still in the bucket then. */
    private final List<String> events = new ArrayList<>();
    private final AtomicBoolean leading = new AtomicBoolean(true);
    // S3Mock stamps objects with the real time: the manual clock starts there, so "written before" means something
    private final ManualClock clock = new ManualClock(Instant.now().truncatedTo(ChronoUnit.SECONDS));
    private int pinCounter;
    /** When set, this pin is re-pinned with archive=true just before the next removal is applied (a racing update). */
    private volatile Cid repinBeforeRemoval;

    ArchiveCollectorTest(S3MockServer s3) {
        this.s3 = s3;
    }

    @BeforeEach
    void openBucket() {
        store = ArchiveObjectStore.open(s3.config(s3.createBucket()));
    }

    private final List<ArchiveCollector> collectors = new ArrayList<>();

    @AfterEach
    void close() {
        collectors.forEach(ArchiveCollector::close);
        store.close();
    }

    private final ArchiveRecords records = new ArchiveRecords() {
        @Override
        public void recordArchive(ArchiveEntry entry) {
            if (pinset.get(entry.cid()).isPresent()) {
                index.put(entry);
            }
        }

        @Override
        public void removeArchive(ArchiveRemoval removal) {
            boolean present = exists(removal.objectKey()) && exists(keys.manifestKey(removal.objectKey()));
            events.add("remove " + removal.objectKey() + (present ? " (objects present)" : " (objects gone)"));
            if (removal.cid().equals(repinBeforeRemoval)) {
                clock.advance(Duration.ofMillis(1));
                pin(removal.cid(), true);
            }
            if (removal.appliesTo(index.get(removal.cid()), pinset.get(removal.cid()))) {
                index.remove(removal.cid());
            }
        }

        @Override
        public ArchiveIndex archiveIndex() {
            return index;
        }
    };

    private ArchiveCollector collector(int maxDeletions) {
        ArchiveCollector c = new ArchiveCollector(pinset, records, store, keys, leading::get,
                new ArchiveCollector.Settings(ArchivePolicy.OPTION, Duration.ZERO, GRACE, Duration.ofDays(1),
                        maxDeletions), clock);
        collectors.add(c);
        c.beforeDelete(key -> {
            if (keys.isCarKey(key)) {
                events.add("delete car " + key + (exists(keys.manifestKey(key)) ? " (sidecar still there)"
                        : " (sidecar gone)"));
            } else {
                String car = keys.carKeyOfManifest(key);
                events.add("delete sidecar " + key + (index.get(rootOf(car)).filter(e -> e.objectKey().equals(car))
                        .isPresent() ? " (still indexed)" : " (not indexed)"));
            }
        });
        return c;
    }

    private Cid rootOf(String carKey) {
        String rest = carKey.substring(keys.prefix().length());
        return Cid.parse(rest.substring(0, rest.indexOf('/')));
    }

    private boolean exists(String key) {
        try {
            return store.head(key).isPresent();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private Cid newCid() {
        return Cid.v1(Codec.RAW, Multihash.sha256(("gc " + pinCounter++).getBytes(StandardCharsets.UTF_8)));
    }

    private void pin(Cid cid, boolean wantsArchive) {
        PinOptions o = new PinOptions(0, 0, "", null, 0, List.of(), null, wantsArchive ? ARCHIVE : Map.of(), null,
                List.of());
        pinset.apply(new PinOp.AddPin(new Pin(cid, o, null, List.of(), null, clock.instant())));
    }

    /** Unpins as the state machine does: the pin and its index entry go together. */
    private void unpin(Cid cid) {
        pinset.apply(new PinOp.RemovePin(cid));
        index.remove(cid);
    }

    /** Puts an archive's CAR and sidecar in the bucket (bytes the collector never reads); returns the CAR key. */
    private String upload(Cid root, int size) throws IOException {
        byte[] car = new byte[size];
        car[0] = (byte) pinCounter;
        Path file = Files.write(dir.resolve("car-" + root), car);
        String carKey = keys.carKey(root, Multihash.sha256(car));
        store.put(carKey, file);
        Path manifest = Files.write(dir.resolve("manifest-" + root), new byte[]{1, 2, 3});
        store.put(keys.manifestKey(carKey), manifest);
        return carKey;
    }

    private String archive(Cid root, int size) throws IOException {
        String key = upload(root, size);
        String sha = key.substring(key.lastIndexOf('/') + 1, key.length() - ".car".length());
        records.recordArchive(new ArchiveEntry(root, key, sha, size, "baga6ea4seaq-test", clock.instant()));
        return key;
    }

    private boolean inBucket(String carKey) {
        return exists(carKey) || exists(keys.manifestKey(carKey));
    }

    @Test
    void unwantedArchivesGoAfterTheGraceInOrderWhileWantedOnesStay() throws Exception {
        Cid kept = newCid();
        pin(kept, true);
        String keptKey = archive(kept, 100);
        Cid inFlight = newCid(); // pinned and wanted, uploaded, its record not committed yet
        pin(inFlight, true);
        String inFlightKey = upload(inFlight, 110);
        Cid unpinned = newCid();
        pin(unpinned, true);
        String unpinnedKey = archive(unpinned, 120);
        unpin(unpinned);
        Cid notWanted = newCid(); // still pinned, but its archive=true was dropped by an update
        pin(notWanted, true);
        String notWantedKey = archive(notWanted, 130);
        clock.advance(Duration.ofSeconds(1));
        pin(notWanted, false);
        Cid orphan = newCid(); // never pinned here: an upload whose record was never committed
        String orphanKey = upload(orphan, 140);
        Path foreign = Files.write(dir.resolve("foreign"), new byte[]{9});
        store.put(keys.prefix() + "README.txt", foreign); // not an archive key: never ours to delete
        store.put(keys.prefix() + "not-a-cid/" + "0".repeat(64) + ".car", foreign);
        ArchiveCollector gc = collector(100);

        ArchiveCollector.Pass first = gc.collect();
        assertThat(first.unwanted()).isEqualTo(3);
        assertThat(first.archivesDeleted()).as("first seen now: the grace starts").isZero();
        clock.advance(GRACE.minusMinutes(1));
        assertThat(gc.collect().archivesDeleted()).isZero();
        assertThat(List.of(unpinnedKey, notWantedKey, orphanKey)).allMatch(this::inBucket);

        clock.advance(Duration.ofMinutes(2));
        ArchiveCollector.Pass due = gc.collect();

        assertThat(due.archivesDeleted()).isEqualTo(3);
        assertThat(due.indexRemoved()).isEqualTo(1);
        assertThat(due.bytesFreed()).isEqualTo(120 + 130 + 140 + 3 * 3);
        assertThat(gc.collected()).isEqualTo(3);
        assertThat(gc.bytesFreed()).isEqualTo(due.bytesFreed());
        assertThat(List.of(unpinnedKey, notWantedKey, orphanKey)).noneMatch(this::inBucket);
        assertThat(index.contains(notWanted)).isFalse();
        assertThat(List.of(keptKey, inFlightKey)).allMatch(k -> exists(k) && exists(keys.manifestKey(k)));
        assertThat(index.contains(kept)).isTrue();
        assertThat(exists(keys.prefix() + "README.txt")).isTrue();
        assertThat(exists(keys.prefix() + "not-a-cid/" + "0".repeat(64) + ".car")).isTrue();
        // the index entry before any object, the sidecar before its CAR
        assertThat(events).containsSubsequence("remove " + notWantedKey + " (objects present)",
                "delete sidecar " + keys.manifestKey(notWantedKey) + " (not indexed)",
                "delete car " + notWantedKey + " (sidecar gone)");
        assertThat(events).filteredOn(e -> e.startsWith("delete car")).allMatch(e -> e.endsWith("(sidecar gone)"));
        assertThat(events).filteredOn(e -> e.startsWith("delete sidecar")).allMatch(e -> e.endsWith("(not indexed)"));
        assertThat(gc.collect().unwanted()).as("nothing left to collect").isZero();
    }

    @Test
    void aPinRepinnedDuringTheGraceKeepsItsArchiveAndAnotherUnpinStartsTheGraceAgain() throws Exception {
        Cid cid = newCid();
        pin(cid, true);
        String key = archive(cid, 200);
        unpin(cid);
        ArchiveCollector gc = collector(100);
        assertThat(gc.collect().unwanted()).isEqualTo(1);

        clock.advance(GRACE.dividedBy(2));
        pin(cid, true); // re-pinned: wanted again (its archive job would re-record the same key)
        assertThat(gc.collect().unwanted()).isZero();
        clock.advance(GRACE.multipliedBy(2));
        assertThat(gc.collect().archivesDeleted()).isZero();
        assertThat(inBucket(key)).isTrue();

        unpin(cid);
        assertThat(gc.collect().archivesDeleted()).as("unwanted again: a new grace").isZero();
        clock.advance(GRACE.minusSeconds(1));
        assertThat(gc.collect().archivesDeleted()).isZero();
        clock.advance(Duration.ofSeconds(1));
        assertThat(gc.collect().archivesDeleted()).isEqualTo(1);
        assertThat(inBucket(key)).isFalse();
    }

    @Test
    void aPassDeletesAtMostItsBoundAndTheNextPassesTheRest() throws Exception {
        List<String> orphans = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orphans.add(upload(newCid(), 50 + i));
        }
        ArchiveCollector gc = collector(2);
        gc.collect();
        clock.advance(GRACE.plusMinutes(1)); // also past the objects' own age: uploads take real seconds

        assertThat(gc.collect()).extracting(ArchiveCollector.Pass::archivesDeleted, ArchiveCollector.Pass::deferred)
                .containsExactly(2, 3);
        assertThat(orphans.stream().filter(this::inBucket)).hasSize(3);
        assertThat(gc.collect()).extracting(ArchiveCollector.Pass::archivesDeleted, ArchiveCollector.Pass::deferred)
                .containsExactly(2, 1);
        assertThat(gc.collect().archivesDeleted()).isEqualTo(1);
        assertThat(orphans).noneMatch(this::inBucket);
        assertThat(gc.collected()).isEqualTo(5);
    }

    @Test
    void onlyUploadsOlderThanTheUploadGraceAreAborted() throws Exception {
        String key = keys.carKey(newCid(), Multihash.sha256(new byte[]{1}));
        String uploadId = s3.admin().createMultipartUpload(CreateMultipartUploadRequest.builder()
                .bucket(store.bucket()).key(key).build()).uploadId();
        ArchiveCollector gc = collector(100);

        clock.advance(GRACE.plusMinutes(1)); // past the archive grace, far from a day
        assertThat(gc.collect().uploadsAborted()).isZero();
        assertThat(store.pendingUploads(keys.prefix())).extracting(u -> u.uploadId()).containsExactly(uploadId);

        clock.advance(Duration.ofDays(1));
        assertThat(gc.collect().uploadsAborted()).isEqualTo(1);
        assertThat(store.pendingUploads(keys.prefix())).isEmpty();
        assertThat(gc.uploadsAborted()).isEqualTo(1);
    }

    @Test
    void aPeerThatDoesNotLeadDoesNothingAndALaterTermStartsTheGraceAgain() throws Exception {
        String orphan = upload(newCid(), 60);
        ArchiveCollector gc = collector(100);
        gc.collect();
        clock.advance(GRACE.minusMinutes(1));

        leading.set(false);
        assertThat(gc.collect().leading()).isFalse();
        leading.set(true);
        clock.advance(Duration.ofMinutes(2)); // past the first sighting's grace, but that term's clock is gone
        assertThat(gc.collect().archivesDeleted()).isZero();
        assertThat(inBucket(orphan)).isTrue();
        clock.advance(GRACE);
        assertThat(gc.collect().archivesDeleted()).isEqualTo(1);
        assertThat(inBucket(orphan)).isFalse();
    }

    @Test
    void anUpdateThatRacesTheRemovalKeepsTheEntryAndEveryObject() throws Exception {
        Cid cid = newCid();
        pin(cid, true);
        String key = archive(cid, 70);
        clock.advance(Duration.ofSeconds(1));
        pin(cid, false); // the update dropped archive=true: unwanted
        ArchiveCollector gc = collector(100);
        gc.collect();
        clock.advance(GRACE.plusMinutes(1));
        // the pin is changed back to archive=true, and that lands in the log before the collector's removal
        repinBeforeRemoval = cid;

        ArchiveCollector.Pass pass = gc.collect();

        assertThat(events).as("the collector did ask").containsExactly("remove " + key + " (objects present)");
        assertThat(pass.indexRemoved()).isZero();
        assertThat(pass.archivesDeleted()).isZero();
        assertThat(index.get(cid)).map(ArchiveEntry::objectKey).contains(key);
        assertThat(exists(key) && exists(keys.manifestKey(key))).isTrue();
        assertThat(new ArchiveRemoval(cid, "archives/" + cid + "/other.car", null)
                .appliesTo(index.get(cid), java.util.Optional.empty())).as("another key: a newer archive").isFalse();
    }
}
