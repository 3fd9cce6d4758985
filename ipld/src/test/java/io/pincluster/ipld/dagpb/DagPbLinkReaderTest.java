package io.pincluster.ipld.dagpb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.util.List;
import org.junit.jupiter.api.Test;

class DagPbLinkReaderTest {
    private final DagPbLinkReader reader = new DagPbLinkReader();

    @Test
    void dagPbBlocksYieldTheirLinksInOrder() {
        Cid a = Cid.v1(Codec.RAW, Multihash.sha256(new byte[] {1}));
        Cid b = Cid.v1(Codec.RAW, Multihash.sha256(new byte[] {2}));
        byte[] block = DagPbCodec.encode(new PbNode(List.of(PbLink.of(b, "", 1), PbLink.of(a, "", 1)), new byte[] {8, 2}));

        assertThat(reader.links(Cid.v0(Multihash.sha256(block)), block)).containsExactly(b, a);
    }

    @Test
    void rawBlocksHaveNoLinks() {
        byte[] block = {1, 2, 3};
        assertThat(reader.links(Cid.v1(Codec.RAW, Multihash.sha256(block)), block)).isEmpty();
    }

    @Test
    void malformedDagPbAndDagCborAreRejected() {
        byte[] junk = {(byte) 0xff};
        assertThatThrownBy(() -> reader.links(Cid.v0(Multihash.sha256(junk)), junk)).isInstanceOf(DagPbException.class);
        assertThatThrownBy(() -> reader.links(Cid.v1(Codec.DAG_CBOR, Multihash.sha256(junk)), junk))
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("dag-cbor");
    }
}
