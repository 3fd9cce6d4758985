package io.pincluster.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PinInternerTest {
    private static final PeerId A = PeerId.ofPublicKeyProto("peer-key-a".getBytes(StandardCharsets.UTF_8));
    private static final PeerId B = PeerId.ofPublicKeyProto("peer-key-b".getBytes(StandardCharsets.UTF_8));

    private static Pin decoded(int n, long millis) {
        // as the codec makes them: every pin its own option, list and Instant objects
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(("block-" + n).getBytes(StandardCharsets.UTF_8)));
        PinOptions options = new PinOptions(2, 3, "", PinMode.RECURSIVE, 0, List.of(), null, Map.of(), null, List.of());
        return new Pin(cid, options, PinType.DATA, List.of(PeerId.parse(A.value()), PeerId.parse(B.value())), null,
                Instant.ofEpochMilli(millis));
    }

    @Test
    void pinsShareOptionsAndAllocationsAndStayEqualTimestampsIncluded() {
        PinInterner interner = new PinInterner();
        Pin first = interner.intern(decoded(1, 1000));
        Pin second = decoded(2, 1000);
        Pin interned = interner.intern(second);

        assertThat(interned).isEqualTo(second);
        assertThat(interned.options()).isSameAs(first.options());
        assertThat(interned.allocations()).isSameAs(first.allocations());

        Pin later = interner.intern(decoded(3, 1001));
        assertThat(later.timestamp()).isEqualTo(Instant.ofEpochMilli(1001));
        assertThat(later.options()).isSameAs(first.options());
        assertThat(interner.intern(later)).isSameAs(later); // already shared: the pin itself, no copy
    }
}
