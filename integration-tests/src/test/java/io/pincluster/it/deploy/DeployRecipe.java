package io.pincluster.it.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The compose recipe ({@code deploy/compose/compose.yaml} with {@code deploy/env/peer.env}) turned into the
 * environment of processes on one machine: each service gets exactly the variables its container gets, with two
 * substitutions only. Compose's {@code ${VAR:?...}} take the operator's values (the secret, the admin password);
 * every address a service listens on or dials ({@code 0.0.0.0:P} in service S, {@code peerN:P}) becomes
 * {@code 127.0.0.1} and a free port for that (service, port), the same port wherever it is named, so
 * {@code PINCLUSTER_BOOTSTRAP=peer1:9096} points at peer1's {@code PINCLUSTER_CLUSTER_RPC_LISTEN}.
 */
final class DeployRecipe {
    private static final Pattern ADDRESS = Pattern.compile("^(0\\.0\\.0\\.0|[a-z][a-z0-9-]*):([0-9]{1,5})$");
    private static final Pattern REQUIRED = Pattern.compile("\\$\\{([A-Z0-9_]+):\\?[^}]*}");

    private final Path deployDir;
    private final JsonNode services;
    private final Map<String, String> peerEnv;
    private final Map<String, String> operator;
    private final Map<String, Integer> ports = new LinkedHashMap<>();

    private DeployRecipe(Path deployDir, JsonNode services, Map<String, String> peerEnv,
                         Map<String, String> operator) {
        this.deployDir = deployDir;
        this.services = services;
        this.peerEnv = peerEnv;
        this.operator = operator;
    }

    /** @param operator what the operator exports for compose ({@code PINCLUSTER_CLUSTER_SECRET}, ...) */
    static DeployRecipe read(Path deployDir, Map<String, String> operator) throws IOException {
        JsonNode compose = new ObjectMapper(new YAMLFactory()).readTree(deployDir.resolve("compose/compose.yaml")
                .toFile());
        return new DeployRecipe(deployDir, compose.path("services"), envFile(deployDir.resolve("env/peer.env")),
                operator);
    }

    Path haproxyConfig() {
        return deployDir.resolve("haproxy/haproxy.cfg");
    }

    /** The environment of compose service {@code name}: its env_file (peer.env) then its own variables. */
    Map<String, String> environment(String name) {
        JsonNode service = services.path(name);
        if (service.isMissingNode()) {
            throw new IllegalArgumentException("compose.yaml has no service " + name);
        }
        Map<String, String> env = new LinkedHashMap<>();
        if (service.path("env_file").asText().equals("../env/peer.env")) {
            env.putAll(peerEnv);
        }
        service.path("environment").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.replaceAll((k, v) -> loopback(name, interpolate(v)));
        return env;
    }

    /** The loopback address standing for port {@code port} of service {@code service}. */
    String address(String service, int port) {
        return "127.0.0.1:" + ports.computeIfAbsent(service + ":" + port, k -> FreePorts.one());
    }

    private String loopback(String service, String value) {
        Matcher m = ADDRESS.matcher(value);
        if (!m.matches() || !(m.group(1).equals("0.0.0.0") || services.has(m.group(1)))) {
            return value;
        }
        String owner = m.group(1).equals("0.0.0.0") ? service : m.group(1);
        return address(owner, Integer.parseInt(m.group(2)));
    }

    private String interpolate(String value) {
        Matcher m = REQUIRED.matcher(value);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String v = operator.get(m.group(1));
            if (v == null) {
                throw new IllegalArgumentException("compose.yaml needs " + m.group(1) + " from the operator");
            }
            m.appendReplacement(out, Matcher.quoteReplacement(v));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static Map<String, String> envFile(Path file) throws IOException {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file)) {
            String t = line.strip();
            if (!t.isEmpty() && !t.startsWith("#")) {
                int eq = t.indexOf('=');
                env.put(t.substring(0, eq), t.substring(eq + 1));
            }
        }
        return env;
    }
}
