package io.pincluster.core.cid;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Varint.Problem;
import io.pincluster.core.cid.Varint.Rules;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class VarintTest {
    private static final HexFormat HEX = HexFormat.of();

    /** Reports the problem and offset instead of a message, so a test can see exactly what was found. */
    private static final Varint.Errors REPORT = (problem, offset) ->
            new IllegalStateException(problem + "@" + offset);

    private static Varint.Decoded protobuf(String hex, int offset) {
        byte[] in = HEX.parseHex(hex);
        return Varint.decode(in, offset, in.length, Rules.PROTOBUF, REPORT);
    }

    @Test
    void sizesMatchWhatIsWritten() {
        for (long v : new long[] {0, 127, 128, 16383, 16384, 1L << 56, Long.MAX_VALUE}) {
            byte[] out = new byte[Varint.MAX_BYTES_64];
            assertThat(Varint.write(v, out, 0)).isEqualTo(Varint.size(v)).isEqualTo(Varint.encode(v).length);
        }
        assertThat(Varint.size(Long.MAX_VALUE)).isEqualTo(Varint.MAX_BYTES);
    }

    @Test
    void unsignedWritersTakeAll64Bits() {
        byte[] out = new byte[Varint.MAX_BYTES_64];
        assertThat(Varint.sizeUnsigned(-1)).isEqualTo(10);
        assertThat(Varint.writeUnsigned(-1, out, 0)).isEqualTo(10);
        assertThat(HEX.formatHex(out)).isEqualTo("ffffffffffffffffff01");
        assertThat(Varint.sizeUnsigned(300)).isEqualTo(Varint.size(300));
        assertThatThrownBy(() -> Varint.size(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Varint.write(-1, out, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void writingToAStreamWritesTheEncoding() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Varint.write(300, out);
        assertThat(HEX.formatHex(out.toByteArray())).isEqualTo("ac02");
    }

    @Test
    void multiformatsRulesRefuseWhatTheSpecRefuses() {
        assertThat(Varint.decode(HEX.parseHex("ac02"), 0).value()).isEqualTo(300);
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("8000"), 0))
                .isInstanceOf(CidParseException.class).hasMessage("varint is not minimally encoded");
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ac"), 0))
                .isInstanceOf(CidParseException.class).hasMessage("truncated varint");
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ffffffffffffffffff01"), 0))
                .isInstanceOf(CidParseException.class).hasMessage("varint longer than 9 bytes");
        assertThatThrownBy(() -> Varint.decode(HEX.parseHex("ac02"), 0, 1))
                .isInstanceOf(CidParseException.class).hasMessage("truncated varint");
    }

    @Test
    void protobufRulesAllowPaddingAndTenBytes() {
        assertThat(protobuf("8000", 0)).isEqualTo(new Varint.Decoded(0, 2));
        assertThat(protobuf("ff808080808080808000", 0)).isEqualTo(new Varint.Decoded(127, 10));
        assertThat(protobuf("ffffffffffffffff7f", 0)).isEqualTo(new Varint.Decoded(Long.MAX_VALUE, 9));
        assertThat(protobuf("00ac02", 1)).isEqualTo(new Varint.Decoded(300, 2));
    }

    @Test
    void protobufRulesRefuseValuesPast63BitsAndOverlongEncodings() {
        assertThatThrownBy(() -> protobuf("ffffffffffffffffff01", 0)).hasMessage("TOO_LARGE@0");
        assertThatThrownBy(() -> protobuf("00ffffffffffffffffff7f", 1)).hasMessage("TOO_LARGE@1");
        assertThatThrownBy(() -> protobuf("8080808080808080808000", 0)).hasMessage("TOO_LONG@0");
        assertThatThrownBy(() -> protobuf("0080", 1)).hasMessage("TRUNCATED@1");
    }

    @Test
    void theRulesReportEachProblemWithTheVarintsOffset() {
        byte[] padded = HEX.parseHex("008000");
        assertThatThrownBy(() -> Varint.decode(padded, 1, padded.length, Rules.MULTIFORMATS, REPORT))
                .hasMessage(Problem.NOT_MINIMAL + "@1");
        assertThat(Rules.MULTIFORMATS.maxBytes()).isEqualTo(9);
        assertThat(Rules.PROTOBUF.maxBytes()).isEqualTo(10);
    }

    @Test
    void streamsEndCleanlyOnlyBetweenVarints() throws Exception {
        assertThat(Varint.read(new ByteArrayInputStream(HEX.parseHex("ac02")))).isEqualTo(300);
        assertThat(Varint.read(new ByteArrayInputStream(new byte[0]))).isEqualTo(-1);
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(HEX.parseHex("ac"))))
                .isInstanceOf(CidParseException.class).hasMessage("truncated varint");
        assertThatThrownBy(() -> Varint.read(new ByteArrayInputStream(HEX.parseHex("8000"))))
                .isInstanceOf(CidParseException.class).hasMessage("varint is not minimally encoded");
    }
}
