package io.pincluster.service.tracker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class RetryBackoffTest {
    private final RetryBackoff backoff = new RetryBackoff(Duration.ofSeconds(5), Duration.ofMinutes(10));

    @Test
    void doublesFromTheMinimumAndStopsAtTheMaximum() {
        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofSeconds(80));
        assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofSeconds(320));
        assertThat(backoff.delayAfter(8)).isEqualTo(Duration.ofMinutes(10)); // 640 s, capped
    }

    @Test
    void manyFailuresNeverOverflow() {
        assertThat(backoff.delayAfter(64)).isEqualTo(Duration.ofMinutes(10));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void refusesAnEmptyOrInvertedRange() {
        assertThatThrownBy(() -> new RetryBackoff(Duration.ZERO, Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RetryBackoff(Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
