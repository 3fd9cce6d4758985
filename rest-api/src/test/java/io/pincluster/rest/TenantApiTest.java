package io.pincluster.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.component.ClusterApi;
import io.pincluster.core.pin.Pin;
import io.pincluster.core.psa.LocalPsaRecords;
import io.pincluster.core.token.TokenRevocation;
import io.pincluster.rest.auth.JwtCodec;
import io.pincluster.rest.auth.RestAuth;
import io.pincluster.rest.auth.Role;
import io.pincluster.rest.psa.PsaConfig;
import io.pincluster.rest.psa.PsaServer;
import io.pincluster.rest.psa.TenantRoutes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Tenants of the Pinning Service API (decision 0017) over real HTTP: the REST API's admin routes (roles, bad input,
 * conflicts), tenant tokens (valid on the Pinning Service API only, revocable, void once the record goes or is
 * disabled), and what a record changes there: pin and byte quotas, replication. Requests in memory
 * ({@link LocalPsaRecords}), the cluster played by {@link FakeClusterApi}, DAG sizes from a map.
 */
class TenantApiTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CID_A = "bafkreigh2akiscaildcqabsyg3dfr6chu3fgpregiymsck7e7aqa4s52zy";
    private static final String CID_B = "QmT78zSuBmuS4z925WZfrqQ1qHaJ56DQaTfyMUF7F8ff5o";

    private final FakeClusterApi api = new FakeClusterApi();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<Cid, Long> sizes = new ConcurrentHashMap<>();
    private RestAuth auth;
    private RestApiServer rest;
    private PsaServer psa;

    @BeforeEach
    void start() {
        RestConfig config = RestConfig.defaults().withPort(0).withCredentials(Map.of("alice", "pw-a",
                "admin", "pw-admin")).withSecurity(RestSecurity.defaults().withRoles(Map.of("alice", Role.PINNER)));
        auth = RestAuth.of(config, Clock.systemUTC());
        LocalPsaRecords records = new LocalPsaRecords(Clock.systemUTC());
        PsaConfig psaConfig = PsaConfig.of("127.0.0.1", 0);
        io.pincluster.core.psa.ContentSizes known = cid -> sizes.getOrDefault(cid, -1L);
        rest = new RestApiServer(config, ClusterApi.of(api), Clock.systemUTC(), null, auth,
                new TenantRoutes(records, auth.jwt(), known, psaConfig)).start();
        psa = new PsaServer(psaConfig, auth, records, ClusterApi.of(api), Clock.systemUTC(), known).start();
    }

    @AfterEach
    void stop() {
        psa.stop();
        rest.stop();
    }

    @Test
    void onlyAdminsManageTenants() {
        HttpResponse<String> asPinner = rest("GET", "/tenants", "alice:pw-a", null);
        assertThat(asPinner.statusCode()).isEqualTo(403);
        assertThat(json(asPinner).get("message").asText()).contains("admin");
        assertThat(rest("POST", "/tenants", "alice:pw-a", "{\"name\":\"acme\"}").statusCode()).isEqualTo(403);
        assertThat(rest("POST", "/tenants/acme/tokens", "alice:pw-a", null).statusCode()).isEqualTo(403);
        assertThat(rest("GET", "/tenants", null, null).statusCode()).isEqualTo(401);
        assertThat(rest("GET", "/tenants", "admin:pw-admin", null).statusCode()).isEqualTo(200);
    }

    @Test
    void badInputIsA4xxNamingTheProblem() {
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{}"), 400, "name");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "not json"), 400, "JSON");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "[1]"), 400, "object");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"a/b\"}"), 400, "tenant name");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"max_pins\":-1}"), 400,
                "max_pins");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"max_pins\":\"ten\"}"), 400,
                "max_pins");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"quota\":1}"), 400, "quota");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"replication_factor_min\":3,"
                + "\"replication_factor_max\":2}"), 400, "replication_factor_max");
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"disabled\":\"yes\"}"), 400,
                "disabled");
        assertBad(rest("GET", "/tenants/nobody", "admin:pw-admin", null), 404, "nobody");
        assertBad(rest("PUT", "/tenants/nobody", "admin:pw-admin", "{\"max_pins\":3}"), 404, "nobody");
        assertBad(rest("DELETE", "/tenants/nobody", "admin:pw-admin", null), 404, "nobody");
        assertBad(rest("POST", "/tenants/nobody/tokens", "admin:pw-admin", null), 404, "nobody");

        assertThat(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\"}").statusCode()).isEqualTo(201);
        assertBad(rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\"}"), 409, "exists already");
        assertBad(rest("PUT", "/tenants/acme", "admin:pw-admin", "{\"name\":\"other\"}"), 400, "renamed");
        assertBad(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", "{\"expires_in\":0}"), 400, "expires_in");
        assertBad(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", "{\"ttl\":5}"), 400, "ttl");
        assertBad(rest("DELETE", "/tenants/acme?force=maybe", "admin:pw-admin", null), 400, "force");
    }

    @Test
    void aTenantIsCreatedShownChangedAndRemovedOnlyWithoutPinsUnlessForced() {
        HttpResponse<String> created = rest("POST", "/tenants", "admin:pw-admin",
                "{\"name\":\"acme\",\"max_pins\":10,\"max_bytes\":1000}");
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(json(created).get("max_pins").asInt()).isEqualTo(10);
        assertThat(json(created).get("created").asText()).endsWith("Z");
        String token = json(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", null)).get("token").asText();
        sizes.put(Cid.parse(CID_A), 300L);
        assertThat(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\"}").statusCode()).isEqualTo(202);
        assertThat(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\",\"name\":\"again\"}").statusCode())
                .isEqualTo(202);

        JsonNode shown = json(rest("GET", "/tenants/acme", "admin:pw-admin", null));
        assertThat(shown.at("/usage/pins").asLong()).isEqualTo(2);
        assertThat(shown.at("/usage/bytes").asLong()).as("one CID, counted once").isEqualTo(300);
        HttpResponse<String> changed = rest("PUT", "/tenants/acme", "admin:pw-admin", "{\"max_pins\":20}");
        assertThat(changed.statusCode()).isEqualTo(200);
        assertThat(json(changed).get("max_pins").asInt()).isEqualTo(20);
        assertThat(json(changed).get("max_bytes").asLong()).as("fields not given are kept").isEqualTo(1000);
        assertThat(json(changed).get("created").asText()).isEqualTo(json(created).get("created").asText());
        assertThat(json(rest("GET", "/tenants", "admin:pw-admin", null)).get(0).get("name").asText())
                .isEqualTo("acme");

        assertBad(rest("DELETE", "/tenants/acme", "admin:pw-admin", null), 409, "2 pin requests");
        assertThat(rest("DELETE", "/tenants/acme?force=true", "admin:pw-admin", null).statusCode()).isEqualTo(204);
        assertThat(rest("GET", "/tenants/acme", "admin:pw-admin", null).statusCode()).isEqualTo(404);
        assertThat(psa("GET", "/pins", token, null).statusCode()).as("its tokens die with the record")
                .isEqualTo(401);
    }

    @Test
    void aTenantTokenWorksOnThePinningServiceApiOnlyAndCanBeRevokedOrDisabled() {
        rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\"}");
        HttpResponse<String> issued = rest("POST", "/tenants/acme/tokens", "admin:pw-admin", "{\"expires_in\":3600}");
        assertThat(issued.statusCode()).isEqualTo(201);
        String token = json(issued).get("token").asText();
        String id = json(issued).get("id").asText();
        assertThat(json(issued).get("scope").asText()).isEqualTo("psa");

        HttpResponse<String> added = psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\"}");
        assertThat(added.statusCode()).isEqualTo(202);
        assertThat(json(psa("GET", "/pins", token, null)).get("count").asInt()).isEqualTo(1);
        String aliceToken = auth.jwt().issue(auth.credentials().user("alice").orElseThrow());
        assertThat(json(psa("GET", "/pins", aliceToken, null)).get("count").asInt())
                .as("another tenant sees none of acme's").isZero();
        HttpResponse<String> onRest = restBearer("GET", "/pins", token);
        assertThat(onRest.statusCode()).as("not a REST token").isEqualTo(401);
        assertThat(json(onRest).get("message").asText()).as("says why, not just 'invalid token'")
                .contains("tenant token", "Pinning Service API");
        assertThat(json(restBearer("GET", "/pins", token + "x")).get("message").asText())
                .as("a forged one is just invalid").isEqualTo("unauthorized: invalid token");
        assertThat(auth.jwt().verify(token)).isEmpty();

        assertThat(rest("PUT", "/tenants/acme", "admin:pw-admin", "{\"disabled\":true}").statusCode())
                .isEqualTo(200);
        assertThat(psa("GET", "/pins", token, null).statusCode()).as("disabled").isEqualTo(401);
        assertBad(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", null), 409, "disabled");
        rest("PUT", "/tenants/acme", "admin:pw-admin", "{\"disabled\":false}");
        assertThat(psa("GET", "/pins", token, null).statusCode()).isEqualTo(200);

        auth.jwt().revocations().revoke(TokenRevocation.ofAnyOwner(id, JwtCodec.expiryOf(id).orElseThrow()));
        assertThat(psa("GET", "/pins", token, null).statusCode()).as("revoked").isEqualTo(401);
    }

    @Test
    void pinAndByteQuotasRefuseThenAcceptAfterADelete() {
        rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"max_pins\":1}");
        String token = json(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", null)).get("token").asText();
        String first = json(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\"}")).get("requestid").asText();
        HttpResponse<String> over = psa("POST", "/pins", token, "{\"cid\":\"" + CID_B + "\"}");
        assertThat(over.statusCode()).isEqualTo(409);
        assertThat(json(over).at("/error/reason").asText()).isEqualTo("QUOTA_EXCEEDED");
        assertThat(json(over).at("/error/details").asText()).contains("acme").contains("1");
        assertThat(psa("DELETE", "/pins/" + first, token, null).statusCode()).isEqualTo(202);
        String second = json(psa("POST", "/pins", token, "{\"cid\":\"" + CID_B + "\"}")).get("requestid").asText();

        sizes.put(Cid.parse(CID_A), 600L);
        sizes.put(Cid.parse(CID_B), 500L);
        rest("PUT", "/tenants/acme", "admin:pw-admin", "{\"max_pins\":0,\"max_bytes\":1000}");
        assertThat(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\"}").statusCode())
                .as("500 bytes held, under 1000").isEqualTo(202);
        HttpResponse<String> full = psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\",\"name\":\"x\"}");
        assertThat(full.statusCode()).as("1100 bytes held").isEqualTo(409);
        assertThat(json(full).at("/error/reason").asText()).isEqualTo("BYTE_QUOTA_EXCEEDED");
        assertThat(json(full).at("/error/details").asText()).contains("1100").contains("max_bytes").contains("1000");
        assertThat(psa("DELETE", "/pins/" + second, token, null).statusCode()).isEqualTo(202);
        assertThat(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\",\"name\":\"x\"}").statusCode())
                .as("600 bytes held after the delete").isEqualTo(202);
    }

    @Test
    void aTenantsReplicationAppliesToItsPins() {
        rest("POST", "/tenants", "admin:pw-admin", "{\"name\":\"acme\",\"replication_factor_min\":2,"
                + "\"replication_factor_max\":3}");
        String token = json(rest("POST", "/tenants/acme/tokens", "admin:pw-admin", null)).get("token").asText();
        assertThat(psa("POST", "/pins", token, "{\"cid\":\"" + CID_A + "\"}").statusCode()).isEqualTo(202);

        Pin pin = api.pinset.get(Cid.parse(CID_A));
        assertThat(pin.options().replicationMin()).isEqualTo(2);
        assertThat(pin.options().replicationMax()).isEqualTo(3);
        assertThat(pin.options().metadata()).containsEntry("pincluster-psa", "2/3");
        JsonNode shown = json(rest("GET", "/tenants/acme", "admin:pw-admin", null));
        assertThat(shown.at("/effective/replication").asInt()).isEqualTo(2);
    }

    private static void assertBad(HttpResponse<String> r, int status, String naming) {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).contains("json");
        assertThat(json(r).get("message").asText()).contains(naming);
    }

    private static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }

    private HttpResponse<String> rest(String method, String path, String basic, String body) {
        return send(rest.port(), method, path, basic == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString(basic.getBytes(StandardCharsets.UTF_8)), body);
    }

    private HttpResponse<String> restBearer(String method, String path, String token) {
        return send(rest.port(), method, path, "Bearer " + token, null);
    }

    private HttpResponse<String> psa(String method, String path, String token, String body) {
        return send(psa.port(), method, path, "Bearer " + token, body);
    }

    private HttpResponse<String> send(int port, String method, String path, String authorization, String body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
