package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.connector.blockstore.BlockStoreConfig;
import io.pincluster.connector.blockstore.EmbeddedBlockStore;
import io.pincluster.connector.dagpb.DagPbLinkReader;
import io.pincluster.gateway.content.BlockStoreContentSource;
import java.io.IOException;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GatewayServerTest {
    @TempDir
    Path dir;

    @Test
    void configRejectsBadPortsAndBlankHosts() {
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new GatewayConfig(" ", 80)).hasMessageContaining("blank");
        assertThat(GatewayConfig.defaults()).isEqualTo(new GatewayConfig("127.0.0.1", 8080));
    }

    @Test
    void startBindsAPortAndStopReleasesIt() throws IOException {
        try (EmbeddedBlockStore store = EmbeddedBlockStore.open(BlockStoreConfig.defaults(dir), new DagPbLinkReader())) {
            GatewayServer server = new GatewayServer(GatewayConfig.ephemeral(), BlockStoreContentSource.over(store));
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
}
