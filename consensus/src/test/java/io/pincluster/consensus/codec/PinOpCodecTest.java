package io.pincluster.consensus.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class PinOpCodecTest {
    private final PinOpCodec codec = new PinOpCodec();

    private static Cid cid(String s) {
        return Cid.v1(Codec.DAG_PB, Multihash.sha256(s.getBytes(StandardCharsets.UTF_8)));
    }

    private static PeerId peer(String s) {
        return PeerId.ofPublicKeyProto(s.getBytes(StandardCharsets.UTF_8));
    }

    private static Pin fullPin() {
        PinOptions o = new PinOptions(2, 3, "naïve name ✓", PinMode.DIRECT, 1 << 20, List.of(peer("u")),
                Instant.parse("2030-05-06T07:08:09.123456789Z"), Map.of("b", "2", "a", "1"), cid("old"),
                List.of("/ip4/1.2.3.4/tcp/4001/p2p/x"));
        return new Pin(cid("x"), o, PinType.SHARD, List.of(peer("a"), peer("b")), cid("ref"),
                Instant.ofEpochSecond(-5, 7));
    }

    @Test
    void requestsRoundTrip() {
        List<PinRequest> in = List.of(new PinRequest.Pin(cid("x"), fullPin().options()),
                new PinRequest.Pin(cid("y"), PinOptions.DEFAULTS.withReplication(-1, -1)),
                new PinRequest.Unpin(cid("z")), new PinRequest.Expire(cid("w")));
        assertThat(codec.decodeRequests(codec.encodeRequests(in))).isEqualTo(in);
    }

    @Test
    void reallocationsRoundTripInRequestFormatTwoAndOtherBatchesStayAtOne() {
        List<PinRequest> in = List.of(new PinRequest.Reallocate(cid("x"), List.of(peer("a"), peer("b")), true),
                new PinRequest.Reallocate(cid("y"), List.of(), false), new PinRequest.Unpin(cid("z")));
        byte[] bytes = codec.encodeRequests(in);
        assertThat(codec.decodeRequests(bytes)).isEqualTo(in);
        assertThat(bytes[1]).as("format version byte").isEqualTo((byte) 2);
        // a batch without reallocations is still readable by a leader of the previous build
        assertThat(codec.encodeRequests(List.of(new PinRequest.Unpin(cid("z"))))[1]).isEqualTo((byte) 1);
    }

    @Test
    void aReallocationInAVersionOneBatchIsRefused() {
        byte[] bytes = codec.encodeRequests(List.of(new PinRequest.Reallocate(cid("x"), List.of(), false)));
        bytes[1] = 1;
        assertThatThrownBy(() -> codec.decodeRequests(bytes)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("reallocation");
    }

    @Test
    void entriesAndResultsRoundTrip() {
        List<Decision> entry = List.of(new Decision.Apply(new PinOp.AddPin(fullPin())),
                new Decision.Apply(new PinOp.RemovePin(cid("gone"))),
                new Decision.Reject(ErrorCode.NOT_FOUND, "pin is not part of the pinset"));
        assertThat(codec.decodeEntry(codec.encodeEntry(entry))).isEqualTo(entry);
        List<OpResult> results = List.of(new OpResult.Ok(fullPin()), new OpResult.Ok(null),
                new OpResult.Failed(ErrorCode.BAD_REQUEST, "nope"));
        assertThat(codec.decodeResults(codec.encodeResults(results))).isEqualTo(results);
    }

    @Test
    void wrongKindAndVersionAreNamed() {
        byte[] entry = codec.encodeEntry(List.of());
        assertThatThrownBy(() -> codec.decodeRequests(entry)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("not a request batch");
        byte[] future = entry.clone();
        future[1] = 9;
        assertThatThrownBy(() -> codec.decodeEntry(future)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("version 9");
    }

    @Test
    void truncatedOrExtendedInputIsRejected() {
        byte[] good = codec.encodeEntry(List.of(new Decision.Apply(new PinOp.AddPin(fullPin()))));
        for (int len = 0; len < good.length; len++) {
            byte[] cut = Arrays.copyOf(good, len);
            assertThatThrownBy(() -> codec.decodeEntry(cut)).isInstanceOf(MalformedDataException.class);
        }
        byte[] longer = Arrays.copyOf(good, good.length + 1);
        assertThatThrownBy(() -> codec.decodeEntry(longer)).isInstanceOf(MalformedDataException.class)
                .hasMessageContaining("trailing");
    }

    @Test
    void randomGarbageAndBitFlipsNeverEscapeAsAnythingButMalformedData() {
        Random random = new Random(7);
        byte[] good = codec.encodeEntry(List.of(new Decision.Apply(new PinOp.AddPin(fullPin())),
                new Decision.Reject(ErrorCode.CONFLICT, "x")));
        List<byte[]> inputs = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            byte[] b = new byte[random.nextInt(200)];
            random.nextBytes(b);
            if (b.length > 2 && i % 2 == 0) {
                b[0] = 'E';
                b[1] = 1;
            }
            inputs.add(b);
            byte[] flipped = good.clone();
            flipped[random.nextInt(flipped.length)] ^= (byte) (1 << random.nextInt(8));
            inputs.add(flipped);
        }
        int rejected = 0;
        for (byte[] in : inputs) {
            try {
                codec.decodeEntry(in);
            } catch (MalformedDataException e) {
                assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST);
                rejected++;
            }
        }
        assertThat(rejected).as("most garbage is detected, the rest decodes to some valid entry")
                .isGreaterThan(inputs.size() / 2);
    }
}
