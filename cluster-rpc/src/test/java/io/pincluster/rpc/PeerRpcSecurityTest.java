package io.pincluster.rpc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.CidStatus;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class PeerRpcSecurityTest {
    private final PeerId a = RpcFixture.peer(1);
    private final PeerId b = RpcFixture.peer(2);
    private RpcFixture fixture;
    private RecordingHandler handlerB;

    @BeforeEach
    void start() {
        fixture = new RpcFixture();
        handlerB = new RecordingHandler(b);
        fixture.serve(b, handlerB, RpcSettings.defaults());
    }

    @AfterEach
    void stop() throws Exception {
        fixture.close();
    }

    @Test
    void wrongSecretIsRefusedBeforeTheHandler() {
        GrpcPeerRpc outsider = fixture.client(a, RpcFixture.auth(RpcFixture.OTHER_SECRET), RpcSettings.defaults());
        assertUnauthorized(() -> outsider.id(b));
        assertUnauthorized(() -> outsider.putBlock(b, RpcFixture.rawCid("x"), "x".getBytes()));
        assertUnauthorized(() -> outsider.collectGarbage(b));
        assertUnauthorized(() -> {
            try (Stream<CidStatus> s = outsider.statusAll(b, Set.of())) {
                s.count();
            }
        });
        assertThat(handlerB.calls.get()).isZero();
        assertThat(handlerB.blocks).isEmpty();
    }

    @Test
    void staleTimestampIsRefused() {
        Clock past = Clock.fixed(Instant.now().minus(Duration.ofMinutes(5)), ZoneOffset.UTC);
        GrpcPeerRpc stale = fixture.client(a, RpcFixture.auth(RpcFixture.SECRET, past), RpcSettings.defaults());
        assertUnauthorized(() -> stale.id(b));
        assertThat(handlerB.calls.get()).isZero();
    }

    @Test
    void credentialsAreBoundToTheMethodAndTime() {
        CallAuthenticator auth = RpcFixture.auth(RpcFixture.SECRET);
        CallAuthenticator.Credentials c = auth.sign(a, "pincluster.PeerRpc/Id");
        assertThat(auth.check(c.peer(), c.millis(), c.mac(), "pincluster.PeerRpc/Id")).isEmpty();
        assertThat(auth.check(c.peer(), c.millis(), c.mac(), "pincluster.PeerRpc/PutBlock")).isPresent();
        assertThat(auth.check(b.value(), c.millis(), c.mac(), "pincluster.PeerRpc/Id")).isPresent();
        assertThat(auth.check(c.peer(), Long.toString(Long.parseLong(c.millis()) + 1), c.mac(),
                "pincluster.PeerRpc/Id")).isPresent();
        assertThat(auth.check(c.peer(), c.millis(), "zz", "pincluster.PeerRpc/Id")).contains("malformed credentials");
        assertThat(auth.check(null, null, null, "pincluster.PeerRpc/Id")).contains("missing credentials");
        assertThat(auth.toString()).doesNotContain(RpcFixture.SECRET).contains("redacted");
    }

    private static void assertUnauthorized(Runnable call) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(ClusterException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHORIZED));
    }
}
