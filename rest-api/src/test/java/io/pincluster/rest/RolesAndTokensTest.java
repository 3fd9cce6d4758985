package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.rest.auth.PasswordHash;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.auth.RouteAccess;
import io.pincluster.rest.auth.TokenService;
import io.pincluster.testkit.ManualClock;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Roles (reader, pinner, admin), hashed passwords, and tokens that expire and can be revoked. */
class RolesAndTokensTest extends RestTestSupport {
    final ManualClock clock = new ManualClock(FakeClusterApi.NOW);
    static final String PINNER_HASH = PasswordHash.hash("pinner-pass", 1_000);

    @Override
    Clock clock() {
        return clock;
    }

    @Override
    RestConfig config() {
        return RestConfig.defaults()
                .withCredentials(Map.of("root", "root-pass", "pinner", PINNER_HASH, "reader", "reader-pass"))
                .withSecurity(RestSecurity.defaults().withRoles(Map.of("pinner", Role.PINNER, "reader", Role.READER)));
    }

    String cidPath() {
        return "/pins/" + FakeClusterApi.cid("roles");
    }

    @Test
    void aReaderReadsButCannotPin() {
        auth = basic("reader", "reader-pass");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(200);
        HttpResponse<String> pin = send("POST", cidPath());
        assertThat(pin.statusCode()).isEqualTo(403);
        assertThat(json(pin.body()).get("code").asInt()).isEqualTo(403);
        assertThat(json(pin.body()).get("message").asText()).contains("pinner role").contains("'reader'");
        assertThat(api.writes).isEmpty();
    }

    @Test
    void aPinnerPinsButCannotRemoveOrDrainPeers() {
        auth = basic("pinner", "pinner-pass");
        assertThat(send("POST", cidPath()).statusCode()).isEqualTo(200);
        api.writes.clear();
        String peer = FakeClusterApi.PEER_B.toString();
        for (String[] call : new String[][] {{"DELETE", "/peers/" + peer}, {"POST", "/peers/" + peer + "/drain"},
                {"POST", "/ipfs/gc"}}) {
            HttpResponse<String> r = send(call[0], call[1]);
            assertThat(r.statusCode()).as("%s %s", call[0], call[1]).isEqualTo(403);
            assertThat(json(r.body()).get("message").asText()).contains("admin role");
        }
        assertThat(api.writes).isEmpty();
    }

    @Test
    void anAdminCanRemoveAndDrain() {
        auth = basic("root", "root-pass");
        assertThat(send("POST", "/peers/" + FakeClusterApi.PEER_B + "/drain").statusCode()).isBetween(200, 204);
        assertThat(send("DELETE", "/peers/" + FakeClusterApi.PEER_B).statusCode()).isEqualTo(204);
        assertThat(api.writes).contains("rm " + FakeClusterApi.PEER_B);
    }

    @Test
    void aHashedPasswordWorksAndAWrongOneDoesNot() {
        auth = basic("pinner", "pinner-pass");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(200);
        auth = basic("pinner", "pinner-pas");
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
        auth = basic("pinner", PINNER_HASH); // the stored hash is not a password
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
    }

    @Test
    void tokensCarryTheRoleAndExpire() {
        auth = basic("reader", "reader-pass");
        String token = json(send("POST", "/token").body()).get("token").asText();
        auth = "Bearer " + token;
        assertThat(send("GET", "/version").statusCode()).isEqualTo(200);
        assertThat(send("POST", cidPath()).statusCode()).isEqualTo(403);
        clock.advance(Duration.ofHours(12));
        HttpResponse<String> expired = send("GET", "/version");
        assertThat(expired.statusCode()).isEqualTo(401);
        assertThat(json(expired.body()).get("message").asText()).isEqualTo("unauthorized: invalid token");
    }

    @Test
    void aRevokedTokenIsRefusedAndOnlyItsOwnerOrAnAdminCanRevokeIt() {
        auth = basic("pinner", "pinner-pass");
        String pinners = json(send("POST", "/token").body()).get("token").asText();
        String jti = JwtCodecTest.claims(pinners).get("jti").asText();
        auth = basic("reader", "reader-pass");
        assertThat(send("DELETE", "/token/" + jti).statusCode()).isEqualTo(204);
        auth = "Bearer " + pinners;
        assertThat(send("GET", "/id").statusCode()).as("the reader cannot revoke the pinner's token")
                .isEqualTo(200);
        assertThat(send("DELETE", "/token/" + jti).statusCode()).isEqualTo(204);
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);

        auth = basic("reader", "reader-pass");
        String readers = json(send("POST", "/token").body()).get("token").asText();
        auth = basic("root", "root-pass");
        assertThat(send("DELETE", "/token/" + JwtCodecTest.claims(readers).get("jti").asText()).statusCode())
                .isEqualTo(204);
        auth = "Bearer " + readers;
        assertThat(send("GET", "/id").statusCode()).isEqualTo(401);
        auth = basic("root", "root-pass");
        assertThat(send("DELETE", "/token/not.an.id").statusCode()).isEqualTo(400);
    }

    /**
     * Each revocation stays in every peer's replicated state until its token would expire, and any string can be
     * a token ID: a user other than an admin may keep at most {@value TokenService#MAX_REVOCATIONS_PER_USER}, so one
     * user cannot grow the cluster's state without bound. Revoking again what is revoked writes nothing.
     */
    @Test
    void aUserKeepsABoundedNumberOfRevocationsAndAnAdminIsNotBound() {
        auth = basic("reader", "reader-pass");
        for (int i = 0; i < TokenService.MAX_REVOCATIONS_PER_USER; i++) {
            assertThat(send("DELETE", "/token/invented-" + i).statusCode()).as("revocation %d", i).isEqualTo(204);
        }
        HttpResponse<String> over = send("DELETE", "/token/one-too-many");
        assertThat(over.statusCode()).as(over.body()).isEqualTo(429);
        assertThat(json(over.body()).get("message").asText()).contains("'reader'").contains("1000 revocations");
        assertThat(send("DELETE", "/token/invented-7").statusCode()).as("already revoked: nothing new")
                .isEqualTo(204);

        auth = basic("pinner", "pinner-pass");
        assertThat(send("DELETE", "/token/not-the-readers").statusCode()).as("another user's count").isEqualTo(204);
        auth = basic("root", "root-pass");
        assertThat(send("DELETE", "/token/one-too-many").statusCode()).isEqualTo(204);

        // once the tokens they name would have expired, the revocations are forgotten and count no more
        clock.advance(io.pincluster.rest.auth.JwtCodec.MAX_LIFETIME.plusSeconds(1));
        auth = basic("reader", "reader-pass");
        assertThat(send("DELETE", "/token/one-too-many").statusCode()).isEqualTo(204);
    }

    /**
     * Every route the server registered has an access class, and every one but the health checks ({@code /health},
     * {@code /health/ready}, {@code /health/live}) wants credentials.
     */
    @Test
    void everyRegisteredRouteIsClassifiedAndClosed() {
        assertThat(server.routes()).hasSizeGreaterThan(25);
        for (String route : server.routes()) {
            String method = route.substring(0, route.indexOf(' '));
            String pattern = route.substring(route.indexOf(' ') + 1);
            assertThat(RouteAccess.isClassified(com.linecorp.armeria.common.HttpMethod.valueOf(method), pattern))
                    .as(route).isTrue();
            String path = pattern.startsWith("regex:") ? "/pins/ipfs/" + FakeClusterApi.cid("x")
                    : pattern.replaceAll("\\{[^}]+}", "x");
            int status = send(method, path).statusCode();
            if (route.equals("GET /health") || route.equals("GET /health/ready")
                    || route.equals("GET /health/live")) {
                assertThat(status).as(route).isBetween(200, 299);
            } else {
                assertThat(status).as(route).isEqualTo(401);
            }
            assertThat(send("OPTIONS", path).statusCode()).as("OPTIONS of " + route).isEqualTo(401);
        }
        assertThat(api.writes).isEmpty();
    }
}
