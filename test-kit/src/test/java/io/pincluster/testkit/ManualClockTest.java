package io.pincluster.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ManualClockTest {
    private static final Instant START = Instant.parse("2024-05-01T12:00:00Z");

    @Test
    void standsStillUntilMoved() {
        ManualClock clock = new ManualClock(START);
        assertThat(clock.instant()).isEqualTo(START);
        assertThat(clock.millis()).isEqualTo(START.toEpochMilli());
    }

    @Test
    void advancesAndJumpsWhenTold() {
        ManualClock clock = new ManualClock(START);
        clock.advance(Duration.ofSeconds(90));
        assertThat(clock.instant()).isEqualTo(START.plusSeconds(90));
        clock.set(START.minusSeconds(5));
        assertThat(clock.instant()).isEqualTo(START.minusSeconds(5));
    }

    @Test
    void isUtcAndStaysOneTimeLineInAnyZone() {
        ManualClock clock = new ManualClock(START);
        assertThat(clock.getZone()).isEqualTo(ZoneOffset.UTC);
        assertThat(clock.withZone(ZoneId.of("Europe/Paris"))).isSameAs(clock);
    }
}
