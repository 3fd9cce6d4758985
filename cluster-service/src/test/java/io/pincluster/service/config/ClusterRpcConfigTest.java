package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.peer.PeerId;
import io.pincluster.service.identity.PeerIdentity;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ClusterRpcConfigTest {
    private static final String SECRET = "cd".repeat(32);

    private static ServiceConfig parse(String cluster, Map<String, String> env) {
        String json = "{\"cluster\":{\"secret\":\"" + SECRET + "\"" + cluster + "}}";
        return ServiceConfigFile.parse(json.getBytes(StandardCharsets.UTF_8), env, "service.json");
    }

    @Test
    void defaultsToLoopback9096WithNoPeerAddresses() {
        ServiceConfig c = parse("", Map.of());
        assertThat(c.cluster().rpcListen()).isEqualTo(ListenAddress.loopback(9096));
        assertThat(c.cluster().peerAddresses()).isEmpty();
        assertThat(c.cluster().statusTimeout()).isEqualTo(java.time.Duration.ofMillis(500));
    }

    @Test
    void statusTimeoutIsReadWrittenAndOverridden() {
        ServiceConfig c = parse(",\"status_timeout\":\"250ms\"", Map.of());
        assertThat(c.cluster().statusTimeout()).isEqualTo(java.time.Duration.ofMillis(250));
        String written = ServiceConfigFile.toJson(c, false);
        assertThat(written).contains("\"status_timeout\" : \"250ms\"");
        assertThat(ServiceConfigFile.parse(written.getBytes(StandardCharsets.UTF_8), Map.of(), "again").cluster())
                .isEqualTo(c.cluster());
        assertThat(parse("", Map.of("PINCLUSTER_CLUSTER_STATUS_TIMEOUT", "2s")).cluster().statusTimeout())
                .isEqualTo(java.time.Duration.ofSeconds(2));
    }

    @Test
    void statusTimeoutMustBeAboveZeroAndAtMostAMinute() {
        assertThatThrownBy(() -> parse(",\"status_timeout\":\"0s\"", Map.of()))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("cluster.status_timeout: 0s is invalid: use a duration above 0 and at most 1m");
        assertThatThrownBy(() -> parse(",\"status_timeout\":\"2m\"", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.status_timeout: 2m is invalid");
        assertThatThrownBy(() -> parse(",\"status_timeout\":\"soon\"", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.status_timeout");
    }

    @Test
    void readsWritesAndOverridesFromTheEnvironment() {
        PeerId other = PeerIdentity.generate().peerId();
        ServiceConfig c = parse(",\"rpc_listen\":\"0.0.0.0:7000\",\"peer_addresses\":{\"" + other
                + "\":\"10.0.0.2:9096\"}", Map.of());
        assertThat(c.cluster().rpcListen()).isEqualTo(new ListenAddress("0.0.0.0", 7000));
        assertThat(c.cluster().peerAddresses()).containsExactly(Map.entry(other, new ListenAddress("10.0.0.2", 9096)));

        String written = ServiceConfigFile.toJson(c, false);
        assertThat(ServiceConfigFile.parse(written.getBytes(StandardCharsets.UTF_8), Map.of(), "again").cluster())
                .isEqualTo(c.cluster());

        ServiceConfig overridden = parse("", Map.of("PINCLUSTER_CLUSTER_RPC_LISTEN", "127.0.0.1:7100"));
        assertThat(overridden.cluster().rpcListen().port()).isEqualTo(7100);
    }

    @Test
    void badValuesAreNamed() {
        assertThatThrownBy(() -> parse(",\"rpc_listen\":\"nowhere\"", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.rpc_listen");
        assertThatThrownBy(() -> parse(",\"peer_addresses\":{\"nope\":\"127.0.0.1:1\"}", Map.of()))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cluster.peer_addresses: entry 'nope'");
    }
}
