package io.pincluster.connector.kubo;

import com.fasterxml.jackson.databind.JsonNode;
import io.pincluster.core.cid.Cid;
import io.pincluster.core.cid.CidParseException;
import io.pincluster.core.error.ClusterException;
import io.pincluster.core.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;

/**
 * Tolerant reading of daemon answers: Kubo sends numbers, js-ipfs sends the same fields as strings; CIDs come back
 * in whatever version and base the daemon prefers, so they are parsed and compared by multihash.
 */
final class KuboJson {
    private KuboJson() {
    }

    /** A non-negative integer field sent as a JSON number or a decimal string; absent reads as {@code def}. */
    static long count(JsonNode obj, String field, String command, long def) {
        JsonNode n = obj.get(field);
        if (n == null || n.isNull()) {
            return def;
        }
        if (n.isIntegralNumber() && n.canConvertToLong()) {
            return n.asLong();
        }
        if (n.isNumber()) { // 1.0e10 from a lenient encoder
            return (long) n.asDouble();
        }
        if (n.isTextual()) {
            String s = n.asText().trim();
            try {
                return Long.parseLong(s);
            } catch (NumberFormatException e) {
                try {
                    return new java.math.BigDecimal(s).longValueExact();
                } catch (ArithmeticException | NumberFormatException e2) {
                    throw bad(command, field + " is not a number: '" + s + "'");
                }
            }
        }
        throw bad(command, field + " is not a number: " + n);
    }

    static String text(JsonNode obj, String field, String command) {
        JsonNode n = obj.get(field);
        if (n == null || !n.isTextual()) {
            throw bad(command, "answer has no text field '" + field + "': " + abbreviate(obj.toString()));
        }
        return n.asText();
    }

    /** A CID in any form the daemon prints it: CIDv0, or CIDv1 in base32/base58btc/base36. */
    static Cid cid(String s, String command) {
        try {
            return Cid.parse(s.trim());
        } catch (CidParseException e) {
            throw bad(command, "'" + abbreviate(s) + "' is not a CID: " + e.getMessage());
        }
    }

    /** A CID field that is a string or IPLD's link form {@code {"/": "bafy..."}}. */
    static Cid cidField(JsonNode obj, String field, String command) {
        JsonNode n = obj.get(field);
        if (n != null && n.isObject() && n.has("/")) {
            n = n.get("/");
        }
        if (n == null || !n.isTextual()) {
            throw bad(command, "answer has no CID field '" + field + "': " + abbreviate(obj.toString()));
        }
        return cid(n.asText(), command);
    }

    static List<String> strings(JsonNode obj, String field) {
        List<String> out = new ArrayList<>();
        JsonNode n = obj.get(field);
        if (n != null && n.isArray()) {
            n.forEach(e -> {
                if (e.isTextual()) {
                    out.add(e.asText());
                }
            });
        }
        return out;
    }

    static boolean sameContent(Cid a, Cid b) {
        return a.multihash().equals(b.multihash());
    }

    static ClusterException bad(String command, String what) {
        return new ClusterException(ErrorCode.INTERNAL, "IPFS daemon: unexpected " + command + " answer: " + what);
    }

    private static String abbreviate(String s) {
        return s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }
}
