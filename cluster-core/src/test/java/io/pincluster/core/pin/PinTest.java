package io.pincluster.core.pin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PinTest {
    private static final Cid CID = Cid.v1(Codec.RAW, Multihash.sha256("a".getBytes(StandardCharsets.UTF_8)));
    private static final PeerId PEER = PeerId.ofPublicKeyProto("peer-key".getBytes(StandardCharsets.UTF_8));

    private static Pin at(Instant t) {
        return new Pin(CID, null, null, List.of(PEER), null, t);
    }

    @Test
    void theTimestampKeepsEveryNanosecondAndTakesPartInEquality() {
        Instant t = Instant.parse("2026-12-07T01:02:03.123456789Z");
        Pin pin = at(t);
        assertThat(pin.timestamp()).isEqualTo(t);
        assertThat(pin).isEqualTo(at(Instant.parse("2026-12-07T01:02:03.123456789Z")))
                .hasSameHashCodeAs(at(t))
                .isNotEqualTo(at(t.plusNanos(1)))
                .isNotEqualTo(at(t.plusSeconds(1)));
        assertThat(at(Instant.MIN).timestamp()).isEqualTo(Instant.MIN);
        assertThat(at(Instant.MAX).timestamp()).isEqualTo(Instant.MAX);
        assertThat(pin.toString()).contains("timestamp=2026-12-07T01:02:03.123456789Z");
    }

    @Test
    void acceptedAfterComparesSecondsThenNanoseconds() {
        Instant t = Instant.parse("2026-12-07T01:02:03.5Z");
        assertThat(at(t.plusNanos(1)).acceptedAfter(at(t))).isTrue();
        assertThat(at(t).acceptedAfter(at(t.plusNanos(1)))).isFalse();
        assertThat(at(t).acceptedAfter(at(t))).isFalse();
        // a later second with fewer nanoseconds is still later
        assertThat(at(t.plusSeconds(1).minusMillis(600)).acceptedAfter(at(t))).isTrue();
        assertThat(at(Instant.EPOCH).acceptedAfter(at(Instant.parse("1969-12-31T23:59:59.999Z")))).isTrue();
        assertThat(at(Instant.MIN).acceptedAfter(at(Instant.MAX))).isFalse();
    }

    @Test
    void missingPartsAreTheDefaultsAndTheAllocationsAreACopy() {
        List<PeerId> peers = new ArrayList<>(List.of(PEER));
        Pin pin = new Pin(CID, null, null, peers, null, null);
        peers.clear();
        assertThat(pin.timestamp()).isEqualTo(Instant.EPOCH);
        assertThat(pin.options()).isEqualTo(PinOptions.DEFAULTS);
        assertThat(pin.type()).isEqualTo(PinType.DATA);
        assertThat(pin.allocations()).containsExactly(PEER);
        assertThat(pin).isEqualTo(new Pin(CID, PinOptions.DEFAULTS, PinType.DATA, List.of(PEER), null, Instant.EPOCH));
        assertThatThrownBy(() -> new Pin(null, null, null, null, null, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("a pin needs a CID");
    }
}
