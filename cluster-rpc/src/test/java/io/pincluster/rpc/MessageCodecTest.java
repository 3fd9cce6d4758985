package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class MessageCodecTest {
    private final BinaryMarshaller<PeerInfo> marshaller =
            new BinaryMarshaller<>("peer info", MessageCodec::writePeerInfo, MessageCodec::readPeerInfo);

    @Test
    void peerInfoWithAndWithoutRaftRoundTrips() throws Exception {
        PeerInfo full = new RecordingHandler(RpcFixture.peer(4)).id();
        PeerInfo bare = new PeerInfo(RpcFixture.peer(5), "", List.of(), List.of(), List.of(), "", "", "", "err",
                new PeerInfo.IpfsInfo("Qm", List.of("/ip4/1.1.1.1"), "down"), null);
        assertThat(marshaller.parse(marshaller.stream(full))).isEqualTo(full);
        assertThat(marshaller.parse(marshaller.stream(bare))).isEqualTo(bare);
    }

    @Test
    void truncatedOrPaddedInputIsABadRequest() throws Exception {
        byte[] bytes = marshaller.stream(new RecordingHandler(RpcFixture.peer(4)).id()).readAllBytes();
        for (int cut : new int[] {0, 1, 5, bytes.length / 2, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(truncated)))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(padded)))
                .hasMessageContaining("trailing bytes");
    }

    @Test
    void hugeCountsDoNotAllocate() {
        byte[] hostile = {0, 0, 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff};
        assertThatThrownBy(() -> new WireReader(hostile).bytes())
                .isInstanceOfSatisfying(ClusterException.class, e -> assertThat(e.getMessage()).contains("count"));
    }
}
