package io.pincluster.cold.piece;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The streaming hasher gives the same piece whatever the chunking, and the same piece as the spec's slow
 * whole-payload definition ({@link ReferenceCommP}), for payload sizes around every padding boundary.
 */
class PieceHasherPropertiesTest {

    @Property(tries = 300)
    void anyChunkingGivesTheSamePiece(@ForAll @IntRange(min = 0, max = 4200) int length,
                                      @ForAll long seed,
                                      @ForAll @Size(max = 40) List<@IntRange(min = 0, max = 600) Integer> chunks) {
        byte[] payload = random(length, seed);
        PieceHasher whole = new PieceHasher();
        whole.update(payload);
        PieceInfo expected = whole.finish();

        PieceHasher chunked = new PieceHasher();
        int pos = 0;
        for (int chunk : chunks) {
            int n = Math.min(chunk, length - pos);
            chunked.update(payload, pos, n);
            pos += n;
        }
        chunked.update(payload, pos, length - pos);

        assertThat(chunked.payloadSize()).isEqualTo(length);
        assertThat(chunked.finish()).isEqualTo(expected);
    }

    @Property(tries = 150)
    void theStreamingTreeEqualsTheWholePayloadDefinition(@ForAll @IntRange(min = 0, max = 5000) int length,
                                                         @ForAll long seed) {
        byte[] payload = random(length, seed);
        PieceHasher hasher = new PieceHasher();
        hasher.update(payload);

        assertThat(hasher.finish().root()).isEqualTo(ReferenceCommP.root(payload));
    }

    @Property(tries = 60)
    void byteAtATimeEqualsOneCall(@ForAll @IntRange(min = 0, max = 1100) int length, @ForAll long seed) {
        byte[] payload = random(length, seed);
        PieceHasher one = new PieceHasher();
        one.update(payload);
        PieceHasher bytes = new PieceHasher();
        for (int i = 0; i < length; i++) {
            bytes.update(payload, i, 1);
        }
        assertThat(bytes.finish()).isEqualTo(one.finish());
    }

    @Property(tries = 100)
    void v2PieceCidsRoundTrip(@ForAll @IntRange(min = 0, max = 3000) int length, @ForAll long seed) {
        PieceHasher hasher = new PieceHasher();
        hasher.update(random(length, seed));
        PieceInfo piece = hasher.finish();

        PieceCid v2 = PieceCid.parse(piece.cidV2().toString());
        assertThat(PieceInfo.fromCidV2(v2)).isEqualTo(piece);
        if (length >= PieceSize.MIN_V1_PAYLOAD_SIZE) {
            assertThat(PieceCid.parse(piece.cidV1().toString()).root()).isEqualTo(piece.root());
        }
    }

    private static byte[] random(int length, long seed) {
        byte[] b = new byte[length];
        new Random(seed).nextBytes(b);
        // runs of zeros and of 0xFF reach the Fr32 shifts' edge bits more often than random bytes do
        if ((seed & 3) == 0 && length > 0) {
            Arrays.fill(b, length / 3, length / 2, (byte) 0xFF);
        }
        return b;
    }
}
