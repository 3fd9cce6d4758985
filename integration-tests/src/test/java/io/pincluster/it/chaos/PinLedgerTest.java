package io.pincluster.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the chaos run's checks demand of the peers, given what the API acknowledged. */
class PinLedgerTest {
    @Test
    void anAcknowledgedPinMustBeEverywhereUntilItsUnpinIsAcknowledged() {
        PinLedger ledger = new PinLedger();
        ledger.pinAcknowledged("QmA", false);
        ledger.pinAcknowledged("QmB", false);
        ledger.unpinAcknowledged("QmB");

        assertThat(ledger.mustBePinned()).containsExactly("QmA");
        assertThat(ledger.mustBeUnpinned()).containsExactly("QmB");
        assertThat(ledger.diff("peer-0", Set.of("QmA"))).isEmpty();
        assertThat(ledger.diff("peer-1", Set.of("QmB"))).containsExactly(
                "peer-1 lacks 1 acknowledged pins: [QmA]", "peer-1 still lists 1 acknowledged unpins: [QmB]");
    }

    @Test
    void anUnpinOfUnknownOutcomeIsCheckedNeitherWay() {
        PinLedger ledger = new PinLedger();
        ledger.pinAcknowledged("QmA", false);
        ledger.unpinOutcomeUnknown("QmA");

        assertThat(ledger.mustBePinned()).isEmpty();
        assertThat(ledger.mustBeUnpinned()).isEmpty();
        assertThat(ledger.diff("peer-0", Set.of())).isEmpty();
        assertThat(ledger.diff("peer-0", Set.of("QmA"))).isEmpty();
    }

    @Test
    void aPinAcknowledgedOnARetryMustBeThereButItsUnpinIsNotCheckedForAbsence() {
        PinLedger ledger = new PinLedger();
        ledger.pinAcknowledged("QmA", true);

        assertThat(ledger.diff("peer-0", Set.of())).containsExactly("peer-0 lacks 1 acknowledged pins: [QmA]");

        ledger.unpinAcknowledged("QmA");
        assertThat(ledger.mustBePinned()).isEmpty();
        assertThat(ledger.diff("peer-0", Set.of("QmA"))).as("a lost first attempt may apply late").isEmpty();
    }

    @Test
    void aLongDiffNamesTheFirstCidsAndCountsTheRest() {
        PinLedger ledger = new PinLedger();
        for (int i = 0; i < 25; i++) {
            ledger.pinAcknowledged(String.format("Qm%02d", i), false);
        }

        assertThat(ledger.diff("peer-3", Set.of())).singleElement().asString()
                .startsWith("peer-3 lacks 25 acknowledged pins: [Qm00, Qm01,").endsWith("Qm19] and 5 more");
        assertThat(ledger.summary()).startsWith("25 pins and 0 unpins acknowledged (25 must be pinned");
    }
}
