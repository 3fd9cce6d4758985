package io.pincluster.rest.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.peer.PeerId;
import io.pincluster.core.pin.PinMode;
import io.pincluster.core.pin.PinOptions;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Reads the pins of a state export: newline-delimited JSON, one ipfs-cluster {@code Pin} per line, as
 * {@code GET /allocations}, {@code pincluster state export} and ipfs-cluster's {@code state export} write it.
 * A pin keeps its options (replication, name, mode, user allocations, expiry, metadata, origins); its
 * {@code allocations} and {@code timestamp} belong to the cluster it came from and are left out: the importing
 * cluster places the pin itself. Only data pins ({@code "type": "pin"}, or 2 in ipfs-cluster before v1.0) are
 * accepted: sharded pins were never exported by Pincluster.
 */
public final class ExportedPins {
    /** Most pins in one import request; the CLI sends bigger files in parts of this size. */
    public static final int MAX_PINS = 10_000;
    /** ipfs-cluster's numeric {@code DataType} (pins exported before v1.0 carry numbers). */
    private static final int LEGACY_DATA_TYPE = 2;

    /** One pin of the file and where it was. */
    public record ExportedPin(int line, Cid cid, PinOptions options) {
    }

    private ExportedPins() {
    }

    /**
     * Every pin of {@code body}, in order, blank lines skipped; {@code min}/{@code max} when positive (or -1)
     * replace each pin's replication factors, as ipfs-cluster's {@code state import --rmin/--rmax} do.
     *
     * @throws ClusterException BAD_REQUEST naming the first bad line and why
     */
    public static List<ExportedPin> parse(String body, int min, int max) {
        List<ExportedPin> pins = new ArrayList<>();
        int lineNumber = 0;
        for (String line : body.split("\n", -1)) {
            lineNumber++;
            if (line.isBlank()) {
                continue;
            }
            if (pins.size() == MAX_PINS) {
                throw ClusterException.badRequest("more than " + MAX_PINS + " pins in one import request");
            }
            try {
                pins.add(pin(lineNumber, JsonWire.mapper().readTree(line), min, max));
            } catch (JsonProcessingException e) {
                throw ClusterException.badRequest("line " + lineNumber + ": not JSON: "
                        + e.getOriginalMessage());
            } catch (ClusterException | IllegalArgumentException e) {
                throw ClusterException.badRequest("line " + lineNumber + ": " + e.getMessage());
            }
        }
        if (pins.isEmpty()) {
            throw ClusterException.badRequest("no pins in the request body (expected one JSON pin per line, as "
                    + "GET /allocations writes them)");
        }
        return pins;
    }

    private static ExportedPin pin(int line, JsonNode n, int min, int max) {
        if (!n.isObject()) {
            throw new IllegalArgumentException("expected a JSON object (a pin)");
        }
        Cid cid = cid(text(n, "cid"));
        JsonNode type = n.get("type");
        if (type != null && !type.isNull() && !("pin".equals(type.asText()) || type.isInt()
                && type.asInt() == LEGACY_DATA_TYPE)) {
            throw new IllegalArgumentException(cid + ": only data pins (type \"pin\") can be imported, not "
                    + type);
        }
        String mode = text(n, "mode");
        PinMode pinMode = mode == null || mode.isEmpty() ? PinMode.RECURSIVE : PinMode.parse(mode);
        int rmin = min != 0 ? min : n.path("replication_factor_min").asInt(0);
        int rmax = max != 0 ? max : n.path("replication_factor_max").asInt(0);
        return new ExportedPin(line, cid, new PinOptions(rmin, rmax, text(n, "name"), pinMode,
                n.path("shard_size").asLong(0), peers(n.get("user_allocations")), expiry(text(n, "expire_at")),
                metadata(n.get("metadata")), null, strings(n.get("origins"), "origins")));
    }

    private static Cid cid(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("the pin has no \"cid\"");
        }
        try {
            return Cid.parse(value);
        } catch (CidParseException e) {
            throw new IllegalArgumentException("cid: " + e.getMessage());
        }
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + ": expected a string, not " + v.getNodeType());
        }
        return v.asText();
    }

    private static Instant expiry(String value) {
        if (value == null || value.isEmpty() || WireTime.ZERO.equals(value)) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("expire_at: not an RFC 3339 time: " + value);
        }
    }

    private static List<PeerId> peers(JsonNode v) {
        return strings(v, "user_allocations").stream().map(PeerId::parse).toList();
    }

    private static List<String> strings(JsonNode v, String field) {
        if (v == null || v.isNull()) {
            return List.of();
        }
        if (!v.isArray()) {
            throw new IllegalArgumentException(field + ": expected an array of strings");
        }
        List<String> out = new ArrayList<>(v.size());
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                throw new IllegalArgumentException(field + ": expected an array of strings");
            }
            out.add(e.asText());
        }
        return out;
    }

    private static Map<String, String> metadata(JsonNode v) {
        if (v == null || v.isNull()) {
            return Map.of();
        }
        if (!v.isObject()) {
            throw new IllegalArgumentException("metadata: expected an object of strings");
        }
        Map<String, String> out = new TreeMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                throw new IllegalArgumentException("metadata." + e.getKey() + ": expected a string");
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }
}
