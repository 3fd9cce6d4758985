package io.pincluster.cold.s3;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The digests computed on the way to the spool are the ones the store would read from the file, part by part. */
class DigestingOutputStreamTest {
    private static final int PART = 1000;

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, PART - 1, PART, PART + 1, 2 * PART, 3 * PART + 7})
    void partDigestsAreTheFilesSlices(int size) throws IOException {
        Path file = dir.resolve("a.car");
        String sha256 = TestArchives.write(file, size, size);
        byte[] bytes = Files.readAllBytes(file);
        DigestingOutputStream digesting = new DigestingOutputStream(OutputStream.nullOutputStream(), PART);
        // odd write sizes, so that writes straddle part boundaries
        SplittableRandom random = new SplittableRandom(size);
        for (int p = 0; p < size; ) {
            int n = Math.min(size - p, 1 + random.nextInt(2 * PART));
            digesting.write(bytes, p, n);
            p += n;
        }
        UploadDigests digests = digesting.digests(sha256);

        PartPlan plan = new PartPlan(size, PART, (int) Math.max(1, (size + PART - 1) / PART));
        assertThat(digests.partsFor(plan)).hasSize(plan.partCount());
        for (int n = 1; n <= plan.partCount(); n++) {
            SliceDigest expected = SliceDigest.of(file, plan.offset(n), plan.length(n));
            if (n == 1 && plan.partCount() > 1) {
                expected = new SliceDigest(expected.md5(), null, expected.length()); // read back by the uploader
            }
            assertThat(digests.partsFor(plan).get(n - 1)).isEqualTo(expected);
        }
        if (plan.partCount() == 1) {
            assertThat(digests.whole()).isEqualTo(SliceDigest.of(file, 0, size));
        } else {
            assertThat(digests.whole()).as("several parts: the whole MD5 is not known").isNull();
        }
        assertThat(digests.partsFor(new PartPlan(size, PART * 2L, 1))).as("cut otherwise").isNull();
    }
}
