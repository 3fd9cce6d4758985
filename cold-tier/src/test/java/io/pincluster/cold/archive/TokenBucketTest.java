package io.pincluster.cold.archive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The throttle's arithmetic, on a clock the test moves (no real waiting). */
class TokenBucketTest {
    private long now;
    private long slept;

    private TokenBucket bucket(long rate, long burst) {
        return new TokenBucket(rate, burst, () -> now, nanos -> {
            slept += nanos;
            now += nanos;
        });
    }

    @Test
    void theBurstIsFreeAndTheRestIsPacedAtTheRate() throws IOException {
        TokenBucket bucket = bucket(1_000_000, 100_000);

        bucket.acquire(100_000);
        assertThat(slept).isZero();
        bucket.acquire(500_000);
        assertThat(slept).isEqualTo(TimeUnit.MILLISECONDS.toNanos(500));
        for (int i = 0; i < 10; i++) {
            bucket.acquire(100_000);
        }
        assertThat(slept).as("1.5 MB beyond the burst at 1 MB/s").isEqualTo(TimeUnit.MILLISECONDS.toNanos(1500));
    }

    @Test
    void idleTimeRefillsOnlyUpToTheBurst() throws IOException {
        TokenBucket bucket = bucket(1_000, 2_000);
        bucket.acquire(2_000);
        now += TimeUnit.HOURS.toNanos(1);
        bucket.acquire(3_000);
        assertThat(slept).isEqualTo(TimeUnit.SECONDS.toNanos(1));
    }

    @Test
    void aRateOrBurstOfZeroIsRefused() {
        assertThatThrownBy(() -> new TokenBucket(0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TokenBucket(1, 0)).isInstanceOf(IllegalArgumentException.class);
    }
}
