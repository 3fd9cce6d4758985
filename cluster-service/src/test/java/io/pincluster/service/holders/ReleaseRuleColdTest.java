package io.pincluster.service.holders;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.core.state.PinOp;
import io.pincluster.core.state.PinSetState;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The release rule for a pin whose hot copies were dropped (decision 0024): with its archive indexed, its former
 * holders may release every copy; without one (or for a pin on every peer) the last copy is kept as before.
 */
class ReleaseRuleColdTest {
    private static final PeerId A = PeerId.ofPublicKeyProto("release-a".getBytes(StandardCharsets.UTF_8));
    private static final PeerId B = PeerId.ofPublicKeyProto("release-b".getBytes(StandardCharsets.UTF_8));

    private final PinSetState pinset = new PinSetState();
    private final Set<Cid> archived = new HashSet<>();
    private final ReleaseRule rule = new ReleaseRule(pinset, p -> true, new ConfirmedHolders() {
        @Override
        public boolean holds(PeerId peer, Cid cid) {
            return false;
        }

        @Override
        public boolean hasFullReport(PeerId peer) {
            return true;
        }

        @Override
        public int awaitingRelease(PeerId peer) {
            return 0;
        }
    }, archived::contains);

    private static Cid cid(int n) {
        return Cid.v1(Codec.RAW, Multihash.sha256(("release-pin" + n).getBytes(StandardCharsets.UTF_8)));
    }

    private Cid pin(int n, int min, List<PeerId> allocations) {
        Cid cid = cid(n);
        pinset.apply(new PinOp.AddPin(new Pin(cid, PinOptions.DEFAULTS.withReplication(min, min), PinType.DATA,
                allocations, null, Instant.EPOCH)));
        return cid;
    }

    @Test
    void everyHotCopyOfADroppedArchivedPinMayGo() {
        Cid dropped = pin(1, 2, List.of());
        archived.add(dropped);
        assertThat(rule.releasable(A, dropped)).isTrue();
        assertThat(rule.releasable(B, dropped)).isTrue();
    }

    @Test
    void withoutAnArchiveOrOnEveryPeerTheLastCopyStays() {
        Cid noArchive = pin(1, 2, List.of());
        assertThat(rule.releasable(A, noArchive)).as("nowhere else to be").isFalse();
        Cid everywhere = pin(2, -1, List.of());
        archived.add(everywhere);
        assertThat(rule.releasable(A, everywhere)).as("allocated to every peer").isFalse();
        Cid moving = pin(3, 1, List.of(B));
        archived.add(moving);
        assertThat(rule.releasable(A, moving)).as("a move: the new holder has not confirmed").isFalse();
    }
}
