package io.pincluster.service.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.service.files.AtomicFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;

/**
 * Reads and writes {@code service.json}. Absent sections and keys take their defaults; environment variables
 * ({@link EnvOverrides}) override the file; unknown sections and keys are errors, and every problem found is
 * reported in one {@link ConfigException}.
 */
public final class ServiceConfigFile {
    public static final String FILE_NAME = "service.json";
    /** What secrets are replaced with in {@link #toJson(ServiceConfig, boolean) redacted} output. */
    public static final String REDACTED = "<redacted>";
    private static final ObjectMapper JSON = new ObjectMapper();

    private ServiceConfigFile() {
    }

    /**
     * Loads {@code file} with {@code env} applied over it.
     *
     * @throws ConfigException the file is missing, not JSON, or has bad or unknown values
     */
    public static ServiceConfig load(Path file, Map<String, String> env) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ConfigException(file + " does not exist (run 'pincluster init' first)");
        } catch (IOException e) {
            throw new ConfigException(file + " cannot be read: " + e.getMessage());
        }
        return parse(bytes, env, file.toString());
    }

    /** Parses a {@code service.json} document; {@code origin} names it in errors. */
    public static ServiceConfig parse(byte[] json, Map<String, String> env, String origin) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (IOException e) {
            throw new ConfigException(origin + " is not valid JSON: " + (e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()));
        }
        if (tree == null || !tree.isObject()) {
            throw new ConfigException(origin + " must hold a JSON object with one object per section");
        }
        ObjectNode root = (ObjectNode) tree;
        List<String> problems = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        root.fieldNames().forEachRemaining(name -> {
            if (!ServiceConfig.SECTIONS.contains(name)) {
                unknown.add(name);
            }
        });
        if (!unknown.isEmpty()) {
            problems.add("unknown section" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known: " + String.join(", ", ServiceConfig.SECTIONS) + ")");
        }
        Map<String, Set<String>> fromEnv = EnvOverrides.apply(root, env, ServiceConfig.SECTIONS);
        return readSections(root, fromEnv, problems, null);
    }

    /**
     * The keys of one section the loader accepts: {@code keys} are written by {@link #toJson} (an absent one takes
     * its default), {@code formerNames} are older names of some of them, still read but never written.
     */
    record AcceptedKeys(Set<String> keys, Set<String> formerNames) {
    }

    /**
     * Every key the loader accepts, by section in file order. Taken from the section readers themselves (the keys
     * they ask for), so a key added to a reader is here without being listed anywhere else.
     */
    static Map<String, AcceptedKeys> acceptedKeys() {
        Map<String, AcceptedKeys> keys = new LinkedHashMap<>();
        ObjectNode root = JSON.createObjectNode();
        root.putObject(ClusterSection.NAME).put("secret", ClusterSection.newSecret());
        readSections(root, Map.of(), new ArrayList<>(), keys);
        return keys;
    }

    /**
     * Reads every section of {@code root} (environment applied) into the configuration.
     * With {@code keys}, records the keys each section's reader asked for.
     *
     * @throws ConfigException holding {@code problems}, every problem found reading the sections and a missing
     *                         {@code cluster.secret}
     */
    private static ServiceConfig readSections(ObjectNode root, Map<String, Set<String>> fromEnv,
                                              List<String> problems, Map<String, AcceptedKeys> keys) {
        ServiceConfig d = ServiceConfig.defaults(defaultPeername());
        ClusterSection cluster = section(root, fromEnv, problems, keys, ClusterSection.NAME, d.cluster(),
                ClusterSection::read);
        ConsensusSection consensus = section(root, fromEnv, problems, keys, ConsensusSection.NAME, d.consensus(),
                ConsensusSection::read);
        RestApiSection restapi = section(root, fromEnv, problems, keys, RestApiSection.NAME, d.restapi(),
                RestApiSection::read);
        GatewaySection gateway = section(root, fromEnv, problems, keys, GatewaySection.NAME, d.gateway(),
                GatewaySection::read);
        ConnectorSection connector = section(root, fromEnv, problems, keys, ConnectorSection.NAME, d.connector(),
                ConnectorSection::read);
        MetricsSection metrics = section(root, fromEnv, problems, keys, MetricsSection.NAME, d.metrics(),
                MetricsSection::read);
        PinTrackerSection tracker = section(root, fromEnv, problems, keys, PinTrackerSection.NAME, d.pinTracker(),
                PinTrackerSection::read);
        MonitorSection monitor = section(root, fromEnv, problems, keys, MonitorSection.NAME, d.monitor(),
                MonitorSection::read);
        AllocatorSection allocator = section(root, fromEnv, problems, keys, AllocatorSection.NAME, d.allocator(),
                AllocatorSection::read);
        RepairSection repair = section(root, fromEnv, problems, keys, RepairSection.NAME, d.repair(),
                RepairSection::read);
        PsaSection psa = section(root, fromEnv, problems, keys, PsaSection.NAME, d.psa(), PsaSection::read);
        IpfsProxySection ipfsproxy = section(root, fromEnv, problems, keys, IpfsProxySection.NAME, d.ipfsproxy(),
                IpfsProxySection::read);
        ExternalSection external = section(root, fromEnv, problems, keys, ExternalSection.NAME, d.external(),
                ExternalSection::read);
        ColdSection cold = section(root, fromEnv, problems, keys, ColdSection.NAME, d.cold(), ColdSection::read);
        if (root.get(ClusterSection.NAME) == null || root.get(ClusterSection.NAME).get("secret") == null) {
            problems.add("cluster.secret: is required (64 hex characters; 'pincluster init' generates one)");
        }
        if (!problems.isEmpty()) {
            throw new ConfigException(problems);
        }
        return new ServiceConfig(cluster, consensus, restapi, gateway, connector, metrics, tracker, monitor,
                allocator, repair, psa, ipfsproxy, external, cold);
    }

    /** Writes {@code config} (secrets included) atomically, owner-only since it holds the cluster secret. */
    public static void write(Path file, ServiceConfig config, boolean replace) throws IOException {
        AtomicFile.write(file, toJson(config, false).getBytes(java.nio.charset.StandardCharsets.UTF_8), true,
                replace);
    }

    /**
     * The configuration as pretty JSON: every section, and in it every key the loader accepts (but former names),
     * defaults included, so that {@code service.json} and the effective configuration the peer logs at start show
     * every setting; with {@code redact} every secret is {@value #REDACTED}.
     */
    public static String toJson(ServiceConfig c, boolean redact) {
        ObjectNode root = JSON.createObjectNode();
        c.cluster().writeTo(root.putObject(ClusterSection.NAME), redact);
        c.consensus().writeTo(root.putObject(ConsensusSection.NAME));
        c.restapi().writeTo(root.putObject(RestApiSection.NAME), redact);
        c.gateway().writeTo(root.putObject(GatewaySection.NAME));
        c.connector().writeTo(root.putObject(ConnectorSection.NAME));
        c.metrics().writeTo(root.putObject(MetricsSection.NAME));
        c.pinTracker().writeTo(root.putObject(PinTrackerSection.NAME));
        c.monitor().writeTo(root.putObject(MonitorSection.NAME));
        c.allocator().writeTo(root.putObject(AllocatorSection.NAME));
        c.repair().writeTo(root.putObject(RepairSection.NAME));
        c.psa().writeTo(root.putObject(PsaSection.NAME));
        c.ipfsproxy().writeTo(root.putObject(IpfsProxySection.NAME));
        c.external().writeTo(root.putObject(ExternalSection.NAME), redact);
        c.cold().writeTo(root.putObject(ColdSection.NAME), redact);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n";
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> T section(ObjectNode root, Map<String, Set<String>> fromEnv, List<String> problems,
                                 Map<String, AcceptedKeys> keys, String name, T defaults,
                                 BiFunction<SectionReader, T, T> read) {
        SectionReader r = new SectionReader(name, root.get(name), fromEnv.getOrDefault(name, Set.of()), problems);
        T value;
        try {
            value = read.apply(r, defaults);
        } catch (ConfigException e) {
            problems.addAll(e.problems());
            value = defaults;
        }
        r.finish();
        if (keys != null) {
            keys.put(name, new AcceptedKeys(r.keys(), r.formerNames()));
        }
        return value;
    }

    private static String defaultPeername() {
        String host = System.getenv("HOSTNAME");
        return host == null || host.isBlank() ? "pincluster" : host;
    }
}
