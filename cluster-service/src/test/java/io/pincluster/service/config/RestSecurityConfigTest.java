package io.pincluster.service.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.pincluster.rest.auth.PasswordHash;
import io.pincluster.rest.auth.Role;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The REST security keys of service.json: roles, hashes, CORS origins, token lifetime, TLS files. */
class RestSecurityConfigTest {
    private static final String SECRET = "ab".repeat(32);
    private static final String HASH = PasswordHash.hash("pw", 1_000);

    private static ServiceConfig parse(String restapi) {
        return ServiceConfigFile.parse(("{\"cluster\":{\"secret\":\"" + SECRET + "\"},\"restapi\":" + restapi + "}")
                .getBytes(StandardCharsets.UTF_8), Map.of(), "service.json");
    }

    @Test
    void readsRolesHashesOriginsLifetimeAndTls() {
        RestApiSection r = parse("{\"basic_auth_credentials\":{\"root\":\"plain\",\"ci\":\"" + HASH + "\"},"
                + "\"user_roles\":{\"ci\":\"pinner\"},\"cors_allowed_origins\":[\"https://ui.example\"],"
                + "\"token_lifetime\":\"1h\",\"ssl_cert_file\":\"tls/cert.pem\",\"ssl_key_file\":\"tls/key.pem\"}")
                .restapi();
        assertThat(r.roles()).isEqualTo(Map.of("ci", Role.PINNER));
        assertThat(r.basicAuthCredentials()).containsEntry("ci", HASH);
        assertThat(r.corsAllowedOrigins()).isEqualTo(List.of("https://ui.example"));
        assertThat(r.tokenLifetime()).isEqualTo(Duration.ofHours(1));
        assertThat(r.sslCertFile()).isEqualTo("tls/cert.pem");
        assertThat(r.sslKeyFile()).isEqualTo("tls/key.pem");
        RestApiSection d = parse("{}").restapi();
        assertThat(d.corsAllowedOrigins()).isEmpty();
        assertThat(d.tokenLifetime()).isEqualTo(Duration.ofHours(12));
        assertThat(d.sslCertFile()).isNull();
    }

    @Test
    void refusesUnknownRolesUsersWithoutPasswordsBadHashesAndHalfTls() {
        assertThatThrownBy(() -> parse("{\"basic_auth_credentials\":{\"a\":\"p\"},\"user_roles\":{\"a\":\"root\"}}"))
                .hasMessageContaining("user_roles").hasMessageContaining("unknown role 'root'");
        assertThatThrownBy(() -> parse("{\"basic_auth_credentials\":{\"a\":\"p\"},\"user_roles\":{\"b\":\"reader\"}}"))
                .hasMessageContaining("'b' is not in basic_auth_credentials");
        assertThatThrownBy(() -> parse("{\"basic_auth_credentials\":{\"a\":\"pbkdf2-sha256$x$y\"}}"))
                .hasMessageContaining("hash of 'a'");
        assertThatThrownBy(() -> parse("{\"ssl_cert_file\":\"c.pem\"}")).hasMessageContaining("ssl_key_file");
        assertThatThrownBy(() -> parse("{\"token_lifetime\":\"800h\"}")).hasMessageContaining("token_lifetime");
    }

    @Test
    void writesTheNewKeysBackAndRedactsHashes(@TempDir Path dir) throws Exception {
        ServiceConfig c = ServiceConfig.defaults("p0").withRestapi(RestApiSection.defaults()
                .withBasicAuth(Map.of("ci", HASH)).withUserRoles(Map.of("ci", "reader")).withTls("c.pem", "k.pem"));
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, c, false);
        assertThat(ServiceConfigFile.load(file, Map.of())).isEqualTo(c);
        assertThat(ServiceConfigFile.toJson(c, true)).doesNotContain(HASH);
    }
}
