package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.protocol.PeerTypes;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The marshaller over protobuf messages: what it sends reads back equal, and bad bytes are a BAD_REQUEST. */
class ProtoMarshallerTest {
    private final ProtoMarshaller<PeerInfo, PeerTypes.PeerInfo> marshaller = new ProtoMarshaller<>(
            PeerTypes.PeerInfo.getDefaultInstance(), PeerInfoMapper::toMessage, PeerInfoMapper::fromMessage);

    @Test
    void peerInfoWithAndWithoutRaftRoundTrips() {
        PeerInfo full = new RecordingHandler(RpcFixture.peer(4)).id();
        PeerInfo bare = new PeerInfo(RpcFixture.peer(5), "", List.of(), List.of(), List.of(), "", "", "", "err",
                new PeerInfo.IpfsInfo("Qm", List.of("/ip4/1.1.1.1"), "down"), null);
        assertThat(marshaller.parse(marshaller.stream(full))).isEqualTo(full);
        assertThat(marshaller.parse(marshaller.stream(bare))).isEqualTo(bare);
    }

    @Test
    void truncatedOrPaddedInputIsABadRequest() throws Exception {
        byte[] bytes = marshaller.stream(new RecordingHandler(RpcFixture.peer(4)).id()).readAllBytes();
        // 0 bytes is an empty message, which lacks the peer ID; the other cuts fall inside a field. (A cut between
        // two fields would read as a message without the later fields: gRPC's framing delivers whole messages.)
        for (int cut : new int[] {0, 1, 5, bytes.length / 2, bytes.length - 1}) {
            byte[] truncated = Arrays.copyOf(bytes, cut);
            assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(truncated)))
                    .isInstanceOfSatisfying(ClusterException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
        }
        byte[] padded = Arrays.copyOf(bytes, bytes.length + 1);
        assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(padded)))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("malformed RPC message: pincluster.PeerInfo")
                            .contains("invalid tag");
                });
    }

    @Test
    void hugeLengthsDoNotAllocate() {
        // field 2 (peer_name, length-delimited) claiming 2^31 - 1 bytes that are not there
        byte[] hostile = {0x12, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07};
        assertThatThrownBy(() -> marshaller.parse(new ByteArrayInputStream(hostile)))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                    assertThat(e.getMessage()).contains("ended unexpectedly");
                });
    }
}
