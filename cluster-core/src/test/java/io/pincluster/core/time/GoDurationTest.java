package io.pincluster.core.time;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class GoDurationTest {
    @Test
    void parsesGoSyntax() {
        assertThat(GoDuration.parse("10s")).isEqualTo(Duration.ofSeconds(10));
        assertThat(GoDuration.parse("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parse("1.5s")).isEqualTo(Duration.ofMillis(1500));
        assertThat(GoDuration.parse("300ms")).isEqualTo(Duration.ofMillis(300));
        assertThat(GoDuration.parse("2us")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("2µs")).isEqualTo(Duration.ofNanos(2000));
        assertThat(GoDuration.parse("7ns")).isEqualTo(Duration.ofNanos(7));
        assertThat(GoDuration.parse("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parse("-1m")).isEqualTo(Duration.ofMinutes(-1));
        assertThat(GoDuration.parse("1h1m1s")).isEqualTo(Duration.ofSeconds(3661));
    }

    @Test
    void rejectsWhatGoRejects() {
        for (String bad : new String[] {"", "10", "s", "1..2s", "1d", "h1", "1h-1m", "-", "9999999999h"}) {
            assertThatThrownBy(() -> GoDuration.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void flagFormTakesBareSecondsAndGoSyntaxButNothingNegative() {
        assertThat(GoDuration.parseNonNegativeOrSeconds("30")).isEqualTo(Duration.ofSeconds(30));
        assertThat(GoDuration.parseNonNegativeOrSeconds("0")).isEqualTo(Duration.ZERO);
        assertThat(GoDuration.parseNonNegativeOrSeconds("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(GoDuration.parseNonNegativeOrSeconds("2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThat(GoDuration.parseNonNegativeOrSeconds("500ms")).isEqualTo(Duration.ofMillis(500));
        for (String bad : new String[] {"", "-5s", "-5", "5x", "1.5", "99999999999999999999"}) {
            assertThatThrownBy(() -> GoDuration.parseNonNegativeOrSeconds(bad)).as(bad)
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }
}
