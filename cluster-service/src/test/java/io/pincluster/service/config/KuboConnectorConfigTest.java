package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code connector.type=kubo} and its keys, read from service.json and the environment. */
class KuboConnectorConfigTest {
    private static final String SECRET = "cd".repeat(32);

    private static ServiceConfig parse(String connector, Map<String, String> env) {
        String json = "{\"cluster\":{\"secret\":\"" + SECRET + "\"},\"connector\":" + connector + "}";
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    @Test
    void kuboConnectorKeysAreRead() {
        ConnectorSection c = parse("{\"type\":\"kubo\",\"node_address\":\"127.0.0.1:5002\",\"fetch_timeout\":\"45s\","
                + "\"swarm_connect_interval\":\"1m\"}", Map.of()).connector();
        assertThat(c.type()).isEqualTo(ConnectorSection.Type.KUBO);
        assertThat(c.nodeAddress()).isEqualTo(ListenAddress.loopback(5002));
        assertThat(c.fetchTimeout()).isEqualTo(Duration.ofSeconds(45));
        assertThat(c.swarmConnectInterval()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void defaultsMatchIpfsClusterAndSurviveAWriteReadCycle() {
        ConnectorSection c = parse("{\"type\":\"kubo\"}", Map.of()).connector();
        assertThat(c.fetchTimeout()).isEqualTo(Duration.ofMinutes(2));
        assertThat(c.swarmConnectInterval()).isEqualTo(Duration.ofSeconds(30));
        ServiceConfig written = ServiceConfig.defaults("p").withConnector(c.withKubo(ListenAddress.loopback(5009),
                Duration.ofMillis(1500), Duration.ofSeconds(3)));
        String json = ServiceConfigFile.toJson(written, false);
        assertThat(json).contains("\"fetch_timeout\"").contains("\"node_address\" : \"127.0.0.1:5009\"");
        assertThat(ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), Map.of(), "x").connector())
                .isEqualTo(written.connector());
    }

    @Test
    void environmentOverridesTheFetchTimeout() {
        ConnectorSection c = parse("{\"type\":\"kubo\"}", Map.of("PINCLUSTER_CONNECTOR_FETCH_TIMEOUT", "10s"))
                .connector();
        assertThat(c.fetchTimeout()).isEqualTo(Duration.ofSeconds(10));
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> parse("{\"type\":\"kubo\",\"fetch_timeout\":\"soon\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connector.fetch_timeout");
        assertThatThrownBy(() -> parse("{\"type\":\"kubo\",\"swarm_connect_interval\":\"0s\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connector.swarm_connect_interval");
        assertThatThrownBy(() -> parse("{\"type\":\"go-ipfs\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("connector.type");
    }
}
