package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.peer.PeerInfo;
import io.pincluster.testkit.FreePorts;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class PeerRpcFailureTest {
    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private final RpcFixture fixture = new RpcFixture();

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void closedPortIsUnavailableAtOnce() {
        int port = FreePorts.one();
        fixture.book.put(b, "127.0.0.1:" + port);
        GrpcPeerRpc client = fixture.client(a);
        long started = System.nanoTime();
        assertUnavailable(() -> client.id(b), b.value());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
        // A second call does not wait out gRPC's reconnect backoff either.
        assertUnavailable(() -> client.id(b), b.value());
    }

    @Test
    void unknownPeerIsUnavailable() {
        GrpcPeerRpc client = fixture.client(a);
        assertUnavailable(() -> client.id(b), "no RPC address known for peer " + b);
    }

    @Test
    void slowPeerHitsTheDeadline() {
        CountDownLatch release = new CountDownLatch(1);
        fixture.serve(b, new IdOnlyHandler(() -> {
            try {
                release.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return PeerInfo.unreachable(b, "late");
        }), RpcSettings.defaults());
        GrpcPeerRpc client = fixture.client(fixture.tls(a), RpcSettings.defaults().withCallTimeout(
                Duration.ofMillis(300)));
        long started = System.nanoTime();
        try {
            assertUnavailable(() -> client.id(b), "did not answer in time");
        } finally {
            release.countDown();
        }
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(3));
    }

    @Test
    void closedClientRefusesCalls() {
        fixture.serve(b, new RecordingHandler(b), RpcSettings.defaults());
        GrpcPeerRpc client = fixture.client(a);
        client.close();
        assertUnavailable(() -> client.id(b), "closed");
    }

    private static void assertUnavailable(Runnable call, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClusterException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.getMessage()).contains(messagePart);
        });
    }
}
