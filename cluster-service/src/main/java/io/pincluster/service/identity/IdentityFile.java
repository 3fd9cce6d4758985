package io.pincluster.service.identity;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.service.files.AtomicFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.Iterator;
import java.util.Set;

/**
 * {@code identity.json}: {@code {"id": "12D3KooW...", "private_key": "<base64>"}}, where {@code private_key} is the
 * standard base64 of the libp2p {@code PrivateKey} protobuf (Type=1 Ed25519, Data = 32-byte seed + 32-byte public
 * key), the same format as ipfs-cluster's identity file. Written atomically with permissions 0600.
 */
public final class IdentityFile {
    public static final String FILE_NAME = "identity.json";
    private static final Set<String> KEYS = Set.of("id", "private_key");
    private static final ObjectMapper JSON = new ObjectMapper();

    private IdentityFile() {
    }

    /** Writes {@code identity} to {@code file}; refuses to replace an existing file unless {@code replace}. */
    public static void write(Path file, PeerIdentity identity, boolean replace) throws IOException {
        ObjectNode node = JSON.createObjectNode();
        node.put("id", identity.peerId().value());
        node.put("private_key", Base64.getEncoder().encodeToString(identity.privateKeyProto()));
        byte[] content = JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
        AtomicFile.write(file, content, true, replace);
    }

    /**
     * Reads an identity file and checks that {@code id} is the peer ID of the key.
     *
     * @throws IdentityException the file is missing or malformed, or the ID does not match the key
     */
    public static PeerIdentity read(Path file) {
        JsonNode node;
        try {
            node = JSON.readTree(Files.readAllBytes(file));
        } catch (NoSuchFileException e) {
            throw new IdentityException(file + " does not exist (run 'pincluster init' first)");
        } catch (IOException e) {
            throw new IdentityException(file + " is not valid JSON: " + e.getMessage(), e);
        }
        if (node == null || !node.isObject()) {
            throw new IdentityException(file + " must hold a JSON object");
        }
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!KEYS.contains(key)) {
                throw new IdentityException(file + ": unknown key '" + key + "' (expected id, private_key)");
            }
        }
        String id = text(node, "id", file);
        byte[] proto;
        try {
            proto = Base64.getDecoder().decode(text(node, "private_key", file));
        } catch (IllegalArgumentException e) {
            throw new IdentityException(file + ": private_key is not base64");
        }
        PeerIdentity identity = PeerIdentity.fromPrivateKeyProto(proto);
        if (!identity.peerId().value().equals(id)) {
            throw new IdentityException(file + ": id " + id + " does not match the private key (which gives "
                    + identity.peerId() + ")");
        }
        return identity;
    }

    private static String text(JsonNode node, String key, Path file) {
        JsonNode v = node.get(key);
        if (v == null || !v.isTextual() || v.asText().isEmpty()) {
            throw new IdentityException(file + ": " + key + " is missing or not a string");
        }
        return v.asText();
    }
}
