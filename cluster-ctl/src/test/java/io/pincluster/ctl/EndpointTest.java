package io.pincluster.ctl;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

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
        DurationConverter durations = new DurationConverter();
        assertThat(durations.convert("90")).isEqualTo(Duration.ofSeconds(90));
        assertThat(durations.convert("1h30m")).isEqualTo(Duration.ofMinutes(90));
        assertThat(durations.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(durations.convert("2.5s")).isEqualTo(Duration.ofMillis(2500));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Ctl.run(new String[] {"pin", "rm", "QmUNLLsPACCz1vLxQVkXqqLX5R1X345qqfHbsf67hvA3Nn", "--wait",
                "--wait-timeout", "soon"}, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), Map.of(), false);
        assertThat(code).isEqualTo(ExitCodes.USAGE_OR_NETWORK);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("--wait-timeout").contains("'soon'");
        assertThatThrownBy(() -> durations.convert("5x")).isInstanceOf(CommandLine.TypeConversionException.class);
    }
}
