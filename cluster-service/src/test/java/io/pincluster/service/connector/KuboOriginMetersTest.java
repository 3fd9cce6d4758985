package io.pincluster.service.connector;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pincluster.connector.kubo.KuboConfig;
import io.pincluster.connector.kubo.KuboConnector;
import io.pincluster.testkit.FreePorts;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Decision 0025: what the dials of pins' origins came to is counted, one series per outcome. */
class KuboOriginMetersTest {
    private static final String ID = "12D3KooWD3eckifWpRn9wQpMG9R9hX3sD158z7EqHWmweQAJU5SA";

    @Test
    void skippedAndFailedConnectsAreCounted() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        // nothing listens there: the one dialable origin fails to connect, and that is all it does
        KuboConnector kubo = new KuboConnector(KuboConfig.of("127.0.0.1", FreePorts.one()));
        KuboKind.registerOriginMeters(registry, kubo);

        kubo.connectOrigins(List.of("/ip4/127.0.0.1/tcp/4001/p2p/" + ID, "/ip4/127.0.0.1/tcp/4001", "junk"));

        assertThat(count(registry, "connected")).isZero();
        assertThat(count(registry, "failed")).isEqualTo(1);
        assertThat(count(registry, "skipped")).isEqualTo(2);
        kubo.close();
        registry.close();
    }

    private static double count(SimpleMeterRegistry registry, String result) {
        return registry.get("pincluster.kubo.origin.connects").tag("result", result).functionCounter().count();
    }
}
