package io.pincluster.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * deploy/kubernetes: every manifest fits the Kubernetes API's schema (read strictly by {@link StrictManifests}), and
 * the pieces fit each other: three peers spread over zones, a disruption budget that keeps a Raft majority, probes
 * on the health routes, Services whose selectors and target ports exist, Secrets and ConfigMaps that are referenced
 * exist, and the ConfigMap says what deploy/env/peer.env says.
 */
class KubernetesManifestsTest {
    private static final String[] FILES = {"rbac.yaml", "configmap.yaml", "secret.yaml", "services.yaml",
        "statefulset.yaml", "pdb.yaml"};
    private static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void readAll() throws IOException {
        for (String f : FILES) {
            OBJECTS.addAll(StrictManifests.read(DeployFiles.read("kubernetes/" + f), "kubernetes/" + f));
        }
    }

    @Test
    void theKustomizationListsEveryManifest() throws IOException {
        JsonNode k = new ObjectMapper(new YAMLFactory()).readTree(DeployFiles.read("kubernetes/kustomization.yaml"));
        List<String> listed = new ArrayList<>();
        k.path("resources").forEach(r -> listed.add(r.asText()));
        assertThat(listed).containsExactlyInAnyOrder(FILES);
    }

    @Test
    void theStrictReaderRefusesAMisspeltFieldAWrongTypeAndAnUnknownKind() {
        String misspelt = """
                apiVersion: apps/v1
                kind: StatefulSet
                metadata: {name: x}
                spec:
                  serviceName: x
                  selector: {matchLabels: {a: b}}
                  template:
                    metadata: {labels: {a: b}}
                    spec:
                      topologySpreadConstraint: []
                      containers: [{name: c, image: i}]
                """;
        assertThatThrownBy(() -> StrictManifests.read(misspelt, "misspelt"))
                .hasMessageContaining("topologySpreadConstraint");
        String wrongType = """
                apiVersion: policy/v1
                kind: PodDisruptionBudget
                metadata: {name: x}
                spec: {minAvailable: 2, selector: {matchLabels: [a]}}
                """;
        assertThatThrownBy(() -> StrictManifests.read(wrongType, "wrong type"))
                .hasMessageContaining("does not fit the schema");
        assertThatThrownBy(() -> StrictManifests.read("apiVersion: apps/v1beta1\nkind: StatefulSet\n", "old"))
                .hasMessageContaining("no schema known for 'apps/v1beta1 StatefulSet'");
    }

    @Test
    void threePeersSpreadOverZonesWithProbesOnTheHealthRoutes() {
        StatefulSet set = one(StatefulSet.class);
        assertThat(set.getSpec().getReplicas()).isEqualTo(3);
        assertThat(set.getSpec().getPodManagementPolicy()).as("a full restart needs every peer at once for quorum")
                .isEqualTo("Parallel");
        PodSpec pod = set.getSpec().getTemplate().getSpec();
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        assertThat(set.getSpec().getSelector().getMatchLabels()).isEqualTo(podLabels);

        TopologySpreadConstraint zones = pod.getTopologySpreadConstraints().stream()
                .filter(c -> c.getTopologyKey().equals("topology.kubernetes.io/zone")).findFirst().orElseThrow();
        assertThat(zones.getMaxSkew()).isEqualTo(1);
        assertThat(zones.getWhenUnsatisfiable()).isEqualTo("DoNotSchedule");
        assertThat(zones.getLabelSelector().getMatchLabels()).isEqualTo(podLabels);

        Container peer = pod.getContainers().get(0);
        assertThat(peer.getReadinessProbe().getHttpGet().getPath()).isEqualTo("/health/ready");
        assertThat(peer.getLivenessProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        assertThat(peer.getStartupProbe().getHttpGet().getPath()).isEqualTo("/health/live");
        Set<String> ports = peer.getPorts().stream().map(ContainerPort::getName).collect(Collectors.toSet());
        assertThat(ports).contains(peer.getReadinessProbe().getHttpGet().getPort().getStrVal(),
                peer.getLivenessProbe().getHttpGet().getPort().getStrVal());
        assertThat(pod.getSecurityContext().getRunAsNonRoot()).isTrue();
        assertThat(peer.getSecurityContext().getAllowPrivilegeEscalation()).isFalse();

        Map<String, EnvVar> env = peer.getEnv().stream().collect(Collectors.toMap(EnvVar::getName, e -> e));
        assertThat(env.get("PINCLUSTER_BOOTSTRAP").getValue()).isEqualTo("pincluster-0."
                + set.getSpec().getServiceName() + ":9096");
        assertThat(env.get("PINCLUSTER_CLUSTER_RPC_LISTEN").getValue()).endsWith("." + set.getSpec().getServiceName()
                + ":9096");
        assertThat(env.get("PINCLUSTER_CLUSTER_PEERNAME").getValue()).isEqualTo("$(POD_NAME)");
        assertThat(set.getSpec().getVolumeClaimTemplates()).extracting(c -> c.getMetadata().getName())
                .contains("data");
    }

    @Test
    void theDisruptionBudgetKeepsARaftMajorityOfTheSamePods() {
        StatefulSet set = one(StatefulSet.class);
        PodDisruptionBudget pdb = one(PodDisruptionBudget.class);
        int replicas = set.getSpec().getReplicas();
        assertThat(pdb.getSpec().getMinAvailable().getIntVal()).isEqualTo(replicas / 2 + 1);
        assertThat(pdb.getSpec().getSelector().getMatchLabels())
                .isEqualTo(set.getSpec().getTemplate().getMetadata().getLabels());
    }

    @Test
    void servicesSelectThePeersAndTargetPortsTheyHave() {
        StatefulSet set = one(StatefulSet.class);
        Map<String, String> podLabels = set.getSpec().getTemplate().getMetadata().getLabels();
        Set<String> containerPorts = set.getSpec().getTemplate().getSpec().getContainers().get(0).getPorts().stream()
                .map(ContainerPort::getName).collect(Collectors.toSet());
        List<Service> services = all(Service.class);
        assertThat(services).extracting(s -> s.getMetadata().getName())
                .contains(set.getSpec().getServiceName(), "pincluster-rest", "pincluster-gateway");
        for (Service s : services) {
            assertThat(podLabels).as(s.getMetadata().getName()).containsAllEntriesOf(s.getSpec().getSelector());
            for (ServicePort p : s.getSpec().getPorts()) {
                assertThat(containerPorts).as(s.getMetadata().getName()).contains(p.getTargetPort().getStrVal());
            }
        }
        Service peers = services.stream().filter(s -> s.getMetadata().getName().equals(set.getSpec()
                .getServiceName())).findFirst().orElseThrow();
        assertThat(peers.getSpec().getClusterIP()).isEqualTo("None");
        assertThat(peers.getSpec().getPublishNotReadyAddresses()).as("peers dial each other before they are ready")
                .isTrue();
    }

    @Test
    void referencedSecretsAndConfigMapsExistAndTheConfigMapIsPeerEnv() {
        StatefulSet set = one(StatefulSet.class);
        Container peer = set.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, Secret> secrets = all(Secret.class).stream()
                .collect(Collectors.toMap(s -> s.getMetadata().getName(), s -> s));
        for (EnvVar e : peer.getEnv()) {
            if (e.getValueFrom() != null && e.getValueFrom().getSecretKeyRef() != null) {
                var ref = e.getValueFrom().getSecretKeyRef();
                assertThat(secrets).as(e.getName()).containsKey(ref.getName());
                assertThat(secrets.get(ref.getName()).getStringData()).as(e.getName()).containsKey(ref.getKey());
            }
        }
        assertThat(peer.getEnv()).extracting(EnvVar::getName)
                .contains("PINCLUSTER_CLUSTER_SECRET", "PINCLUSTER_RESTAPI_BASIC_AUTH_CREDENTIALS");
        ConfigMap config = one(ConfigMap.class);
        assertThat(peer.getEnvFrom()).anySatisfy(f -> assertThat(f.getConfigMapRef().getName())
                .isEqualTo(config.getMetadata().getName()));
        assertThat(config.getData()).isEqualTo(DeployFiles.envFile("env/peer.env"));
    }

    private static <T extends HasMetadata> T one(Class<T> type) {
        List<T> found = all(type);
        assertThat(found).as(type.getSimpleName()).hasSize(1);
        return found.get(0);
    }

    private static <T extends HasMetadata> List<T> all(Class<T> type) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
