package io.pincluster.cold.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.cold.car.BlockLocation;
import io.pincluster.cold.car.CarLimits;
import io.pincluster.cold.s3.ArchiveObjectStore;
import io.pincluster.cold.s3.ByteRange;
import io.pincluster.cold.s3.ObjectStoreException;
import io.pincluster.cold.s3.S3MockExtension;
import io.pincluster.cold.s3.S3MockServer;
import io.pincluster.core.block.BlockSink;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.dagpb.DagPbLinkReader;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;

/** A damaged or replaced archive in the bucket is detected, and no wrong block is ever handed out. */
@ExtendWith(S3MockExtension.class)
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class CorruptArchiveTest {
    /** Small runs, so that a restore takes several GETs and a damage in a later one follows verified blocks. */
    private static final CarLimits SMALL_SECTIONS = new CarLimits(64 * 1024, 2048);
    private static final long SMALL_RUNS = 4096;

    @TempDir
    Path dir;
    private final InMemoryBlockStore hot = new InMemoryBlockStore();
    private TestPins.Pin pin;

    @BeforeEach
    void addPin() throws IOException {
        pin = TestPins.add(hot, 20_000, ImportOptions.kuboV1().withChunkSize(1_024), 21);
    }

    @Test
    void anArchiveReplacedInTheBucketFailsItsETagAndYieldsNothing(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            ArchivedPin archived = archive(store);
            BlockLocation last = lastBlock(archived);
            overwrite(server, bucket, store, archived, last.dataOffset());

            ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(List.of(archived)));
            RecordingSink sink = new RecordingSink();
            assertThatThrownBy(() -> cold.restoreDag(pin.root(), sink))
                    .isInstanceOfSatisfying(ObjectStoreException.class, e -> assertThat(e.httpStatus()).isEqualTo(412));
            assertThat(sink.blocks).isEmpty();
            assertThatThrownBy(() -> cold.get(archived.manifest().roots().get(0)))
                    .isInstanceOf(ObjectStoreException.class);
        }
    }

    @Test
    void aDamagedBlockIsNeverHandedOutEvenUnderTheRightETag(S3MockServer server) throws IOException {
        String bucket = server.createBucket();
        try (ArchiveObjectStore store = ArchiveObjectStore.open(server.config(bucket))) {
            ArchivedPin archived = archive(store);
            BlockLocation damaged = lastBlock(archived);
            String etag = overwrite(server, bucket, store, archived, damaged.dataOffset() + 3);
            // as if the store rotted the bytes and kept its ETag: only the block hashes can tell
            ArchivedPin rotten = new ArchivedPin(archived.carKey(), etag, archived.manifest());
            ArchiveBlockSource cold = new ArchiveBlockSource(store, new ArchiveCatalog(List.of(rotten)),
                    SMALL_SECTIONS, Throttle.NONE, SMALL_RUNS);

            RecordingSink sink = new RecordingSink();
            assertThatThrownBy(() -> cold.restoreDag(pin.root(), sink)).isInstanceOf(CarFormatException.class)
                    .hasMessageContaining(damaged.cid().toString());
            assertThat(sink.blocks).as("the runs before the damaged one came through").isNotEmpty()
                    .doesNotContainKey(damaged.cid());
            for (Map.Entry<Cid, byte[]> handed : sink.blocks.entrySet()) {
                assertThat(handed.getValue()).isEqualTo(hot.get(handed.getKey()));
            }
            assertThatThrownBy(() -> cold.get(damaged.cid())).isInstanceOf(CarFormatException.class);
            Cid first = archived.manifest().index().entries().get(0).cid();
            assertThat(cold.get(first)).as("an undamaged block still serves").isEqualTo(hot.get(first));
        }
    }

    private ArchivedPin archive(ArchiveObjectStore store) throws IOException {
        return new PinArchiver(store, new ArchiveKeys(ArchiveKeys.DEFAULT_PREFIX),
                new ArchiveSpool(dir.resolve("spool")), new DagPbLinkReader(), CarLimits.DEFAULT, Throttle.NONE)
                .archive(pin.root(), hot::get);
    }

    private static BlockLocation lastBlock(ArchivedPin archived) {
        List<BlockLocation> entries = archived.manifest().index().entries();
        return entries.get(entries.size() - 1);
    }

    /** Writes the archive back behind the store's back with one byte flipped; returns the new ETag. */
    private static String overwrite(S3MockServer server, String bucket, ArchiveObjectStore store,
            ArchivedPin archived, long offset) throws IOException {
        long size = archived.manifest().carSize();
        byte[] bytes = store.read(archived.carKey(), ByteRange.ofLength(0, size));
        bytes[(int) offset] ^= 0x40;
        server.admin().putObject(PutObjectRequest.builder().bucket(bucket).key(archived.carKey()).build(),
                RequestBody.fromBytes(bytes));
        return store.head(archived.carKey()).orElseThrow().etag();
    }

    /** A sink that keeps what it was handed, to check that nothing wrong ever was. */
    private static final class RecordingSink implements BlockSink {
        final Map<Cid, byte[]> blocks = new LinkedHashMap<>();

        @Override
        public void put(Cid cid, byte[] block) {
            blocks.put(cid, block);
        }
    }
}
