package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * The planner's per-pass budget: the rate times the time since the last pass (one to two seconds), with at most two
 * seconds' worth in flight.
 */
class RepairPlannerBudgetTest {
    private static final Duration SECOND = Duration.ofSeconds(1);

    @Test
    void aPassSubmitsTheRateWhileLessThanOneSecondsWorthIsInFlight() {
        assertThat(RepairPlanner.submitBudget(5000, 0, SECOND)).isEqualTo(5000);
        assertThat(RepairPlanner.submitBudget(5000, 4999, SECOND)).isEqualTo(5000);
        assertThat(RepairPlanner.submitBudget(5000, 5000, SECOND)).isEqualTo(5000);
    }

    @Test
    void whatIsInFlightBeyondOneSecondsWorthShrinksTheBudgetToNothingAtTwo() {
        assertThat(RepairPlanner.submitBudget(5000, 7500, SECOND)).isEqualTo(2500);
        assertThat(RepairPlanner.submitBudget(5000, 10_000, SECOND)).isZero();
        assertThat(RepairPlanner.submitBudget(5000, 12_000, SECOND)).isZero();
        assertThat(RepairPlanner.submitBudget(1, 1, SECOND)).isEqualTo(1);
        assertThat(RepairPlanner.submitBudget(1, 2, SECOND)).isZero();
    }

    @Test
    void aLatePassMakesUpForTheTimeItMissedUpToTwoSeconds() {
        assertThat(RepairPlanner.submitBudget(5000, 0, Duration.ofMillis(1500))).isEqualTo(7500);
        assertThat(RepairPlanner.submitBudget(5000, 0, Duration.ofSeconds(2))).isEqualTo(10_000);
        assertThat(RepairPlanner.submitBudget(5000, 0, Duration.ofMinutes(5))).isEqualTo(10_000);
        assertThat(RepairPlanner.submitBudget(5000, 4000, Duration.ofSeconds(2))).isEqualTo(6000);
    }

    @Test
    void passesCloserThanASecondStillGetASecondsWorthAsBefore() {
        assertThat(RepairPlanner.submitBudget(5000, 0, Duration.ZERO)).isEqualTo(5000);
        assertThat(RepairPlanner.submitBudget(5000, 0, Duration.ofMillis(-300))).isEqualTo(5000);
    }
}
