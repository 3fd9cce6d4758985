package io.pincluster.ipld.dagpb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final Cid RAW_CID = Cid.v1(Codec.RAW, Multihash.sha256("x".getBytes(StandardCharsets.US_ASCII)));

    @Test
    void helloWorldLeafHasTheWellKnownCid() {
        byte[] unixfs = HEX.parseHex("0802120c" + HEX.formatHex("hello world\n".getBytes(StandardCharsets.US_ASCII)) + "180c");
        byte[] block = DagPbCodec.encode(new PbNode(List.of(), unixfs));

        assertThat(Cid.v0(Multihash.sha256(block))).hasToString("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");
        assertThat(DagPbCodec.decode(block).data()).isEqualTo(unixfs);
    }

    @Test
    void emptyDirectoryHasTheWellKnownCid() {
        byte[] block = DagPbCodec.encode(new PbNode(List.of(), new byte[] {8, 1}));
        assertThat(Cid.v0(Multihash.sha256(block))).hasToString("QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn");
    }

    @Test
    void linksAreWrittenBeforeDataWithFieldsInCanonicalOrder() {
        PbNode node = new PbNode(List.of(PbLink.of(RAW_CID, "a", 5), new PbLink(RAW_CID, null, null)), new byte[] {1});
        byte[] block = DagPbCodec.encode(node);

        String cid = HEX.formatHex(RAW_CID.bytes());
        assertThat(HEX.formatHex(block)).isEqualTo(
                "12" + "2b" + "0a24" + cid + "120161" + "1805"
                        + "12" + "26" + "0a24" + cid
                        + "0a0101");
        assertThat(DagPbCodec.decode(block)).isEqualTo(node);
    }

    @Test
    void absentAndEmptyFieldsStayDistinct() {
        PbNode emptyName = new PbNode(List.of(new PbLink(RAW_CID, "", null)), new byte[0]);
        PbNode noName = new PbNode(List.of(new PbLink(RAW_CID, null, null)), null);

        assertThat(DagPbCodec.decode(DagPbCodec.encode(emptyName))).isEqualTo(emptyName);
        assertThat(DagPbCodec.decode(DagPbCodec.encode(noName))).isEqualTo(noName);
        assertThat(DagPbCodec.encode(emptyName)).isNotEqualTo(DagPbCodec.encode(noName));
    }

    @Test
    void rejectsTruncatedBlocks() {
        byte[] block = DagPbCodec.encode(new PbNode(List.of(PbLink.of(RAW_CID, "name", 300)), new byte[] {1, 2, 3}));
        for (int cut = 1; cut < block.length; cut++) {
            byte[] truncated = java.util.Arrays.copyOf(block, cut);
            // A cut on a field boundary is itself a valid, smaller block; any other cut must be refused.
            try {
                assertThat(DagPbCodec.encode(DagPbCodec.decode(truncated))).isEqualTo(truncated);
            } catch (DagPbException expected) {
                assertThat(expected.getMessage()).startsWith("dag-pb");
            }
        }
        assertThatThrownBy(() -> DagPbCodec.decode(java.util.Arrays.copyOf(block, block.length - 1)))
                .isInstanceOf(DagPbException.class).hasMessageContaining("runs past the end");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("0a80")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("truncated varint");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("0a05")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("runs past the end");
    }

    @Test
    void rejectsDataBeforeLinks() {
        byte[] link = DagPbCodec.encode(new PbNode(List.of(new PbLink(RAW_CID, null, null)), null));
        byte[] block = concat(HEX.parseHex("0a0101"), link);
        assertThatThrownBy(() -> DagPbCodec.decode(block))
                .isInstanceOf(DagPbException.class).hasMessageContaining("after Data");
    }

    @Test
    void rejectsLinkFieldsOutOfOrderRepeatedOrMissing() {
        String cid = HEX.formatHex(RAW_CID.bytes());
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("122a" + "120161" + "0a24" + cid + "1805")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("out of order");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("122a" + "0a24" + cid + "18051805")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("repeated");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("1202" + "1805")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("no Hash");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("1203" + "0a01ff")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("invalid Hash CID");
    }

    @Test
    void rejectsWrongWireTypesUnknownFieldsAndDuplicateData() {
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("0801")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("wire type 0");
        String cid = HEX.formatHex(RAW_CID.bytes());
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("1228" + "0a24" + cid + "1a0105")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("Tsize");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("1a00")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("unknown PBNode field 3");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("0a00" + "0a00")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("1203" + "0a24")))
                .isInstanceOf(DagPbException.class);
        assertThatThrownBy(() -> DagPbCodec.decode(HEX.parseHex("122a" + "0a24" + cid + "1202c328")))
                .isInstanceOf(DagPbException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsOversizedBlocks() {
        byte[] big = DagPbCodec.encode(new PbNode(List.of(), new byte[DagPbCodec.DEFAULT_MAX_BLOCK_SIZE]));
        assertThatThrownBy(() -> DagPbCodec.decode(big))
                .isInstanceOf(DagPbException.class).hasMessageContaining("over the limit");
        assertThat(DagPbCodec.decode(big, big.length).data()).hasSize(DagPbCodec.DEFAULT_MAX_BLOCK_SIZE);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
