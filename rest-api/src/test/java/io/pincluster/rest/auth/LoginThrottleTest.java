package io.pincluster.rest.auth;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.testkit.ManualClock;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {
    final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    final LoginThrottle throttle = new LoginThrottle(3, Duration.ofSeconds(10), clock);

    @Test
    void anAddressIsHeldBackAfterItsBurstAndEarnsTriesBack() throws Exception {
        InetAddress a = InetAddress.getByName("192.0.2.1");
        InetAddress b = InetAddress.getByName("192.0.2.2");
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.retryAfter(a)).isEmpty();
            throttle.failed(a);
        }
        assertThat(throttle.retryAfter(a)).contains(Duration.ofSeconds(10));
        assertThat(throttle.retryAfter(b)).isEmpty();
        clock.advance(Duration.ofSeconds(4));
        assertThat(throttle.retryAfter(a)).contains(Duration.ofSeconds(6));
        clock.advance(Duration.ofSeconds(6));
        assertThat(throttle.retryAfter(a)).isEmpty();
        throttle.failed(a);
        assertThat(throttle.retryAfter(a)).isPresent();
    }
}
