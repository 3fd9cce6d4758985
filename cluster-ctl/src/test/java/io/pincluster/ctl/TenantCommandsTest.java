package io.pincluster.ctl;

import static io.pincluster.ctl.CannedApiServer.ok;
import static org.assertj.core.api.Assertions.assertThat;

import io.pincluster.ctl.CannedApiServer.Answer;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** {@code pincluster tenant add|ls|show|set|rm|token|revoke} against a canned API: what each sends and prints. */
class TenantCommandsTest extends CtlTestSupport {
    private static final String ACME = "{\"name\":\"acme\",\"max_pins\":10,\"max_bytes\":0,"
            + "\"replication_factor_min\":2,\"replication_factor_max\":3,\"disabled\":false,"
            + "\"created\":\"2026-12-04T15:00:00Z\",\"effective\":{\"max_pins\":10,\"replication\":2},"
            + "\"usage\":{\"pins\":4,\"bytes\":1234,\"unknown_sizes\":1}}";

    @Test
    void addSendsOnlyTheSettingsGivenAndPrintsTheRecord() {
        server.on("POST", "/tenants", new Answer(201, ACME));

        assertThat(run("tenant", "add", "acme", "--max-pins", "10", "--rmin", "2", "--rmax", "3")).isEqualTo(0);

        String body = new String(server.requests.get(0).body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"name\":\"acme\"", "\"max_pins\":10", "\"replication_factor_min\":2",
                "\"replication_factor_max\":3").doesNotContain("max_bytes", "disabled");
        assertThat(out()).contains("acme | pins 4 (max 10) | bytes 1234 (+1 CIDs of unknown size)")
                .contains("replication 2..3");
    }

    @Test
    void lsShowAndSetUseTheirRoutes() {
        server.on("GET", "/tenants", ok("[" + ACME + "]"));
        server.on("GET", "/tenants/acme", ok(ACME));
        server.on("PUT", "/tenants/acme", ok(ACME));

        assertThat(run("tenant", "ls")).isEqualTo(0);
        assertThat(run("tenant", "show", "acme")).isEqualTo(0);
        assertThat(run("tenant", "set", "acme", "--disabled", "true", "--max-bytes", "5000")).isEqualTo(0);

        assertThat(out().lines().filter(l -> l.startsWith("acme |")).count()).isEqualTo(3);
        String body = new String(server.requests.get(2).body(), StandardCharsets.UTF_8);
        assertThat(body).contains("\"disabled\":true", "\"max_bytes\":5000").doesNotContain("max_pins");
    }

    @Test
    void setWithoutAnySettingIsAUsageError() {
        assertThat(run("tenant", "set", "acme")).isEqualTo(1);
        assertThat(err()).contains("nothing to change");
        assertThat(server.requests).isEmpty();
    }

    @Test
    void rmSendsForceOnlyWhenAskedAndAConflictIsAnApiError() {
        server.on("DELETE", "/tenants/acme", new Answer(409, "{\"code\":409,\"message\":\"tenant 'acme' still holds "
                + "4 pin requests\"}"));
        assertThat(run("tenant", "rm", "acme")).isEqualTo(2);
        assertThat(err()).contains("still holds 4 pin requests");

        server.on("DELETE", "/tenants/acme", new Answer(204, ""));
        assertThat(run("tenant", "rm", "acme", "--force")).isEqualTo(0);
        assertThat(server.requests.get(1).query()).isEqualTo("force=true");
        assertThat(out()).contains("removed tenant acme");
    }

    @Test
    void tokenPrintsTheTokenAloneOnStandardOutput() {
        server.on("POST", "/tenants/acme/tokens", new Answer(201, "{\"token\":\"aaa.bbb.ccc\",\"id\":\"AQid\","
                + "\"tenant\":\"acme\",\"expires_at\":\"2027-01-03T15:00:00Z\",\"scope\":\"psa\"}"));

        assertThat(run("tenant", "token", "acme", "--expires-in", "720h")).isEqualTo(0);

        assertThat(out().strip()).isEqualTo("aaa.bbb.ccc");
        assertThat(err()).contains("AQid").contains("2027-01-03T15:00:00Z").doesNotContain("aaa.bbb.ccc");
        assertThat(new String(server.requests.get(0).body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"expires_in\":2592000}");
    }

    @Test
    void revokeDeletesTheTokenByItsIdAndABadIdIsTheApisError() {
        server.on("DELETE", "/token/AQid", new Answer(204, ""));
        assertThat(run("tenant", "revoke", "AQid")).isEqualTo(0);
        assertThat(server.requests.get(0).path()).isEqualTo("/token/AQid");
        assertThat(out()).contains("revoked token AQid");

        server.on("DELETE", "/token/nope", new Answer(400, "{\"code\":400,\"message\":\"not a token ID\"}"));
        assertThat(run("tenant", "revoke", "nope")).isEqualTo(2);
        assertThat(err()).contains("not a token ID");
    }
}
