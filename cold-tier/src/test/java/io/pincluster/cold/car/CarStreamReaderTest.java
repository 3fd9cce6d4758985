package io.pincluster.cold.car;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.cold.car.ArchiveFixtures.Written;
import io.pincluster.core.cid.Varint;
import io.pincluster.ipld.car.CarFormatException;
import io.pincluster.ipld.car.CarFormatException.Problem;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The stream reader refuses what is not a CARv1 by name, and a lying length before it allocates for it. */
@Timeout(60)
class CarStreamReaderTest {

    @Test
    void aCarV2IsRefusedAsAnUnsupportedVersion() {
        byte[] pragma = HexFormat.of().parseHex("0aa16776657273696f6e02");
        assertThatThrownBy(() -> CarStreamReader.open(new ByteArrayInputStream(pragma), CarLimits.DEFAULT))
                .isInstanceOf(CarFormatException.class)
                .satisfies(e -> assertThat(((CarFormatException) e).problem()).isEqualTo(Problem.UNSUPPORTED_VERSION));
    }

    @Test
    void lengthsOverTheLimitsAreRefusedBeforeAnythingIsRead() throws IOException {
        ByteArrayOutputStream header = new ByteArrayOutputStream();
        Varint.write(1L << 40, header);
        assertThatThrownBy(() -> CarStreamReader.open(endless(header.toByteArray()), CarLimits.DEFAULT))
                .isInstanceOf(CarFormatException.class).hasMessageContaining("header")
                .satisfies(e -> assertThat(((CarFormatException) e).problem()).isEqualTo(Problem.SECTION_TOO_LARGE));

        Written small = ArchiveFixtures.small();
        ByteArrayOutputStream car = new ByteArrayOutputStream();
        car.write(small.car(), 0, (int) small.manifest().index().start());
        Varint.write(1L << 30, car);
        CarStreamReader reader = CarStreamReader.open(endless(car.toByteArray()), CarLimits.DEFAULT);
        assertThatThrownBy(reader::next).isInstanceOf(CarFormatException.class)
                .hasMessageContaining("section at offset " + small.manifest().index().start())
                .satisfies(e -> assertThat(((CarFormatException) e).problem()).isEqualTo(Problem.SECTION_TOO_LARGE));
    }

    @Test
    void aWholeArchiveReadsWithItsOffsetsAndEndsCleanly() throws IOException {
        Written small = ArchiveFixtures.small();
        CarStreamReader reader = CarStreamReader.open(new ByteArrayInputStream(small.car()), CarLimits.DEFAULT);

        assertThat(reader.roots()).isEqualTo(small.manifest().roots());
        for (BlockLocation expected : small.manifest().index().entries()) {
            assertThat(reader.next().location()).isEqualTo(expected);
        }
        assertThat(reader.next()).isNull();
        assertThat(reader.position()).isEqualTo(small.car().length);
    }

    /** {@code prefix}, then zeros forever: a reader that trusted a length would try to read them all. */
    private static InputStream endless(byte[] prefix) {
        return new InputStream() {
            private int pos;

            @Override
            public int read() {
                return pos < prefix.length ? prefix[pos++] & 0xFF : 0;
            }
        };
    }
}
