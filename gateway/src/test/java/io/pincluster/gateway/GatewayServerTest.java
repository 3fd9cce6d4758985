package io.pincluster.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.cid.Cid;
import io.pincluster.gateway.content.BlockStoreContentSource;
import io.pincluster.gateway.content.ContentSource;
import io.pincluster.gateway.content.DirectoryEntry;
import io.pincluster.gateway.content.ResolvedNode;
import io.pincluster.ipld.testing.InMemoryBlockStore;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.util.List;
import org.junit.jupiter.api.Test;

class GatewayServerTest {
    @Test
    void configRejectsBadPortsAndBlankHosts() {
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", 65536)).hasMessageContaining("65536");
        assertThatThrownBy(() -> new GatewayConfig("127.0.0.1", -1)).hasMessageContaining("-1");
        assertThatThrownBy(() -> new GatewayConfig(" ", 80)).hasMessageContaining("blank");
        assertThat(GatewayConfig.defaults()).isEqualTo(new GatewayConfig("127.0.0.1", 8080));
    }

    /** {@code gateway.request_timeout}: a path that takes longer to resolve is answered 503 at the configured limit. */
    @Test
    void aShortConfiguredTimeoutEndsASlowRequestWith503() throws Exception {
        assertThat(GatewayConfig.defaults().requestTimeout()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThatThrownBy(() -> GatewayConfig.ephemeral().withRequestTimeout(java.time.Duration.ZERO))
                .hasMessageContaining("request timeout must be positive");
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        ContentSource slow = new UnansweringSource(release);
        GatewayServer server = new GatewayServer(GatewayConfig.ephemeral()
                .withRequestTimeout(java.time.Duration.ofMillis(400)), slow).start();
        try {
            String cid = "bafkreid6oxfesczc5gj36zqp4q5aqdpe3bigd5ab2ksvgbonc2hmhvconq";
            java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                    java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + server.port()
                            + "/ipfs/" + cid)).timeout(java.time.Duration.ofSeconds(30)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(503);
            assertThat(r.body()).contains("request took longer than the limit of 400ms (gateway.request_timeout)");
        } finally {
            release.countDown();
            server.stop();
        }
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

    /** Resolves nothing until released, as a store that does not answer. */
    private record UnansweringSource(java.util.concurrent.CountDownLatch release) implements ContentSource {
        @Override
        public ResolvedNode resolve(Cid root, List<String> path) throws IOException {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new IOException("released");
        }

        @Override
        public InputStream openFile(Cid file, long offset, long length) {
            throw new UnsupportedOperationException();
        }

        @Override
        public List<DirectoryEntry> list(Cid directory) {
            throw new UnsupportedOperationException();
        }

        @Override
        public byte[] rawBlock(Cid cid) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void checkComplete(Cid root) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void exportCar(Cid root, OutputStream out) {
            throw new UnsupportedOperationException();
        }
    }
}
