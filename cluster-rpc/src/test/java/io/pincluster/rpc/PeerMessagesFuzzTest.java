package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.InvalidProtocolBufferException;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.component.HoldingsReport;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.metric.Metric;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import io.pincluster.core.pin.PinInfo;
import io.pincluster.core.pin.TrackerStatus;
import io.pincluster.protocol.PeerRpcMessages;
import io.pincluster.protocol.PeerTypes;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random and mutated bytes as the peer messages a peer receives: each is refused by protobuf or mapped, and mapping
 * fails only with the malformed-message {@link ClusterException} (BAD_REQUEST), never with another exception that
 * would surface as an internal error. The valid samples map back to what they were made from.
 */
class PeerMessagesFuzzTest {
    private static final PeerId PEER = PeerId.parse("12D3KooWNay6utdVFTuikrxno2AaHrhdkcPwPdDDDCcvdPv6ixtV");
    private static final Cid CID = Cid.v1(Codec.RAW, Multihash.sha256("x".getBytes(StandardCharsets.UTF_8)));
    private static final PinInfo INFO = new PinInfo(PEER, "peer-a", "ipfs-id", List.of("/ip4/1.2.3.4"),
            TrackerStatus.PINNED, Instant.parse("2024-01-01T00:00:00Z"), "", 2, true);
    private static final Metric METRIC = new Metric("freespace", PEER, "123", 1, true,
            Instant.parse("2024-01-01T00:00:30Z"), null);
    private static final HoldingsReport HOLDINGS = new HoldingsReport(PEER, 3, 4, false, true, List.of(CID),
            List.of(), List.of(CID), 1);

    @FunctionalInterface
    interface Decoder {
        void decode(byte[] bytes) throws InvalidProtocolBufferException;
    }

    private static void onlyDocumentedFailures(Decoder decoder, byte[] bytes) {
        try {
            decoder.decode(bytes);
        } catch (InvalidProtocolBufferException refusedByProtobuf) {
            assertThat(refusedByProtobuf.getMessage()).isNotBlank();
        } catch (ClusterException malformed) {
            assertThat(malformed.code()).isEqualTo(ErrorCode.BAD_REQUEST);
        }
    }

    @Property(tries = 1000)
    void cidStatuses(@ForAll("cidStatuses") byte[] bytes) {
        onlyDocumentedFailures(b -> {
            CidStatus s = PinStatusMapper.fromMessage(PeerTypes.CidStatus.parseFrom(b));
            assertThat(PinStatusMapper.fromMessage(PinStatusMapper.toMessage(s))).isEqualTo(s);
        }, bytes);
    }

    @Property(tries = 1000)
    void metrics(@ForAll("metrics") byte[] bytes) {
        onlyDocumentedFailures(b -> MetricMapper.fromMessage(PeerTypes.Metric.parseFrom(b)), bytes);
    }

    @Property(tries = 1000)
    void peerInfos(@ForAll("peerInfos") byte[] bytes) {
        onlyDocumentedFailures(b -> PeerInfoMapper.fromMessage(PeerTypes.PeerInfo.parseFrom(b)), bytes);
    }

    @Property(tries = 1000)
    void holdingsReports(@ForAll("holdings") byte[] bytes) {
        onlyDocumentedFailures(b -> {
            HoldingsReport r = HoldingsMapper.fromMessage(PeerRpcMessages.ReportHoldingsRequest.parseFrom(b));
            assertThat(HoldingsMapper.fromMessage(HoldingsMapper.toMessage(r))).isEqualTo(r);
        }, bytes);
    }

    @Property(tries = 20)
    void theSamplesMapBack() {
        assertThat(PinStatusMapper.fromMessage(PinStatusMapper.toMessage(new CidStatus(CID, INFO))))
                .isEqualTo(new CidStatus(CID, INFO));
        assertThat(MetricMapper.fromMessage(MetricMapper.toMessage(METRIC)).value()).isEqualTo(METRIC.value());
        assertThat(HoldingsMapper.fromMessage(HoldingsMapper.toMessage(HOLDINGS))).isEqualTo(HOLDINGS);
    }

    @Provide
    Arbitrary<byte[]> cidStatuses() {
        return mutatedOrRandom(PinStatusMapper.toMessage(new CidStatus(CID, INFO)).toByteArray());
    }

    @Provide
    Arbitrary<byte[]> metrics() {
        return mutatedOrRandom(MetricMapper.toMessage(METRIC).toByteArray());
    }

    @Provide
    Arbitrary<byte[]> peerInfos() {
        return mutatedOrRandom(PeerTypes.PeerInfo.newBuilder().setId(PEER.value()).addClusterPeers(PEER.value())
                .setPeerName("a").build().toByteArray());
    }

    @Provide
    Arbitrary<byte[]> holdings() {
        return mutatedOrRandom(HoldingsMapper.toMessage(HOLDINGS).toByteArray());
    }

    /** Random bytes, or a valid encoding with a byte changed, cut short, a byte inserted or a run of 0xff put in. */
    static Arbitrary<byte[]> mutatedOrRandom(byte[] valid) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        Arbitrary<byte[]> mutated = Combinators.combine(Arbitraries.integers().between(0, valid.length),
                Arbitraries.bytes(), Arbitraries.integers().between(0, 3)).as((at, value, kind) -> switch (kind) {
                    case 0 -> {
                        byte[] out = valid.clone();
                        out[Math.min(at, valid.length - 1)] = value;
                        yield out;
                    }
                    case 1 -> Arrays.copyOf(valid, at);
                    case 2 -> {
                        byte[] out = new byte[valid.length + 1];
                        System.arraycopy(valid, 0, out, 0, at);
                        out[at] = value;
                        System.arraycopy(valid, at, out, at + 1, valid.length - at);
                        yield out;
                    }
                    default -> {
                        byte[] out = valid.clone();
                        Arrays.fill(out, at, Math.min(valid.length, at + 9), (byte) 0xff);
                        yield out;
                    }
                });
        return Arbitraries.oneOf(random, mutated, mutated);
    }
}
