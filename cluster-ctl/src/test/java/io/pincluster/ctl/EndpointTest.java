package io.pincluster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EndpointTest {
    @Test
    void hostAcceptsUrlsHostPortAndMultiaddrs() {
        assertThat(Endpoint.parseHost("http://10.0.0.1:9094/").toString()).isEqualTo("http://10.0.0.1:9094");
        assertThat(Endpoint.parseHost("localhost:9194").toString()).isEqualTo("http://localhost:9194");
        assertThat(Endpoint.parseHost("/ip4/127.0.0.1/tcp/9094").toString()).isEqualTo("http://127.0.0.1:9094");
        assertThat(Endpoint.parseHost("/dns4/peer.example/tcp/443/https").toString()).isEqualTo("https://peer.example:443");
        assertThatThrownBy(() -> Endpoint.parseHost("nonsense")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--host");
    }

    @Test
    void basicAuthNeedsAUserAndNeverShowsUpInToString() {
        assertThat(Endpoint.basicAuthorization("admin:pw")).isEqualTo("Basic YWRtaW46cHc=");
        assertThat(Endpoint.basicAuthorization(null)).isNull();
        assertThatThrownBy(() -> Endpoint.basicAuthorization(":pw")).isInstanceOf(UsageException.class);
        Endpoint e = new Endpoint(Endpoint.parseHost("127.0.0.1:1"), Endpoint.basicAuthorization("admin:pw"), null);
        assertThat(e.toString()).doesNotContain("YWRtaW46cHc=").doesNotContain("pw");
    }

    @Test
    void durationsTakeGoSyntaxOrSeconds() {
        assertThat(Durations.parse("t", "90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(Durations.parse("t", "1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(Durations.parse("t", "500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(Durations.parse("t", "2.5s")).isEqualTo(Duration.ofMillis(2500));
        assertThatThrownBy(() -> Durations.parse("wait-timeout", "soon")).isInstanceOf(UsageException.class)
                .hasMessageContaining("--wait-timeout");
        assertThatThrownBy(() -> Durations.parse("t", "5x")).isInstanceOf(UsageException.class);
    }
}
