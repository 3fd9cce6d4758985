package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class GatewayServerTest {
    @Test
    void configRejectsBadPortsAndBlankHosts() {
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new GatewayConfig(" ", 80)).hasMessageContaining("blank");
        assertThat(GatewayConfig.defaults()).isEqualTo(new GatewayConfig("127.0.0.1", 8080));
    }

    @Test
    void startBindsAPortAndStopReleasesIt() throws IOException {
        GatewayServer server = new GatewayServer(GatewayConfig.ephemeral(),
                BlockStoreContentSource.over(new InMemoryBlockStore()));
        assertThatThrownBy(server::port).isInstanceOf(IllegalStateException.class);

        int port = server.start().port();
        assertThat(port).isPositive();
        new Socket("127.0.0.1", port).close();
        assertThatThrownBy(server::start).isInstanceOf(IllegalStateException.class);

        server.stop();
        assertThatThrownBy(() -> new Socket("127.0.0.1", port).close()).isInstanceOf(ConnectException.class);
        server.stop();
    }
}
