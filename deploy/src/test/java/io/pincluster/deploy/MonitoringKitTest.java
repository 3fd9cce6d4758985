package io.pincluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * deploy/monitoring: the alert rules pass {@code promtool check rules} and their unit tests ({@code promtool test
 * rules}: each alert fires on the series that mean trouble and not on a healthy cluster); the Grafana dashboard is
 * well-formed and every query in it is valid PromQL (checked by promtool as recording rules). That the metric names
 * are the ones a peer really exports is checked against a running peer by integration-tests' DeployIT.
 */
@Timeout(120)
class MonitoringKitTest {
    private static final Set<String> ALERTS = Set.of("PinclusterPeerUnreachable", "PinclusterPeerDown",
            "PinclusterNoLeader", "PinclusterPeerNotReady", "PinclusterUnderReplicatedPins", "PinclusterPinsLost",
            "PinclusterRepairStalled", "PinclusterDiskHighWater", "PinclusterReplicaLagging",
            "PinclusterExternalServiceFailing", "PinclusterArchiveBacklog", "PinclusterArchiveUploadsFailing",
            "PinclusterColdTierTasksFailing", "PinclusterPinQueueBacklog");

    @TempDir
    Path tmp;

    @Test
    void theAlertRulesCoverTheIssuesListAndPassPromtoolsChecksAndUnitTests() throws Exception {
        JsonNode rules = new ObjectMapper(new YAMLFactory()).readTree(DeployFiles.read("monitoring/alerts.yml"));
        Set<String> names = new HashSet<>();
        rules.path("groups").forEach(g -> g.path("rules").forEach(r -> names.add(r.path("alert").asText())));
        assertThat(names).containsExactlyInAnyOrderElementsOf(ALERTS);

        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        Path monitoring = DeployFiles.file("monitoring/alerts.yml").getParent();
        ExternalTool.Result check = promtool.run(monitoring, Map.of(), "check", "rules", "alerts.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
        assertThat(check.output()).contains("SUCCESS: " + ALERTS.size() + " rules found");
        ExternalTool.Result test = promtool.run(monitoring, Map.of(), "test", "rules", "alerts.test.yml");
        assertThat(test.exitCode()).as(test.output()).isZero();
        assertThat(test.output()).contains("SUCCESS");
    }

    @Test
    void promtoolRejectsABrokenRuleSoTheCheckAboveMeansSomething() throws Exception {
        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        Files.writeString(tmp.resolve("bad.yml"), """
                groups:
                  - name: bad
                    rules:
                      - alert: Broken
                        expr: max(pincluster_repair_lost > 0
                """);
        ExternalTool.Result check = promtool.run(tmp, Map.of(), "check", "rules", "bad.yml");
        assertThat(check.exitCode()).as(check.output()).isNotZero();
    }

    @Test
    void theDashboardIsWellFormedAndEveryQueryIsValidPromql() throws Exception {
        JsonNode dash = new ObjectMapper().readTree(DeployFiles.read("monitoring/grafana-dashboard.json"));
        assertThat(dash.path("title").asText()).isEqualTo("Pincluster");
        assertThat(dash.path("uid").asText()).isNotBlank();
        assertThat(dash.path("__inputs").get(0).path("name").asText()).isEqualTo("DS_PROMETHEUS");
        Map<String, String> queries = new LinkedHashMap<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dash.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique panel id %s", panel.path("id")).isTrue();
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode t : panel.path("targets")) {
                String expr = t.path("expr").asText();
                assertThat(expr).as(panel.path("title").asText()).isNotBlank();
                queries.put("panel_" + panel.path("id").asInt() + "_" + t.path("refId").asText().toLowerCase(), expr);
            }
        }
        assertThat(dash.path("panels").size()).isGreaterThanOrEqualTo(10);

        ExternalTool promtool = ExternalTool.require("promtool", "prometheus");
        List<String> lines = new ArrayList<>(List.of("groups:", "  - name: dashboard", "    rules:"));
        ObjectMapper json = new ObjectMapper();
        // Grafana's $__ variables are not PromQL; this dashboard uses none, so every query must parse as is
        queries.forEach((name, expr) -> {
            try {
                lines.add("      - record: " + name);
                lines.add("        expr: " + json.writeValueAsString(expr));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
        });
        Files.write(tmp.resolve("dashboard-queries.yml"), lines);
        ExternalTool.Result check = promtool.run(tmp, Map.of(), "check", "rules", "dashboard-queries.yml");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }
}
