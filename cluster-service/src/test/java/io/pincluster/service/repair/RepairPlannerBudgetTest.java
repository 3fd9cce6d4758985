package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The planner's per-pass budget: the rate each second, with at most two seconds' worth in flight. */
class RepairPlannerBudgetTest {
    @Test
    void aPassSubmitsTheRateWhileLessThanOneSecondsWorthIsInFlight() {
        assertThat(RepairPlanner.submitBudget(5000, 0)).isEqualTo(5000);
        assertThat(RepairPlanner.submitBudget(5000, 4999)).isEqualTo(5000);
        assertThat(RepairPlanner.submitBudget(5000, 5000)).isEqualTo(5000);
    }

    @Test
    void whatIsInFlightBeyondOneSecondsWorthShrinksTheBudgetToNothingAtTwo() {
        assertThat(RepairPlanner.submitBudget(5000, 7500)).isEqualTo(2500);
        assertThat(RepairPlanner.submitBudget(5000, 10_000)).isZero();
        assertThat(RepairPlanner.submitBudget(5000, 12_000)).isZero();
        assertThat(RepairPlanner.submitBudget(1, 1)).isEqualTo(1);
        assertThat(RepairPlanner.submitBudget(1, 2)).isZero();
    }
}
