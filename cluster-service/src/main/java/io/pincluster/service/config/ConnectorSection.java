package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.time.GoDuration;
import java.time.Duration;
import java.util.Locale;

/**
 * Section {@code connector}: the block store this peer drives.
 *
 * @param type        {@code embedded} (the built-in block store; default) or {@code kubo} (a Kubo daemon)
 * @param storageMax  embedded: most bytes of blocks to hold (Kubo's StorageMax, 10GB)
 * @param dataDir     embedded: the store's folder, relative to the peer folder unless absolute
 * @param nodeAddress kubo: the daemon's RPC address (127.0.0.1:5001)
 * @param fetchTimeout kubo: {@code timeout=} on daemon calls that may fetch from the network, and the longest a
 *                     {@code pin/add} may go without progress (2m, ipfs-cluster's pin_timeout)
 * @param swarmConnectInterval kubo: how often the daemon is {@code swarm/connect}ed to the other peers' daemons (30s)
 * @param gcInterval  embedded: how often the store's garbage collection runs (1h); zero disables it
 */
public record ConnectorSection(Type type, long storageMax, String dataDir, ListenAddress nodeAddress,
                               Duration fetchTimeout, Duration swarmConnectInterval, Duration gcInterval) {
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
        c.require(fetchTimeout != null && !fetchTimeout.isZero() && !fetchTimeout.isNegative(), "fetch_timeout",
                "must be a positive duration");
        c.require(swarmConnectInterval != null && !swarmConnectInterval.isZero()
                && !swarmConnectInterval.isNegative(), "swarm_connect_interval", "must be a positive duration");
        c.requireInterval(gcInterval, "gc_interval", true);
        c.throwIfAny();
    }

    public static ConnectorSection defaults() {
        return new ConnectorSection(Type.EMBEDDED, 10_000_000_000L, "blocks", ListenAddress.loopback(5001),
                Duration.ofMinutes(2), Duration.ofSeconds(30),
                Duration.ofHours(1));
    }

    public ConnectorSection withStorageMax(long max) {
        return new ConnectorSection(type, max, dataDir, nodeAddress, fetchTimeout, swarmConnectInterval,
                gcInterval);
    }

    /** The same connector with the scheduled GC every {@code interval} (zero: never). */
    public ConnectorSection withGcInterval(Duration interval) {
        return new ConnectorSection(type, storageMax, dataDir, nodeAddress, fetchTimeout, swarmConnectInterval,
                interval);
    }

    /** A Kubo connector for the daemon at {@code address}, other settings kept. */
    public ConnectorSection withKubo(ListenAddress address, Duration fetch, Duration swarmInterval) {
        return new ConnectorSection(Type.KUBO, storageMax, dataDir, address, fetch, swarmInterval, gcInterval);
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
                r.listen("node_address", d.nodeAddress()), r.duration("fetch_timeout", d.fetchTimeout()),
                r.duration("swarm_connect_interval", d.swarmConnectInterval()),
                r.duration("gc_interval", d.gcInterval()));
    }

    void writeTo(ObjectNode o) {
        o.put("type", type.wireName());
        o.put("storage_max", DataSize.format(storageMax));
        o.put("data_dir", dataDir);
        o.put("node_address", nodeAddress.toString());
        o.put("fetch_timeout", GoDuration.format(fetchTimeout));
        o.put("swarm_connect_interval", GoDuration.format(swarmConnectInterval));
        o.put("gc_interval", GoDuration.format(gcInterval));
    }
}
