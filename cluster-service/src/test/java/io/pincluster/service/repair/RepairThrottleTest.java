package io.pincluster.service.repair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * The planner's budget per pass: a bucket filling at the rate and holding two seconds' worth, with at most two
 * seconds' worth waiting for its commit.
 */
class RepairThrottleTest {
    private static final Instant T0 = Instant.parse("2026-12-07T12:00:00Z");

    @Test
    void aRepairAfterAQuietTimeSubmitsTwoSecondsWorthAtOnce() {
        RepairThrottle throttle = new RepairThrottle(5000);
        assertThat(throttle.budget(T0, 0)).isEqualTo(10_000);

        RepairThrottle afterIdlePasses = new RepairThrottle(5000);
        for (int s = 0; s < 10; s++) {
            assertThat(afterIdlePasses.budget(T0.plusSeconds(s), 0)).isEqualTo(10_000);
            afterIdlePasses.spent(0);
        }
    }

    @Test
    void whatWasSpentComesBackAtTheRate() {
        RepairThrottle throttle = new RepairThrottle(5000);
        throttle.budget(T0, 0);
        throttle.spent(10_000);
        assertThat(throttle.budget(T0, 0)).isZero();
        assertThat(throttle.budget(T0.plusMillis(200), 0)).isEqualTo(1000);
        throttle.spent(1000);
        assertThat(throttle.budget(T0.plusSeconds(1), 0)).isEqualTo(4000);
        throttle.spent(4000);
        // a pass that comes late makes up for the time it missed, two seconds' worth at most
        assertThat(throttle.budget(T0.plusMillis(2500), 0)).isEqualTo(7500);
        assertThat(throttle.budget(T0.plusSeconds(60), 0)).isEqualTo(10_000);
    }

    @Test
    void overAnyStretchNoMoreThanTheRateGoesOutBeyondTheBurst() {
        RepairThrottle throttle = new RepairThrottle(1000);
        long out = 0;
        for (int ms = 0; ms <= 30_000; ms += 370) {
            int budget = throttle.budget(T0.plusMillis(ms), 0);
            throttle.spent(budget);
            out += budget;
        }
        assertThat(out).isLessThanOrEqualTo(2000 + 30 * 1000).isGreaterThanOrEqualTo(2000 + 29 * 1000);
    }

    @Test
    void movesWaitingForTheirCommitShrinkTheBudgetToNothingAtTwoSecondsWorth() {
        RepairThrottle throttle = new RepairThrottle(5000);
        assertThat(throttle.budget(T0, 7500)).isEqualTo(2500);
        assertThat(throttle.budget(T0, 10_000)).isZero();
        assertThat(throttle.budget(T0, 12_000)).isZero();
        RepairThrottle slow = new RepairThrottle(1);
        assertThat(slow.budget(T0, 1)).isEqualTo(1);
        assertThat(slow.budget(T0, 2)).isZero();
    }

    @Test
    void aClockThatWentBackAddsNothingAndDoesNotMoveTheBucketBack() {
        RepairThrottle throttle = new RepairThrottle(5000);
        throttle.budget(T0, 0);
        throttle.spent(10_000);
        assertThat(throttle.budget(T0.minusSeconds(5), 0)).isZero();
        assertThat(throttle.budget(T0.plusMillis(100), 0)).isEqualTo(500);
    }

    @Test
    void losingLeadershipRefillsTheBucket() {
        RepairThrottle throttle = new RepairThrottle(5000);
        throttle.budget(T0, 0);
        throttle.spent(10_000);
        throttle.reset();
        assertThat(throttle.budget(T0.plusMillis(1), 0)).isEqualTo(10_000);
    }

    @Test
    void aRateBelowOneIsRefused() {
        assertThatThrownBy(() -> new RepairThrottle(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
