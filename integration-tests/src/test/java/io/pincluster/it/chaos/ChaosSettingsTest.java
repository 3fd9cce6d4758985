package io.pincluster.it.chaos;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The spellings of {@code -Dchaos.duration} the Javadoc and the Maven profile promise. */
class ChaosSettingsTest {
    @Test
    void durationsAsGoStyleIsoOrBareSeconds() {
        assertThat(ChaosSettings.parseDuration("60s")).isEqualTo(Duration.ofSeconds(60));
        assertThat(ChaosSettings.parseDuration("10m")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ChaosSettings.parseDuration("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(ChaosSettings.parseDuration("PT10M")).isEqualTo(Duration.ofMinutes(10));
        assertThat(ChaosSettings.parseDuration(" 90 ")).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void aZeroDurationIsRefused() {
        assertThatThrownBy(() -> new ChaosSettings(1, ChaosSettings.parseDuration("0s")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chaos.duration");
    }

    @Test
    void theDescriptionIsTheReplayCommand() {
        assertThat(new ChaosSettings(-42, Duration.ofMinutes(10)).describe())
                .isEqualTo("chaos seed -42, duration 600s (replay: -Dchaos.seed=-42 -Dchaos.duration=600s)");
    }
}
