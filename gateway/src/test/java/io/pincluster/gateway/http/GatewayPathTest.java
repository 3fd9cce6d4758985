package io.pincluster.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.linecorp.armeria.common.HttpStatus;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.Codec;
import io.pincluster.core.cid.Multihash;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GatewayPathTest {
    private static final Cid CID = Cid.v1(Codec.RAW, Multihash.sha256("x".getBytes(StandardCharsets.UTF_8)));

    @Test
    void splitsAndDecodesSegments() throws Exception {
        GatewayPath p = GatewayPath.parse("/ipfs/" + CID + "/a%20b/caf%C3%A9/");

        assertThat(p.root()).isEqualTo(CID);
        assertThat(p.segments()).containsExactly("a b", "caf\u00e9");
        assertThat(p.trailingSlash()).isTrue();
        assertThat(p.lastName()).isEqualTo("caf\u00e9");
        assertThat(p.contentPath()).isEqualTo("/ipfs/" + CID + "/a%20b/caf%C3%A9");
    }

    @Test
    void bareCidHasNoSegments() throws Exception {
        GatewayPath p = GatewayPath.parse("/ipfs/" + CID);

        assertThat(p.segments()).isEmpty();
        assertThat(p.trailingSlash()).isFalse();
        assertThat(p.lastName()).isNull();
    }

    @Test
    void v0CidsParse() throws Exception {
        Cid v0 = Cid.v0(Multihash.sha256(new byte[] {1}));
        assertThat(GatewayPath.parse("/ipfs/" + v0 + "/f").segments()).isEqualTo(List.of("f"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", ".", "%2e%2e", "%2E.", "%2e", "a%2fb", "a%2Fb", "a%00", "%", "%4", "%zz", "%c3%28",
            "a\u0001b"})
    void unsafeSegmentsAreBadRequests(String segment) {
        assertThatThrownBy(() -> GatewayPath.parse("/ipfs/" + CID + "/ok/" + segment + "/x"))
                .isInstanceOfSatisfying(GatewayRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.BAD_REQUEST));
    }

    @Test
    void emptySegmentsAreBadRequests() {
        assertThatThrownBy(() -> GatewayPath.parse("/ipfs/" + CID + "//x"))
                .isInstanceOf(GatewayRequestException.class).hasMessageContaining("empty path segment");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/ipns/x", "/ipfs", "/IPFS/x"})
    void pathsOutsideIpfsAreNotFound(String path) {
        assertThatThrownBy(() -> GatewayPath.parse(path))
                .isInstanceOfSatisfying(GatewayRequestException.class,
                        e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }

    @ParameterizedTest
    @ValueSource(strings = {"notacid", "Qm", "bafy!!", "zzzz"})
    void malformedCidsNameTheProblem(String cid) {
        assertThatThrownBy(() -> GatewayPath.parse("/ipfs/" + cid))
                .isInstanceOf(GatewayRequestException.class).hasMessageContaining("malformed CID");
    }
}
