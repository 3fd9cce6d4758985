package io.pincluster.service.ops;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.identity.PeerIdentity;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PendingAllocationsTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void bytesCountForOneWindowAfterTheDecision() {
        PeerId a = PeerIdentity.generate().peerId();
        PeerId b = PeerIdentity.generate().peerId();
        PendingAllocations pending = new PendingAllocations(Duration.ofSeconds(15));

        pending.record(List.of(a, b), 100, T0);
        pending.record(List.of(a), 50, T0.plusSeconds(10));
        pending.record(List.of(b), 0, T0.plusSeconds(10)); // nothing to count

        assertThat(pending.pendingAt(T0.plusSeconds(10))).isEqualTo(Map.of(a, 150L, b, 100L));
        assertThat(pending.pendingAt(T0.plusSeconds(15))).isEqualTo(Map.of(a, 50L));
        assertThat(pending.pendingAt(T0.plusSeconds(25))).isEmpty();
    }
}
