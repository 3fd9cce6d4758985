package io.pincluster.core.state;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.state.WriteStageTimes.Stage;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class WriteStageTimesTest {
    @Test
    void countsAndSumsEachStageApart() {
        WriteStageTimes times = new WriteStageTimes();
        times.record(Stage.QUEUED, 1_000_000);
        times.record(Stage.QUEUED, 3_000_000);
        times.record(Stage.COMMIT, 2_500_000_000L);

        assertThat(times.count(Stage.QUEUED)).isEqualTo(2);
        assertThat(times.total(Stage.QUEUED, TimeUnit.MILLISECONDS)).isEqualTo(4.0);
        assertThat(times.count(Stage.COMMIT)).isEqualTo(1);
        assertThat(times.total(Stage.COMMIT, TimeUnit.SECONDS)).isEqualTo(2.5);
        assertThat(times.count(Stage.APPLY)).isZero();
        assertThat(times.total(Stage.APPLY, TimeUnit.NANOSECONDS)).isZero();
    }

    @Test
    void aNegativeTimeCountsAsNoTime() {
        WriteStageTimes times = new WriteStageTimes();
        times.record(Stage.DECIDE, -5);
        assertThat(times.count(Stage.DECIDE)).isEqualTo(1);
        assertThat(times.total(Stage.DECIDE, TimeUnit.NANOSECONDS)).isZero();
    }

    @Test
    void labelsAreDistinctSnakeCase() {
        assertThat(Arrays.stream(Stage.values()).map(Stage::label))
                .doesNotHaveDuplicates()
                .allMatch(l -> l.matches("[a-z_]+"))
                .containsExactly("queued", "submit_local", "submit_forwarded", "decide", "commit", "apply");
    }
}
