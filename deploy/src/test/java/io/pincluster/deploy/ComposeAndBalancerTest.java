package io.pincluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * deploy/compose, deploy/haproxy, deploy/docker and deploy/env: three peers in zones z1-z3, the second and third
 * joining through the first; every setting they get is one the peer's configuration loader accepts; the balancer's
 * file passes {@code haproxy -c}, checks {@code /health/ready}, and reads exactly the variables compose gives it; the
 * image runs unprivileged with a data volume and a readiness health check.
 */
@Timeout(120)
class ComposeAndBalancerTest {
    private static final String SECRET = "ab".repeat(32);
    private static JsonNode compose;

    @BeforeAll
    static void readCompose() throws Exception {
        compose = new ObjectMapper(new YAMLFactory()).readTree(DeployFiles.read("compose/compose.yaml"));
    }

    @Test
    void threePeersInThreeZonesTheLaterOnesJoiningThroughTheFirst() {
        for (int i = 1; i <= 3; i++) {
            JsonNode peer = compose.path("services").path("peer" + i);
            assertThat(peer.path("environment").path("PINCLUSTER_CLUSTER_TAGS").asText())
                    .isEqualTo("{\"zone\":\"z" + i + "\"}");
            assertThat(peer.path("env_file").asText()).isEqualTo("../env/peer.env");
            assertThat(peer.path("volumes").get(0).asText()).endsWith(":/data");
            String bootstrap = peer.path("environment").path("PINCLUSTER_BOOTSTRAP").asText("");
            if (i == 1) {
                assertThat(bootstrap).as("the bootstrap peer starts the cluster").isEmpty();
            } else {
                assertThat(bootstrap).isEqualTo(compose.path("services").path("peer1").path("environment")
                        .path("PINCLUSTER_CLUSTER_RPC_LISTEN").asText());
                assertThat(peer.path("depends_on").path("peer1").path("condition").asText())
                        .isEqualTo("service_healthy");
            }
        }
    }

    @Test
    void everySettingAPeerGetsIsOneTheConfigurationLoaderAccepts() {
        for (int i = 1; i <= 3; i++) {
            Map<String, String> env = new LinkedHashMap<>(DeployFiles.envFile("env/peer.env"));
            compose.path("services").path("peer" + i).path("environment").fields()
                    .forEachRemaining(e -> env.put(e.getKey(), interpolate(e.getValue().asText())));
            ServiceConfig config = ServiceConfigFile.parse("{}".getBytes(StandardCharsets.UTF_8), env, "peer" + i);
            assertThat(config.cluster().zone()).isEqualTo("z" + i);
            assertThat(config.cluster().secret()).isEqualTo(SECRET);
            assertThat(config.metrics().enabled()).isTrue();
            assertThat(config.restapi().httpListen().host()).isEqualTo("0.0.0.0");
            assertThat(config.consensus().listen().host()).as("Raft binds the name other peers dial")
                    .isEqualTo("peer" + i);
            assertThat(config.restapi().basicAuthCredentials()).containsKey("admin");
        }
    }

    @Test
    void theBalancerChecksReadinessAndReadsExactlyTheVariablesComposeGivesIt() {
        String cfg = DeployFiles.read("haproxy/haproxy.cfg");
        assertThat(cfg).contains("http-check send meth GET uri /health/ready ver HTTP/1.1",
                "http-check expect status 200", "timeout check 1s");
        for (int i = 1; i <= 3; i++) {
            assertThat(cfg).contains("server peer" + i + " \"${PEER" + i + "_REST}\" check")
                    .contains("server peer" + i + " \"${PEER" + i + "_GATEWAY}\" track rest/peer" + i);
        }
        Set<String> used = new TreeSet<>();
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)}").matcher(cfg);
        while (m.find()) {
            used.add(m.group(1));
        }
        Set<String> given = new TreeSet<>();
        compose.path("services").path("lb").path("environment").fieldNames().forEachRemaining(given::add);
        assertThat(given).isEqualTo(used);
        assertThat(compose.path("services").path("lb").path("volumes").get(0).asText())
                .startsWith("../haproxy/haproxy.cfg:");
    }

    @Test
    void haproxyAcceptsTheFile() throws Exception {
        ExternalTool haproxy = ExternalTool.require("haproxy", "haproxy");
        Map<String, String> env = new LinkedHashMap<>();
        int port = 19000;
        for (String name : new String[] {"LB_REST_BIND", "LB_GATEWAY_BIND", "LB_STATS_BIND", "PEER1_REST",
            "PEER1_GATEWAY", "PEER2_REST", "PEER2_GATEWAY", "PEER3_REST", "PEER3_GATEWAY"}) {
            env.put(name, "127.0.0.1:" + port++);
        }
        Path cfg = DeployFiles.file("haproxy/haproxy.cfg");
        ExternalTool.Result check = haproxy.run(cfg.getParent(), env, "-c", "-f", cfg.toString());
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).doesNotContainIgnoringCase("warning");
    }

    @Test
    void theImageRunsUnprivilegedWithADataVolumeAndAReadinessHealthCheck() {
        String dockerfile = DeployFiles.read("docker/Dockerfile");
        assertThat(dockerfile).contains("USER pincluster:pincluster", "VOLUME [\"/data\"]",
                "ENTRYPOINT [\"java\", \"-cp\", \"/opt/pincluster/lib/*\", \"io.pincluster.service.cli.Main\"]",
                "CMD [\"run\", \"/data\"]", "COPY cluster-service/target/lib/ /opt/pincluster/lib/");
        assertThat(dockerfile).containsPattern("HEALTHCHECK [^\\n]*\\n[^\\n]*http://127\\.0\\.0\\.1:9094/health/ready");
        assertThat(dockerfile).doesNotContainPattern("(?m)^USER root");
    }

    /** Compose's {@code ${NAME:?message}} with the values a test operator would export. */
    private static String interpolate(String value) {
        return value.replaceAll("\\$\\{PINCLUSTER_CLUSTER_SECRET:\\?[^}]*}", SECRET)
                .replaceAll("\\$\\{PINCLUSTER_ADMIN_PASSWORD:\\?[^}]*}", "test-password");
    }
}
