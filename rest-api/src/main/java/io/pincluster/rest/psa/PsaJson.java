package io.pincluster.rest.psa;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.psa.PsaPin;
import io.pincluster.rest.query.PinOptionsQuery;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The spec's JSON: {@code PinStatus} and {@code PinResults} out, the {@code Pin} of a request body in. */
final class PsaJson {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** A request body is one small object; anything bigger is not a pin. */
    static final int MAX_BODY_BYTES = 1 << 20;

    /** What a request body asks to pin. */
    record PinBody(Cid cid, String name, List<String> origins, Map<String, String> meta) {
    }

    private PsaJson() {
    }

    static ObjectNode pinStatus(PsaPin pin, PsaStatuses.CidState state) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("requestid", pin.requestId());
        o.put("status", state.status());
        o.put("created", pin.created().toString());
        ObjectNode p = o.putObject("pin");
        p.put("cid", pin.cid().toString());
        if (pin.name() != null) {
            p.put("name", pin.name());
        }
        ArrayNode origins = p.putArray("origins");
        pin.origins().forEach(origins::add);
        ObjectNode meta = p.putObject("meta");
        pin.meta().forEach(meta::put);
        ArrayNode delegates = o.putArray("delegates");
        state.delegates().forEach(delegates::add);
        o.putObject("info");
        return o;
    }

    static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] results(long count, List<ObjectNode> results) {
        ObjectNode o = MAPPER.createObjectNode();
        o.put("count", count);
        ArrayNode a = o.putArray("results");
        results.forEach(a::add);
        return bytes(o);
    }

    /**
     * Parses a {@code Pin}: {@code cid} required, {@code name} at most 255 characters of valid Unicode, {@code origins}
     * at most 20 multiaddrs with a {@code /p2p/<peer ID>} part, {@code meta} an object of strings without an empty key.
     * Origins and metadata keys are held to the REST API's rules, so that what one API refuses the other does not
     * let into the cluster's pins.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    static PinBody pinBody(byte[] body) {
        if (body.length == 0) {
            throw new IllegalArgumentException("the body must be a Pin object: {\"cid\": \"...\"}");
        }
        JsonNode root;
        try {
            root = MAPPER.readTree(body);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("the body is not JSON: " + e.getMessage());
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("the body must be a Pin object: {\"cid\": \"...\"}");
        }
        JsonNode cid = root.get("cid");
        if (cid == null || !cid.isTextual() || cid.asText().isEmpty()) {
            throw new IllegalArgumentException("cid is required and must be a string");
        }
        Cid parsed;
        try {
            parsed = Cid.parse(cid.asText());
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("cid '" + excerpt(cid.asText()) + "' is not a CID: " + e.getMessage());
        }
        String name = null;
        JsonNode n = root.get("name");
        if (n != null && !n.isNull()) {
            if (!n.isTextual()) {
                throw new IllegalArgumentException("name must be a string");
            }
            name = n.asText();
            if (name.length() > PsaPin.MAX_NAME_CHARS) {
                throw new IllegalArgumentException("name is longer than " + PsaPin.MAX_NAME_CHARS + " characters");
            }
            int lone = loneSurrogate(name);
            if (lone >= 0) {
                throw new IllegalArgumentException("name is not valid Unicode: a lone UTF-16 surrogate at character "
                        + lone);
            }
        }
        List<String> origins = new ArrayList<>();
        JsonNode o = root.get("origins");
        if (o != null && !o.isNull()) {
            if (!o.isArray() || o.size() > PsaPin.MAX_ORIGINS) {
                throw new IllegalArgumentException("origins must be an array of at most " + PsaPin.MAX_ORIGINS
                        + " multiaddr strings");
            }
            for (JsonNode a : o) {
                if (!a.isTextual()) {
                    throw new IllegalArgumentException("each origin must be a multiaddr string"
                            + " (/ip4/.../p2p/<peer ID>)");
                }
                if (loneSurrogate(a.asText()) >= 0) {
                    throw new IllegalArgumentException("origins: '" + excerpt(escapeSurrogates(a.asText()))
                            + "' is not valid Unicode (a lone UTF-16 surrogate)");
                }
                try {
                    PinOptionsQuery.checkOrigin(a.asText());
                } catch (ClusterException e) {
                    throw new IllegalArgumentException(e.getMessage());
                }
                if (!origins.contains(a.asText())) {
                    origins.add(a.asText());
                }
            }
        }
        Map<String, String> meta = meta(root.get("meta"), "meta");
        if (meta.containsKey("")) {
            // Only here, not in meta(): the list's meta filter must still find requests stored before this check.
            throw new IllegalArgumentException("meta: empty key; every metadata key needs a name");
        }
        for (Map.Entry<String, String> e : meta.entrySet()) {
            if (loneSurrogate(e.getKey()) >= 0 || loneSurrogate(e.getValue()) >= 0) {
                throw new IllegalArgumentException("meta: the entry '" + excerpt(escapeSurrogates(e.getKey()))
                        + "' is not valid Unicode (a lone UTF-16 surrogate)");
            }
        }
        return new PinBody(parsed, name, origins, meta);
    }

    /**
     * The index of the first UTF-16 surrogate in {@code s} without its pair, or -1. JSON may carry one (the escape
     * <code>"&#92;ud800"</code> alone decodes to it), but it is no Unicode character: UTF-8, in which every copy of a
     * request is written (the Raft log, snapshots, the answers), has no encoding for it, so it would come back as
     * {@code ?}.
     */
    static int loneSurrogate(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** {@code s} with each UTF-16 surrogate written as its JSON escape, so an error message can quote it. */
    static String escapeSurrogates(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    /** An object of string values (the body's {@code meta}, or the list's {@code meta} filter). */
    static Map<String, String> meta(JsonNode m, String what) {
        Map<String, String> meta = new TreeMap<>();
        if (m == null || m.isNull()) {
            return meta;
        }
        if (!m.isObject() || m.size() > PsaPin.MAX_META_ENTRIES) {
            throw new IllegalArgumentException(what + " must be an object of at most " + PsaPin.MAX_META_ENTRIES
                    + " string values");
        }
        Iterator<Map.Entry<String, JsonNode>> fields = m.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (!f.getValue().isTextual()) {
                throw new IllegalArgumentException(what + " value of '" + excerpt(f.getKey()) + "' must be a string");
            }
            meta.put(f.getKey(), f.getValue().asText());
        }
        return meta;
    }

    static Map<String, String> metaFilter(String json) {
        try {
            return meta(MAPPER.readTree(json), "meta");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException("meta must be a JSON object: " + e.getOriginalMessage());
        }
    }

    static String excerpt(String s) {
        return s.length() > 64 ? s.substring(0, 64) + "…" : s;
    }
}
