package io.pincluster.rest.psa;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.psa.PsaPin;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A CID named by several requests is pinned with the highest replication any of them asks. */
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
}
