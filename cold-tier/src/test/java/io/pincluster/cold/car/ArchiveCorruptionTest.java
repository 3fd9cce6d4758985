package io.pincluster.cold.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.pincluster.cold.car.ArchiveFixtures.Written;
import io.pincluster.ipld.car.CarFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * A corrupt or truncated archive never yields a wrong block. Read against its manifest, every single-byte change
 * and every truncation of a small archive fails, and the blocks handed out before the failure are all blocks of the
 * original at their original places. Read without a manifest, whatever comes out hashes to its CID, and a failure is
 * always a {@link CarFormatException}, never another exception.
 */
class ArchiveCorruptionTest {
    private static final Written ARCHIVE = small();
    private static final Map<BlockLocation, byte[]> ORIGINAL = new HashMap<>();

    static {
        try {
            VerifyingArchiveReader reader = VerifyingArchiveReader.open(new ByteArrayInputStream(ARCHIVE.car()),
                    ARCHIVE.manifest(), CarLimits.DEFAULT);
            for (ArchivedBlock b = reader.next(); b != null; b = reader.next()) {
                ORIGINAL.put(b.location(), b.data());
            }
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theFixtureHasSeveralBlocks() {
        assertThat(ORIGINAL).hasSize(ARCHIVE.manifest().index().size()).hasSizeGreaterThan(5);
    }

    @Test
    void everySingleBitAndByteFlipIsDetected() {
        byte[] car = ARCHIVE.car();
        for (int pos = 0; pos < car.length; pos++) {
            for (int mask : new int[] {0x01, 0x02, 0x40, 0x80, 0xFF}) {
                byte[] bad = car.clone();
                bad[pos] ^= (byte) mask;
                assertDetected(bad, "byte " + pos + " ^ " + mask);
            }
        }
    }

    @Test
    void everyTruncationIsDetected() {
        byte[] car = ARCHIVE.car();
        for (int length = 0; length < car.length; length++) {
            assertDetected(Arrays.copyOf(car, length), "first " + length + " bytes");
        }
    }

    @Test
    void trailingBytesAreDetected() {
        byte[] car = Arrays.copyOf(ARCHIVE.car(), ARCHIVE.car().length + 1);
        assertDetected(car, "one more byte");
    }

    @Property(tries = 2000)
    void anyByteReplacedIsDetected(@ForAll @IntRange(min = 0, max = 100_000) int where, @ForAll byte value) {
        byte[] bad = ARCHIVE.car().clone();
        int pos = where % bad.length;
        Assume.that(bad[pos] != value);
        bad[pos] = value;
        assertDetected(bad, "byte " + pos + " = " + value);
    }

    private static void assertDetected(byte[] bad, String what) {
        List<ArchivedBlock> handedOut = new ArrayList<>();
        Throwable failure = catchThrowable(() -> {
            VerifyingArchiveReader reader = VerifyingArchiveReader.open(new ByteArrayInputStream(bad),
                    ARCHIVE.manifest(), CarLimits.DEFAULT);
            for (ArchivedBlock b = reader.next(); b != null; b = reader.next()) {
                handedOut.add(b);
            }
        });
        assertThat(failure).as(what).isInstanceOfAny(CarFormatException.class, ArchiveMismatchException.class);
        for (ArchivedBlock b : handedOut) {
            assertThat(ORIGINAL.get(b.location())).as(what + ": block handed out at " + b.location())
                    .isEqualTo(b.data());
        }

        Throwable unchecked = catchThrowable(() -> {
            CarStreamReader reader = CarStreamReader.open(new ByteArrayInputStream(bad), CarLimits.DEFAULT);
            for (ArchivedBlock b = reader.next(); b != null; b = reader.next()) {
                assertThat(b.cid().multihash().matches(b.data())).as(what).isTrue();
            }
        });
        if (unchecked != null) {
            assertThat(unchecked).as(what).isInstanceOf(CarFormatException.class);
        }
    }

    private static Written small() {
        try {
            return ArchiveFixtures.small();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
