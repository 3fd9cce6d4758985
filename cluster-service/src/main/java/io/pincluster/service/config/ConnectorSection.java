package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/**
 * Section {@code connector}: the block store this peer drives.
 *
 * @param type        {@code embedded} (the built-in block store; default) or {@code kubo} (a Kubo daemon)
 * @param storageMax  embedded: most bytes of blocks to hold (Kubo's StorageMax, 10GB)
 * @param dataDir     embedded: the store's folder, relative to the peer folder unless absolute
 * @param nodeAddress kubo: the daemon's RPC address (127.0.0.1:5001)
 */
public record ConnectorSection(Type type, long storageMax, String dataDir, ListenAddress nodeAddress) {
    static final String NAME = "connector";

    /** Which block store implementation. */
    public enum Type {
        EMBEDDED, KUBO;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public ConnectorSection {
        Checks c = new Checks(NAME);
        c.require(type != null, "type", "must be embedded or kubo");
        c.require(storageMax > 0, "storage_max", "must be positive");
        c.require(dataDir != null && !dataDir.isBlank(), "data_dir", "must not be empty");
        c.require(nodeAddress != null, "node_address", "is required");
        c.throwIfAny();
    }

    public static ConnectorSection defaults() {
        return new ConnectorSection(Type.EMBEDDED, 10_000_000_000L, "blocks", ListenAddress.loopback(5001));
    }

    public ConnectorSection withStorageMax(long max) {
        return new ConnectorSection(type, max, dataDir, nodeAddress);
    }

    static ConnectorSection read(SectionReader r, ConnectorSection d) {
        String t = r.string("type", d.type().wireName());
        Type type = switch (t) {
            case "embedded" -> Type.EMBEDDED;
            case "kubo" -> Type.KUBO;
            default -> {
                r.problem("type", "'" + t + "' is not a connector type (use embedded or kubo)");
                yield d.type();
            }
        };
        return new ConnectorSection(type, r.size("storage_max", d.storageMax()), r.string("data_dir", d.dataDir()),
                r.listen("node_address", d.nodeAddress()));
    }

    void writeTo(ObjectNode o) {
        o.put("type", type.wireName());
        o.put("storage_max", DataSize.format(storageMax));
        o.put("data_dir", dataDir);
        o.put("node_address", nodeAddress.toString());
    }
}
