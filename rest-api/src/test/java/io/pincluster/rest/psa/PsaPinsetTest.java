package io.pincluster.rest.psa;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.pin.PinOptionLimits;
import io.pincluster.core.psa.PsaPin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A CID named by several requests is pinned with the highest replication any of them asks, and with their origins.
 */
class PsaPinsetTest {
    private static final Cid CID = Cid.parse("QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o");

    private static PsaPin asking(int replication) {
        return new PsaPin("r" + (replication + 1), "alice", CID, null, List.of(), Map.of(), replication,
                Instant.EPOCH);
    }

    @Test
    void everyPeerBeatsAnyNumberAndANumberBeatsTheDefault() {
        assertThat(PsaPinset.highest(List.of(asking(0)))).isZero();
        assertThat(PsaPinset.highest(List.of(asking(0), asking(2), asking(3)))).isEqualTo(3);
        assertThat(PsaPinset.highest(List.of(asking(5), asking(-1), asking(0)))).isEqualTo(-1);
    }

    private static PsaPin from(String id, List<String> origins) {
        return new PsaPin(id, "alice", CID, null, origins, Map.of(), 0, Instant.EPOCH);
    }

    @Test
    void theClusterPinCarriesEveryRequestsOriginsOnceInRequestOrderAndWithinTheClusterPinsLimits() {
        String a = "/ip4/127.0.0.1/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
        String b = "/dns4/example.org/tcp/4001/p2p/12D3KooWBtg3aaRMjxwedh83aGiUkwSxDwUZkzuJcfaqUmo7R3pq";
        assertThat(PsaPinset.origins(List.of(from("r1", List.of(a)), from("r2", List.of(b, a)))))
                .containsExactly(a, b);
        assertThat(PsaPinset.origins(List.of(from("r1", List.of())))).isEmpty();

        String tooLong = "/dns4/" + "x".repeat(PinOptionLimits.MAX_ORIGIN_CHARS) + "/tcp/1";
        List<PsaPin> many = new java.util.ArrayList<>();
        for (int r = 0; r < 3; r++) {
            List<String> twenty = new java.util.ArrayList<>();
            for (int i = 0; i < PsaPin.MAX_ORIGINS - 1; i++) {
                twenty.add("/ip4/10.0." + r + "." + i + "/tcp/4001");
            }
            twenty.add(tooLong);
            many.add(from("m" + r, twenty));
        }
        assertThat(PsaPinset.origins(many)).hasSize(PinOptionLimits.MAX_ORIGINS).doesNotContain(tooLong);
    }
}
