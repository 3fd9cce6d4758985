package io.pincluster.cold.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pincluster.cold.car.ArchiveFixtures.Written;
import io.pincluster.core.cid.Cid;
import io.pincluster.ipld.importer.ImportOptions;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The manifest's binary form: round trips, the committed golden bytes of format 1 still decode to the same manifest
 * (and this build writes them again), appended fields are skipped, and malformed or newer bytes are refused with a
 * {@link ManifestFormatException}, never another exception.
 */
class ArchiveManifestCodecTest {
    private static final String GOLDEN = "/golden/manifest/v1/small.bin";

    @Test
    void manifestsRoundTrip() throws IOException {
        InMemoryBlockStore store = new InMemoryBlockStore();
        Cid v0root = ArchiveFixtures.importPrng(store, ImportOptions.kuboDefaults().withChunkSize(1000), 5_000);
        for (Written w : new Written[] {ArchiveFixtures.small(), ArchiveFixtures.write(store, v0root)}) {
            byte[] bytes = ArchiveManifestCodec.encode(w.manifest());
            assertThat(ArchiveManifestCodec.decode(bytes)).isEqualTo(w.manifest());
            // a CID and a varint per block, a few bytes of framing
            assertThat(bytes.length).isLessThan(150 + 45 * w.manifest().index().size());
        }
    }

    @Test
    void goldenFormat1StillDecodesAndIsWrittenAgain() throws IOException {
        byte[] golden = golden();
        ArchiveManifest expected = ArchiveFixtures.small().manifest();

        ArchiveManifest decoded = ArchiveManifestCodec.decode(golden);

        assertThat(decoded).isEqualTo(expected);
        assertThat(ArchiveManifestCodec.encode(expected)).isEqualTo(golden);
        // the literal values, so that a change in the writer or the hasher cannot move the fixture's meaning
        assertThat(decoded.roots()).extracting(Cid::toString)
                .containsExactly("bafybeib66uq7jifnyhmluj4hweduexstfkghbvh5kmtjtzipw2xwxouwpm");
        assertThat(decoded.carSize()).isEqualTo(1392);
        assertThat(decoded.piece().cidV1())
                .hasToString("baga6ea4seaqflbfb6e5ym4vkyygchfiovnms7b2njazapduft4v4yzwq5vxkagq");
        assertThat(decoded.index().size()).isEqualTo(8);
    }

    @Test
    void appendedFieldsAreSkipped() throws IOException {
        ArchiveManifest manifest = ArchiveFixtures.small().manifest();
        byte[] bytes = ArchiveManifestCodec.encode(manifest);
        int summaryLength = bytes[5];
        assertThat(summaryLength).as("one-byte length of the summary record").isBetween(1, 125);
        byte[] extended = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, extended, 0, 6 + summaryLength);
        extended[5] = (byte) (summaryLength + 2);
        extended[6 + summaryLength] = 0x07;
        extended[7 + summaryLength] = 0x07;
        System.arraycopy(bytes, 6 + summaryLength, extended, 8 + summaryLength, bytes.length - 6 - summaryLength);

        assertThat(ArchiveManifestCodec.decode(extended)).isEqualTo(manifest);
    }

    @Test
    void newerFormatsWrongMagicTruncationAndTrailingBytesAreRefused() throws IOException {
        byte[] bytes = ArchiveManifestCodec.encode(ArchiveFixtures.small().manifest());
        byte[] newer = bytes.clone();
        newer[4] = 2;
        assertThatThrownBy(() -> ArchiveManifestCodec.decode(newer)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("version 2 is newer than this build reads");
        byte[] notOne = bytes.clone();
        notOne[0] = 'X';
        assertThatThrownBy(() -> ArchiveManifestCodec.decode(notOne)).isInstanceOf(ManifestFormatException.class)
                .hasMessageContaining("PCAM");
        for (int length = 0; length < bytes.length; length++) {
            byte[] cut = Arrays.copyOf(bytes, length);
            assertThatThrownBy(() -> ArchiveManifestCodec.decode(cut)).as("first %d bytes", length)
                    .isInstanceOf(ManifestFormatException.class);
        }
        assertThatThrownBy(() -> ArchiveManifestCodec.decode(Arrays.copyOf(bytes, bytes.length + 1)))
                .isInstanceOf(ManifestFormatException.class).hasMessageContaining("trailing");
    }

    @Test
    void anyByteFlipEitherFailsCleanlyOrDecodesToAConsistentManifest() throws IOException {
        byte[] bytes = ArchiveManifestCodec.encode(ArchiveFixtures.small().manifest());
        for (int pos = 0; pos < bytes.length; pos++) {
            for (int mask : new int[] {0x01, 0x80, 0xFF}) {
                byte[] bad = bytes.clone();
                bad[pos] ^= (byte) mask;
                Throwable t = catchThrowable(() -> ArchiveManifestCodec.decode(bad));
                if (t != null) {
                    assertThat(t).as("byte %d ^ %d", pos, mask).isInstanceOf(ManifestFormatException.class);
                }
            }
        }
    }

    /**
     * Writes this build's format-1 fixture; run once, by hand, when a format is added (decision 0004): {@code mvn
     * -o -q -pl cold-tier -am test -Dtest=ArchiveManifestCodecTest#writeGoldenFixture
     * -Dsurefire.failIfNoSpecifiedTests=false -Dgolden.write=v1}. A committed fixture is never rewritten.
     */
    @Test
    @EnabledIfSystemProperty(named = "golden.write", matches = "v1")
    void writeGoldenFixture() throws IOException {
        Path file = Path.of("src/test/resources" + GOLDEN);
        assertThat(file).doesNotExist();
        Files.createDirectories(file.getParent());
        Files.write(file, ArchiveManifestCodec.encode(ArchiveFixtures.small().manifest()));
    }

    private static byte[] golden() throws IOException {
        try (InputStream in = ArchiveManifestCodecTest.class.getResourceAsStream(GOLDEN)) {
            assertThat(in).as("fixture %s", GOLDEN).isNotNull();
            return in.readAllBytes();
        }
    }
}
