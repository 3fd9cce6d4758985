package io.pincluster.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.pincluster.core.time.GoDuration;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Reads one section's values with their types, falling back to defaults for absent keys. A value of the wrong type
 * adds a problem naming {@code section.key} (and the environment variable it came from) and yields the default, so
 * reading continues and every problem is reported. {@link #finish()} reports the keys nobody asked for: typos.
 *
 * <p>Values that came from environment variables are strings; they are parsed to the expected type here.
 */
final class SectionReader {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final String section;
    private final JsonNode node;
    private final Set<String> fromEnv;
    private final List<String> problems;
    private final Set<String> read = new HashSet<>();
    private final Set<String> formerNames = new HashSet<>();

    SectionReader(String section, JsonNode node, Set<String> fromEnv, List<String> problems) {
        this.section = section;
        this.node = node;
        this.fromEnv = fromEnv;
        this.problems = problems;
        if (node != null && !node.isObject()) {
            problems.add(section + ": must be a JSON object");
        }
    }

    String section() {
        return section;
    }

    void problem(String key, String message) {
        problems.add(where(key) + ": " + message);
    }

    String string(String key, String def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (!v.isTextual()) {
            problem(key, "must be a string");
            return def;
        }
        return v.asText();
    }

    int integer(String key, int def) {
        long v = longValue(key, def);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
            problem(key, v + " is out of range");
            return def;
        }
        return (int) v;
    }

    long longValue(String key, long def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (v.isIntegralNumber() && v.canConvertToLong()) {
            return v.asLong();
        }
        if (v.isTextual() && fromEnv.contains(key)) {
            try {
                return Long.parseLong(v.asText().trim());
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(key, "must be a whole number, not " + v);
        return def;
    }

    double decimal(String key, double def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (v.isNumber() && Double.isFinite(v.asDouble())) {
            return v.asDouble();
        }
        if (v.isTextual() && fromEnv.contains(key)) {
            try {
                double d = Double.parseDouble(v.asText().trim());
                if (Double.isFinite(d)) {
                    return d;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
        }
        problem(key, "must be a number, not " + v);
        return def;
    }

    boolean bool(String key, boolean def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (v.isBoolean()) {
            return v.asBoolean();
        }
        if (v.isTextual() && fromEnv.contains(key) && (v.asText().equals("true") || v.asText().equals("false"))) {
            return Boolean.parseBoolean(v.asText());
        }
        problem(key, "must be true or false, not " + v);
        return def;
    }

    /**
     * A duration that used to be called {@code formerKey}: the former name is still accepted (the current one wins
     * when both are given), but it is not a key of its own: files are written with the current name only.
     */
    Duration renamedDuration(String key, String formerKey, Duration def) {
        formerNames.add(formerKey);
        return duration(key, duration(formerKey, def));
    }

    Duration duration(String key, Duration def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return GoDuration.parseNonNegative(s);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return def;
        }
    }

    /** A size: a JSON number of bytes or a string with a unit. */
    long size(String key, long def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (v.isIntegralNumber()) {
            return v.asLong();
        }
        try {
            return DataSize.parse(v.asText());
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return def;
        }
    }

    ListenAddress listen(String key, ListenAddress def) {
        String s = string(key, null);
        if (s == null) {
            return def;
        }
        try {
            return ListenAddress.parse(s);
        } catch (IllegalArgumentException e) {
            problem(key, e.getMessage());
            return def;
        }
    }

    /** A JSON object of string values, in file order; an environment value holds the object as JSON text. */
    Map<String, String> stringMap(String key, Map<String, String> def) {
        JsonNode v = value(key);
        if (v == null || v.isNull()) {
            return def;
        }
        if (v.isTextual() && fromEnv.contains(key)) {
            try {
                v = JSON.readTree(v.asText());
            } catch (IOException e) {
                problem(key, "must be a JSON object like {\"k\":\"v\"}");
                return def;
            }
        }
        if (!v.isObject()) {
            problem(key, "must be a JSON object of strings");
            return def;
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            if (!e.getValue().isTextual()) {
                problem(key, "value of '" + e.getKey() + "' must be a string");
                continue;
            }
            out.put(e.getKey(), e.getValue().asText());
        }
        return out;
    }

    /** A JSON array of strings; an environment value holds the array as JSON text. */
    List<String> stringList(String key, List<String> def) {
        JsonNode v = value(key);
        if (v == null) {
            return def;
        }
        if (v.isTextual() && fromEnv.contains(key)) {
            try {
                v = JSON.readTree(v.asText());
            } catch (IOException e) {
                problem(key, "must be a JSON array like [\"a\",\"b\"]");
                return def;
            }
        }
        if (!v.isArray()) {
            problem(key, "must be a JSON array of strings");
            return def;
        }
        List<String> out = new ArrayList<>();
        for (JsonNode e : v) {
            if (!e.isTextual()) {
                problem(key, "must hold only strings, not " + e);
                return def;
            }
            out.add(e.asText());
        }
        return out;
    }

    /** Any JSON value (null when absent); an environment value holds it as JSON text. */
    JsonNode json(String key) {
        JsonNode v = value(key);
        if (v != null && v.isTextual() && fromEnv.contains(key)) {
            try {
                return JSON.readTree(v.asText());
            } catch (IOException e) {
                problem(key, "must be JSON");
                return null;
            }
        }
        return v;
    }

    /** The keys the section's reader asked for, former names ({@link #formerNames()}) left out. */
    Set<String> keys() {
        Set<String> keys = new TreeSet<>(read);
        keys.removeAll(formerNames);
        return keys;
    }

    /** The former names of keys that are still accepted. */
    Set<String> formerNames() {
        return new TreeSet<>(formerNames);
    }

    /** Reports every key in the section that no reader asked for. */
    void finish() {
        if (node == null || !node.isObject()) {
            return;
        }
        List<String> unknown = new ArrayList<>();
        node.fieldNames().forEachRemaining(k -> {
            if (!read.contains(k)) {
                unknown.add(fromEnv.contains(k) ? k + " (from " + EnvOverrides.variableName(section, k) + ")" : k);
            }
        });
        if (!unknown.isEmpty()) {
            problems.add(section + ": unknown key" + (unknown.size() > 1 ? "s " : " ") + String.join(", ", unknown)
                    + " (known: " + String.join(", ", new TreeSet<>(read)) + ")");
        }
    }

    private JsonNode value(String key) {
        read.add(key);
        if (node == null || !node.isObject()) {
            return null;
        }
        JsonNode v = node.get(key);
        return v == null || v.isNull() ? null : v;
    }

    private String where(String key) {
        String path = section + "." + key;
        return fromEnv.contains(key) ? path + " (from " + EnvOverrides.variableName(section, key) + ")" : path;
    }
}
