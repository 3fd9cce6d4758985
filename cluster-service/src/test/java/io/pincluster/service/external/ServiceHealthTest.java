package io.pincluster.service.external;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.pin.PinOptions;
import io.pincluster.core.pin.PinType;
import io.pincluster.testkit.ManualClock;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Backoff and alerting of one service, and which services a CID goes to (decision 0020). */
class ServiceHealthTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-12-04T18:00:00Z"));
    private final List<String> alerts = new ArrayList<>();
    private final ServiceHealth health = new ServiceHealth("b", clock, Duration.ofSeconds(1), Duration.ofSeconds(5),
            Duration.ofSeconds(10), (s, e) -> alerts.add(s + ": " + e));

    @Test
    void aFailingServiceIsLeftAloneLongerAfterEachFailureUpToTheMaximumAndASuccessClearsIt() {
        assertThat(health.mayCall()).isTrue();
        List<Long> waits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            health.failed("down");
            long waited = 0;
            while (!health.mayCall()) {
                clock.advance(Duration.ofMillis(250));
                waited += 250;
            }
            waits.add(waited);
        }
        assertThat(waits).containsExactly(1000L, 2000L, 4000L, 5000L, 5000L);
        assertThat(health.failing()).isTrue();
        assertThat(health.lastError()).contains("down");

        health.succeeded();
        assertThat(health.failing()).isFalse();
        assertThat(health.lastError()).isEmpty();
        health.failed("again");
        assertThat(health.mayCall()).isFalse();
        assertThat(health.failures()).isEqualTo(6);
    }

    @Test
    void aStreakLastingAlertAfterAlertsOnceAndANewStreakMayAlertAgain() {
        health.failed("refused");
        clock.advance(Duration.ofSeconds(9));
        health.failed("refused");
        assertThat(alerts).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        health.failed("timed out");
        health.failed("timed out");
        assertThat(alerts).containsExactly("b: timed out");

        health.succeeded();
        health.failed("x");
        clock.advance(Duration.ofSeconds(10));
        health.failed("y");
        assertThat(alerts).containsExactly("b: timed out", "b: y");
    }

    @Test
    void eachCopyGoesToADifferentServiceTheSameOnesForEveryCallerAndMetadataOverridesTheDefault() {
        ExternalServices services = new ExternalServices(List.of(endpoint("a"), endpoint("b"), endpoint("c")), 1,
                "tag");
        Map<String, Integer> firstChoice = new HashMap<>();
        for (int i = 0; i < 300; i++) {
            Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(("cid " + i).getBytes(StandardCharsets.UTF_8)));
            List<String> two = services.chosen(cid, 2).stream().map(ExternalServices.Endpoint::name).toList();
            assertThat(two).doesNotHaveDuplicates().hasSize(2);
            assertThat(services.chosen(cid, 1).get(0).name()).isEqualTo(two.get(0));
            firstChoice.merge(two.get(0), 1, Integer::sum);
        }
        assertThat(firstChoice).as("spread over the services")
                .allSatisfy((name, n) -> assertThat(n).isBetween(60, 140));

        Cid cid = Cid.v1(Codec.RAW, Multihash.sha256(new byte[] {1}));
        assertThat(services.copies(pin(cid, Map.of()))).isEqualTo(1);
        assertThat(services.copies(pin(cid, Map.of("external-copies", "0")))).isZero();
        assertThat(services.copies(pin(cid, Map.of("external-copies", "9")))).as("one per service").isEqualTo(3);
        assertThat(services.copies(pin(cid, Map.of("external-copies", "x")))).isZero();
        assertThat(services.tag()).containsEntry(ExternalServices.TAG_KEY, "tag");
    }

    private ExternalServices.Endpoint endpoint(String name) {
        return new ExternalServices.Endpoint(name, null, new ServiceHealth(name, clock, Duration.ofSeconds(1),
                Duration.ofSeconds(5), Duration.ofSeconds(10), (s, e) -> { }));
    }

    private static Pin pin(Cid cid, Map<String, String> metadata) {
        return new Pin(cid, new PinOptions(0, 0, "", null, 0, List.of(), null, metadata, null, List.of()),
                PinType.DATA, List.of(), null, Instant.EPOCH);
    }
}
