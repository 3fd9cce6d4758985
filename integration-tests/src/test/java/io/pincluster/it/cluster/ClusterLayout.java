package io.pincluster.it.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.peer.PeerId;
import io.pincluster.service.config.ConfigException;
import io.pincluster.service.config.ListenAddress;
import io.pincluster.service.config.ServiceConfig;
import io.pincluster.service.config.ServiceConfigFile;
import io.pincluster.service.identity.IdentityFile;
import io.pincluster.service.identity.PeerIdentity;
import io.pincluster.testkit.FreePorts;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes the peer folders of a test cluster: an identity and a {@code service.json} per peer, every listener on its
 * own free loopback port. Any key ending in {@code listen} gets a fresh port, so listeners added to the
 * configuration later (cluster RPC, metrics) never collide between peers.
 */
final class ClusterLayout {
    static final String USER = "admin";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ClusterLayout() {
    }

    /**
     * Creates {@code dir} as a peer folder with its own identity and free ports; the Raft peers list stays empty.
     * Settings are edited as JSON keys (the documented file format), not through the config records' constructors.
     */
    static PeerId writePeer(Path dir, String name, ClusterOptions o, String secret) throws IOException {
        Files.createDirectories(dir);
        PeerIdentity identity = PeerIdentity.generate();
        IdentityFile.write(dir.resolve(IdentityFile.FILE_NAME), identity, false);
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ServiceConfigFile.write(file, ServiceConfig.defaults(name), false);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        assignPorts(root);
        section(root, "cluster").put("secret", secret);
        ObjectNode consensus = section(root, "consensus");
        consensus.put("election_timeout_min", o.electionTimeoutMin().toMillis() + "ms");
        consensus.put("election_timeout_max", o.electionTimeoutMax().toMillis() + "ms");
        consensus.put("request_timeout", o.requestTimeout().toMillis() + "ms");
        consensus.put("snapshot_threshold", o.snapshotThreshold());
        section(root, "restapi").putObject("basic_auth_credentials").put(USER, o.password());
        section(root, "gateway").put("enabled", false);
        JSON.writeValue(file.toFile(), root);
        load(dir); // fail here, naming the key, if an edit is invalid
        return identity.peerId();
    }

    /**
     * Sets who the peer in {@code dir} dials: its bootstrap Raft group ({@code consensus.peers}, this peer included)
     * and the other peers' cluster RPC addresses ({@code cluster.peer_addresses}; skipped when empty).
     */
    static void writePeerLists(Path dir, Map<PeerId, ListenAddress> raftPeers, Map<PeerId, ListenAddress> rpcPeers)
            throws IOException {
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        ObjectNode raft = section(root, "consensus").putObject("peers");
        raftPeers.forEach((id, addr) -> raft.put(id.value(), addr.toString()));
        if (!rpcPeers.isEmpty()) {
            ObjectNode rpc = section(root, "cluster").putObject("peer_addresses");
            rpcPeers.forEach((id, addr) -> rpc.put(id.value(), addr.toString()));
        }
        JSON.writeValue(file.toFile(), root);
        load(dir);
    }

    /**
     * Writes {@code settings} ({@code "section.key"} → value) into the peer's {@code service.json}. A key in
     * {@code ifKnown} that this build's loader rejects as unknown is taken out again; returns those keys.
     *
     * @throws ConfigException a value is invalid, or a key outside {@code ifKnown} is unknown
     */
    static Set<String> applySettings(Path dir, Map<String, Object> settings, Set<String> ifKnown)
            throws IOException {
        Path file = dir.resolve(ServiceConfigFile.FILE_NAME);
        ObjectNode root = (ObjectNode) JSON.readTree(file.toFile());
        settings.forEach((key, value) -> section(root, sectionOf(key)).set(keyOf(key), JSON.valueToTree(value)));
        JSON.writeValue(file.toFile(), root);
        Set<String> unknown = new LinkedHashSet<>();
        try {
            load(dir);
            return unknown;
        } catch (ConfigException e) {
            for (String key : settings.keySet()) {
                if (ifKnown.contains(key) && rejectedAsUnknown(e, key)) {
                    unknown.add(key);
                    section(root, sectionOf(key)).remove(keyOf(key));
                }
            }
            if (unknown.isEmpty()) {
                throw e;
            }
        }
        JSON.writeValue(file.toFile(), root);
        load(dir); // anything still wrong is a mistake of the test, reported with its key
        return unknown;
    }

    /** True when the loader's problems include {@code section: unknown key(s) ..., key, ... (known: ...)}. */
    private static boolean rejectedAsUnknown(ConfigException e, String dottedKey) {
        String prefix = sectionOf(dottedKey) + ": unknown key";
        return e.problems().stream().filter(p -> p.startsWith(prefix)).anyMatch(p -> {
            String names = p.substring(prefix.length()).replaceFirst("^s? ", "").split(" \\(known:")[0];
            return Arrays.stream(names.split(", ")).map(n -> n.split(" ")[0]).anyMatch(keyOf(dottedKey)::equals);
        });
    }

    private static String sectionOf(String dottedKey) {
        return dottedKey.substring(0, dottedKey.indexOf('.'));
    }

    private static String keyOf(String dottedKey) {
        return dottedKey.substring(dottedKey.indexOf('.') + 1);
    }

    /** The port of {@code cluster.rpc_listen}, or -1 when this build has no cluster RPC. */
    static int rpcPort(Path dir) throws IOException {
        JsonNode listen = JSON.readTree(dir.resolve(ServiceConfigFile.FILE_NAME).toFile()).path("cluster")
                .path("rpc_listen");
        return listen.isTextual() ? ListenAddress.parse(listen.asText()).port() : -1;
    }

    private static ObjectNode section(ObjectNode root, String name) {
        return root.get(name) instanceof ObjectNode o ? o : root.putObject(name);
    }

    static ServiceConfig load(Path dir) {
        return ServiceConfigFile.load(dir.resolve(ServiceConfigFile.FILE_NAME), Map.of());
    }

    static PeerId peerId(Path dir) {
        return IdentityFile.read(dir.resolve(IdentityFile.FILE_NAME)).peerId();
    }

    private static void assignPorts(JsonNode node) {
        if (!(node instanceof ObjectNode object)) {
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = object.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().endsWith("listen") && f.getValue().isTextual()) {
                f.setValue(object.textNode(FreePorts.loopbackAddress()));
            } else {
                assignPorts(f.getValue());
            }
        }
    }

    /** Deletes {@code dir} and everything under it; nothing when it does not exist. */
    static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
