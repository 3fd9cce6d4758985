package io.pincluster.cold.piece;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.CidParseException;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every CommP vector of the cold-tier reference (§1.7): go-fil-commp-hashhash's zero.txt and 0xCC.txt (Lotus
 * {@code ClientCalcCommP} output), FRC-0069's test cases and go-fil-commcid's commcid_test.go. Rows 14 and 15
 * (32 and 64 GiB of zeros) are checked through the all-zero subtree roots the hasher pads with, not by streaming.
 */
class PieceVectorsTest {
    private static final String ROW_1_V1 = "baga6ea4seaqdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy";
    private static final String ROW_11_V1 = "baga6ea4seaqn42av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa";

    static Stream<Arguments> streamedVectors() {
        return Stream.of(
                row(1, filled(96, 0x00), 128, ROW_1_V1,
                        "bafkzcibcd4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy"),
                row(2, filled(127, 0x00), 128, ROW_1_V1,
                        "bafkzcibcaabdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy"),
                row(4, filled(128, 0x00), 256, "baga6ea4seaqgiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy",
                        "bafkzcibcpybwiktap34inmaex4wbs6cghlq5i2j2yd2bb2zndn5ep7ralzphkdy"),
                row(5, filled(1024, 0x00), 2048,
                        "baga6ea4seaqpy7usqklokfx2vxuynmupslkeutzexe2uqurdg5vhtebhxqmpqmy", null),
                row(6, filled(96, 0xCC), 128,
                        "baga6ea4seaqhwcjhi4krhl3ht6dewnwevkpxbepxy7p7onwgz65t52typbsysby", null),
                row(7, filled(127, 0xCC), 128,
                        "baga6ea4seaqmfldjtozgne6adk7eve2vdxte7vzlivae7nzsbrawobo546zkijq", null),
                row(8, filled(254, 0xCC), 256,
                        "baga6ea4seaqkixbzz75uys2pcjbrbdilgjhmum72qm4xphrwav2iyel5oat4aka", null),
                row(9, filled(1024, 0xCC), 2048,
                        "baga6ea4seaqdlpnhgsndrgjeu4p46hahlsr4lybg6du4d56ooppdpxhcofxeuoi", null),
                row(10, s(), 512, "baga6ea4seaqes3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi",
                        "bafkzcibcaaces3nobte6ezpp4wqan2age2s5yxcatzotcvobhgcmv5wi2xh5mbi"),
                row(11, Arrays.copyOf(s(), 1016), 1024, ROW_11_V1,
                        "bafkzcibcaac542av3szurbbscwuu3zjssvfwbpsvbjf6y3tukvlgl2nf5rha6pa"),
                row(12, Arrays.copyOf(s(), 512), 1024, ROW_11_V1,
                        "bafkzcibd7abqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4"),
                row(13, Arrays.copyOf(s(), 513), 1024, ROW_11_V1,
                        "bafkzcibd64bqlxticxolgseegik2stpfgkkuwyf6kufex3doorkvmzpjuxwe4dz4"));
    }

    @ParameterizedTest(name = "row {0}")
    @MethodSource("streamedVectors")
    void streamedPayloadGivesTheVectorsPieceCids(int row, byte[] payload, long pieceSize, String v1, String v2) {
        PieceHasher hasher = new PieceHasher();
        hasher.update(payload);
        PieceInfo piece = hasher.finish();

        assertThat(piece.pieceSize()).isEqualTo(pieceSize);
        assertThat(piece.payloadSize()).isEqualTo(payload.length);
        assertThat(piece.cidV1()).hasToString(v1);
        if (v2 != null) {
            assertThat(piece.cidV2()).hasToString(v2);
            assertThat(PieceInfo.fromCidV2(PieceCid.parse(v2))).isEqualTo(piece);
        }
        assertThat(piece.root()).isEqualTo(ReferenceCommP.root(payload));
    }

    @Test
    void anEmptyPayloadHasOnlyAV2PieceCid() {
        PieceInfo piece = new PieceHasher().finish();

        assertThat(piece.cidV2()).hasToString("bafkzcibcp4bdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy");
        assertThat(piece.pieceSize()).isEqualTo(128);
        assertThatThrownBy(piece::cidV1).isInstanceOf(PieceSizeException.class)
                .hasMessageContaining("under the 65-byte minimum for a v1 piece CID");
    }

    @Test
    void sixtyFourBytesAreRefusedAV1PieceCidAndSixtyFiveAreNot() {
        PieceHasher small = new PieceHasher();
        small.update(new byte[64]);
        PieceInfo tiny = small.finish();
        assertThatThrownBy(tiny::cidV1).isInstanceOf(PieceSizeException.class);
        assertThat(tiny.cidV2().padding()).isEqualTo(63);

        PieceHasher enough = new PieceHasher();
        enough.update(new byte[65]);
        // the FRC-0069 example: 65 zero bytes, padding 62, height 2
        assertThat(enough.finish().cidV2()).hasToString(
                "bafkzcibchybdomn3tgwgrh3g532zopskstnbrd2n3sxfqbze7rxt7vqn7veigmy");
    }

    @Test
    void row14ThirtyTwoGibibytesOfZerosThroughTheZeroSubtreeRoots() {
        long payload = (32L << 30) / 128 * 127;
        PieceInfo piece = PieceInfo.of(ZeroSubtrees.root(30), payload);

        assertThat(piece.pieceSize()).isEqualTo(32L << 30);
        assertThat(piece.cidV1()).hasToString("baga6ea4seaqao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq");
        assertThat(piece.cidV2()).hasToString("bafkzcibcaapao7s73y24kcutaosvacpdjgfe5pw76ooefnyqw4ynr3d2y6x2mpq");
    }

    @Test
    void row15SixtyFourGibibytesOfZerosThroughTheZeroSubtreeRoots() {
        PieceInfo piece = PieceInfo.of(ZeroSubtrees.root(31), PieceSize.MAX_PAYLOAD_SIZE);

        assertThat(piece.pieceSize()).isEqualTo(PieceSize.MAX_PIECE_SIZE).isEqualTo(64L << 30);
        assertThat(piece.cidV1()).hasToString("baga6ea4seaqomqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq");
        assertThat(piece.cidV2()).hasToString("bafkzcibcaap6mqafu276g53zko4k23xzh4h4uecjwicbmvhsuqi7o4bhthhm4aq");
    }

    @Test
    void theHasherPadsWithTheSameZeroSubtreesTheVectorsUse() {
        // one zero block: its tree of height 2 is Z[2]; with 128 bytes the second block is padding, Z[3]
        for (int n : new int[] {1, 127, 128, 254, 255, 508}) {
            PieceHasher hasher = new PieceHasher();
            hasher.update(new byte[n]);
            PieceInfo piece = hasher.finish();
            assertThat(piece.root()).as("%d zeros", n).isEqualTo(ZeroSubtrees.root(piece.size().height()));
        }
    }

    @Test
    void sizesFollowTheReference() {
        assertThat(PieceSize.ofPayload(65).pieceSize()).isEqualTo(128);
        assertThat(PieceSize.ofPayload(127).pieceSize()).isEqualTo(128);
        assertThat(PieceSize.ofPayload(128).pieceSize()).isEqualTo(256);
        assertThat(PieceSize.ofPayload(254).pieceSize()).isEqualTo(256);
        assertThat(PieceSize.ofPayload(255).pieceSize()).isEqualTo(512);
        assertThat(PieceSize.ofPayload(508).pieceSize()).isEqualTo(512);
        assertThat(PieceSize.ofPayload(509).pieceSize()).isEqualTo(1024);
        assertThat(PieceSize.ofPayload(1016).pieceSize()).isEqualTo(1024);
        assertThat(PieceSize.ofPayload(1017).pieceSize()).isEqualTo(2048);
        // a w3up shard: 127 MiB is exactly a 128 MiB piece, no padding
        assertThat(PieceSize.ofPayload(133_169_152)).isEqualTo(new PieceSize(133_169_152, 133_169_152, 128L << 20, 22));
        // go-fil-commcid's height/padding cases
        assertThat(PieceSize.ofPayload(512)).extracting(PieceSize::height, PieceSize::padding).containsExactly(5, 504L);
        assertThat(PieceSize.ofPayload(127)).extracting(PieceSize::height, PieceSize::padding).containsExactly(2, 0L);
        assertThat(PieceSize.ofPayload(32L << 30)).extracting(PieceSize::height, PieceSize::padding)
                .containsExactly(31, 33_822_867_456L);
    }

    @Test
    void payloadsOverTheSixtyFourGibibytePieceAreRefused() {
        assertThat(PieceSize.ofPayload(PieceSize.MAX_PAYLOAD_SIZE).pieceSize()).isEqualTo(64L << 30);
        assertThatThrownBy(() -> PieceSize.ofPayload(PieceSize.MAX_PAYLOAD_SIZE + 1))
                .isInstanceOf(PieceSizeException.class).hasMessageContaining("over the maximum");
    }

    @Test
    void malformedAndLegacyPieceCidsAreRefused() {
        // @web3-storage/data-segment < 4's README example: a 33-byte digest without the padding
        assertThatThrownBy(() -> PieceCid.parse("bafkzcibbai3tdo4zvruj6zxo6wlt4suu3imi6to4vzmaojh4n475mdp5jcbtg"))
                .isInstanceOf(CidParseException.class).hasMessageContaining("pre-FRC-0069");
        // an ordinary raw sha2-256 CID is no piece CID
        assertThatThrownBy(() -> PieceCid.parse("bafkreifzjut3te2nhyekklss27nh3k72ysco7y32koao5eei66wof36n5e"))
                .isInstanceOf(CidParseException.class).hasMessageContaining("not a piece CID");
        // height 3 with 200 bytes of padding: 54 bytes would fit a smaller piece
        PieceCid lying = PieceCid.v2(ZeroSubtrees.root(3), 200, 3);
        assertThatThrownBy(() -> PieceCid.decode(lying.bytes())).isInstanceOf(CidParseException.class)
                .hasMessageContaining("impossible sizes");
        PieceCid v1 = PieceCid.parse(ROW_1_V1);
        assertThat(v1.version()).isEqualTo(1);
        assertThat(v1.root()).isEqualTo(ZeroSubtrees.root(2));
        assertThatThrownBy(v1::height).isInstanceOf(IllegalStateException.class);
        byte[] truncated = Arrays.copyOf(v1.bytes(), v1.bytes().length - 1);
        assertThatThrownBy(() -> PieceCid.decode(truncated)).isInstanceOf(CidParseException.class);
    }

    private static Arguments row(int row, byte[] payload, long pieceSize, String v1, String v2) {
        return Arguments.of(row, payload, pieceSize, v1, v2);
    }

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    /** S = 127×0x00 ‖ 127×0x01 ‖ 127×0x02 ‖ 127×0x03. */
    private static byte[] s() {
        byte[] b = new byte[508];
        for (int i = 0; i < b.length; i++) {
            b[i] = (byte) (i / 127);
        }
        return b;
    }
}
