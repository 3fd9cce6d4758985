package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The order a pass submits its queue in: fewest live copies first, and within a count the order it was found in. */
class RepairPlannerOrderTest {
    private static RepairPlanner.Candidate candidate(int n, int live) {
        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(("order-" + n).getBytes(StandardCharsets.UTF_8)));
        Pin pin = new Pin(cid, PinOptions.DEFAULTS.withReplication(2, 3), PinType.DATA, List.of(), null,
                Instant.EPOCH);
        return new RepairPlanner.Candidate(pin, live, Set.of(), true);
    }

    @Test
    void fewestLiveCopiesFirstAndFoundOrderWithinACount() {
        Random random = new Random(7);
        List<RepairPlanner.Candidate> found = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            found.add(candidate(i, random.nextInt(4)));
        }

        List<RepairPlanner.Candidate> ordered = RepairPlanner.mostUrgentFirst(found);

        List<RepairPlanner.Candidate> expected = new ArrayList<>(found);
        expected.sort(java.util.Comparator.comparingInt(RepairPlanner.Candidate::live)); // List.sort is stable
        assertThat(ordered).containsExactlyElementsOf(expected);
        assertThat(ordered.get(0).live()).isZero();
        assertThat(ordered.get(ordered.size() - 1).live()).isEqualTo(3);
    }

    @Test
    void aQueueWithoutLiveCopiesOrAnEmptyOneKeepsItsOrder() {
        List<RepairPlanner.Candidate> lost = List.of(candidate(1, 0), candidate(2, 0), candidate(3, 0));
        assertThat(RepairPlanner.mostUrgentFirst(lost)).containsExactlyElementsOf(lost);
        assertThat(RepairPlanner.mostUrgentFirst(List.of())).isEmpty();
    }
}
