package io.pincluster.service.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BootstrapTest {
    @Test
    void unsetOrBlankMeansNoBootstrap() {
        assertThat(Bootstrap.fromEnv(Map.of())).isEmpty();
        assertThat(Bootstrap.fromEnv(Map.of(Bootstrap.ENV, "  "))).isEmpty();
    }

    @Test
    void readsHostAndPort() {
        Bootstrap b = Bootstrap.fromEnv(Map.of(Bootstrap.ENV, " pincluster-0.pincluster-peers:9096 ")).orElseThrow();
        assertThat(b.address()).isEqualTo(new ListenAddress("pincluster-0.pincluster-peers", 9096));
        assertThat(b).hasToString("pincluster-0.pincluster-peers:9096");
    }

    @Test
    void aValueThatIsNotHostAndPortIsAConfigurationErrorNamingTheVariable() {
        assertThatThrownBy(() -> Bootstrap.fromEnv(Map.of(Bootstrap.ENV, "peer1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining(Bootstrap.ENV).hasMessageContaining("peer1");
        assertThatThrownBy(() -> Bootstrap.fromEnv(Map.of(Bootstrap.ENV, "peer1:0")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("above 0");
    }

    @Test
    void thePeerWhoseNameIsTheFirstLabelOrWhoseRpcAddressItIsIsTheBootstrapPeerItself() {
        Bootstrap pod0 = new Bootstrap(new ListenAddress("pincluster-0.pincluster-peers.ns.svc", 9096));
        ListenAddress anyRpc = new ListenAddress("0.0.0.0", 9096);
        assertThat(pod0.isSelf("pincluster-0", anyRpc)).isTrue();
        assertThat(pod0.isSelf("PINCLUSTER-0", anyRpc)).isTrue();
        assertThat(pod0.isSelf("pincluster-1", anyRpc)).isFalse();
        assertThat(pod0.isSelf("pincluster", anyRpc)).as("a prefix of the label is another name").isFalse();

        Bootstrap loopback = new Bootstrap(new ListenAddress("127.0.0.1", 19096));
        assertThat(loopback.isSelf("peer-z1", new ListenAddress("127.0.0.1", 19096))).isTrue();
        assertThat(loopback.isSelf("peer-z2", new ListenAddress("127.0.0.1", 19097))).isFalse();
    }
}
