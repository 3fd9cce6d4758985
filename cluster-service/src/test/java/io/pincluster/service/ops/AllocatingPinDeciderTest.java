package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.state.PinSetState;
import io.pincluster.service.identity.PeerIdentity;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class AllocatingPinDeciderTest {
    private static final Cid CID = Cid.parse("QmYwAPJzv5CZsnA625s3Xf2nemtYgPpHdWEz79ojWnPbdG");
    private static final List<PeerId> PEERS = Stream.generate(() -> PeerIdentity.generate().peerId()).limit(4)
            .sorted().toList();
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    private static Pin decide(int defMin, int defMax, PinOptions options, Pin existing) {
        return new AllocatingPinDecider(defMin, defMax, () -> PEERS).decide(CID, options, existing,
                new PinSetState(), NOW);
    }

    @Test
    void everywhereMeansNoAllocationsAndStoresResolvedFactors() {
        Pin pin = decide(-1, -1, PinOptions.DEFAULTS, null);

        assertThat(pin.allocations()).isEmpty();
        assertThat(pin.options().replicationMin()).isEqualTo(-1);
        assertThat(pin.timestamp()).isEqualTo(NOW);
        assertThat(pin.isAllocatedTo(PEERS.get(0))).isTrue();
    }

    @Test
    void allocatesUpToMaxWithUserAllocationsFirst() {
        PinOptions options = new PinOptions(2, 3, "n", PinMode.RECURSIVE, 0, List.of(PEERS.get(3)), null,
                java.util.Map.of(), null, List.of());

        Pin pin = decide(-1, -1, options, null);

        assertThat(pin.allocations()).containsExactly(PEERS.get(3), PEERS.get(0), PEERS.get(1));
        assertThat(pin.options().userAllocations()).isEmpty(); // transient, not stored
    }

    @Test
    void zeroTakesConfiguredDefaults() {
        Pin pin = decide(1, 2, PinOptions.DEFAULTS, null);

        assertThat(pin.allocations()).hasSize(2);
        assertThat(pin.options().replicationMin()).isEqualTo(1);
        assertThat(pin.options().replicationMax()).isEqualTo(2);
    }

    @Test
    void tooFewPeersFailsWithIpfsClusterText() {
        assertThatThrownBy(() -> decide(-1, -1, PinOptions.DEFAULTS.withReplication(5, 6), null))
                .isInstanceOfSatisfying(ClusterException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                    assertThat(e.getMessage()).isEqualTo("not enough peers to allocate CID. Needed at least: 5. "
                            + "Wanted at most: 6. Available candidates: 4. See logs for more info.");
                });
    }

    @Test
    void existingPinWithEnoughLiveAllocationsKeepsThem() {
        Pin first = decide(-1, -1, PinOptions.DEFAULTS.withReplication(1, 1), null);

        // min already met: ipfs-cluster leaves the allocations alone, even though max grew.
        assertThat(decide(-1, -1, PinOptions.DEFAULTS.withReplication(1, 2), first).allocations())
                .isEqualTo(first.allocations());
        // min not met: the current peer stays first and the rest is filled up to max.
        assertThat(decide(-1, -1, PinOptions.DEFAULTS.withReplication(2, 3), first).allocations())
                .startsWith(first.allocations().get(0)).hasSize(3).doesNotHaveDuplicates();
    }

    @Test
    void expiredOrDowngradedPinsAreRejected() {
        PinOptions past = new PinOptions(0, 0, "", PinMode.RECURSIVE, 0, List.of(), NOW.minusSeconds(1),
                java.util.Map.of(), null, List.of());
        assertThatThrownBy(() -> decide(-1, -1, past, null)).hasMessage("pin.ExpireAt set before current time");

        Pin recursive = decide(-1, -1, PinOptions.DEFAULTS, null);
        PinOptions direct = new PinOptions(0, 0, "", PinMode.DIRECT, 0, List.of(), null, java.util.Map.of(), null,
                List.of());
        assertThatThrownBy(() -> decide(-1, -1, direct, recursive))
                .isInstanceOfSatisfying(ClusterException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }
}
