package io.pincluster.deploy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads Kubernetes manifests into fabric8's model of the Kubernetes API (classes generated from the API's OpenAPI
 * schemas, one per kind and version), strictly: an unknown kind or apiVersion, a value of the wrong type, or a field
 * the schema does not have is an error. fabric8 keeps unknown fields in each object's {@code additionalProperties}
 * instead of failing, so after reading, every object in the tree is walked and any such field is reported with its
 * path.
 */
final class StrictManifests {
    /** apiVersion + kind → the model class of that schema. */
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of(
            "apps/v1 StatefulSet", StatefulSet.class,
            "v1 Service", Service.class,
            "v1 ConfigMap", ConfigMap.class,
            "v1 Secret", Secret.class,
            "v1 ServiceAccount", ServiceAccount.class,
            "policy/v1 PodDisruptionBudget", PodDisruptionBudget.class,
            "rbac.authorization.k8s.io/v1 ClusterRole", ClusterRole.class,
            "rbac.authorization.k8s.io/v1 ClusterRoleBinding", ClusterRoleBinding.class);

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper MODEL = JsonMapper.builder()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();

    private StrictManifests() {
    }

    /** Every document of {@code yamlText}, each as its kind's model object. */
    static List<HasMetadata> read(String yamlText, String origin) throws IOException {
        List<HasMetadata> out = new ArrayList<>();
        for (JsonNode doc : YAML.readValues(YAML.getFactory().createParser(yamlText), JsonNode.class).readAll()) {
            if (doc == null || doc.isNull() || doc.isEmpty()) {
                continue;
            }
            String key = doc.path("apiVersion").asText() + " " + doc.path("kind").asText();
            Class<? extends HasMetadata> type = KINDS.get(key);
            if (type == null) {
                throw new IllegalArgumentException(origin + ": no schema known for '" + key + "' (known: "
                        + KINDS.keySet() + ")");
            }
            HasMetadata object;
            try {
                object = MODEL.treeToValue(doc, type);
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(origin + ": " + key + " does not fit the schema: "
                        + e.getOriginalMessage(), e);
            }
            List<String> unknown = new ArrayList<>();
            walk(object, key + " " + doc.path("metadata").path("name").asText(), unknown);
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException(origin + ": fields the schema does not have: " + unknown);
            }
            out.add(object);
        }
        return out;
    }

    private static void walk(Object o, String path, List<String> unknown) {
        if (o == null) {
            return;
        }
        if (o instanceof List<?> list) {
            for (int i = 0; i < list.size(); i++) {
                walk(list.get(i), path + "[" + i + "]", unknown);
            }
            return;
        }
        if (o instanceof Map<?, ?> map) {
            map.forEach((k, v) -> walk(v, path + "." + k, unknown));
            return;
        }
        if (!o.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return; // strings, numbers, booleans
        }
        for (Method m : o.getClass().getMethods()) {
            if (m.getParameterCount() != 0 || !m.getName().startsWith("get") || Modifier.isStatic(m.getModifiers())
                    || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = m.invoke(o);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue; // not a bean property
            }
            if (m.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    unknown.add(path + " " + extra.keySet());
                }
                continue;
            }
            String property = Character.toLowerCase(m.getName().charAt(3)) + m.getName().substring(4);
            walk(value, path + "." + property, unknown);
        }
    }
}
