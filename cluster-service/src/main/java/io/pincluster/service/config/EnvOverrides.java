package io.pincluster.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Applies {@code PINCLUSTER_<SECTION>_<KEY>} environment variables over the file's values, e.g.
 * {@code PINCLUSTER_RESTAPI_HTTP_LISTEN=127.0.0.1:9999} sets {@code restapi.http_listen} and
 * {@code PINCLUSTER_PIN_TRACKER_CONCURRENCY=4} sets {@code pin_tracker.concurrency}. Values are strings, parsed to
 * the key's type when the section is read; map values are JSON text. A variable naming a known section but an
 * unknown key is reported like an unknown key in the file. Variables whose section part is not a configuration
 * section (for instance a launcher's {@code PINCLUSTER_JAVA_OPTS}) are not configuration and are left alone.
 */
final class EnvOverrides {
    static final String PREFIX = "PINCLUSTER_";

    private EnvOverrides() {
    }

    static String variableName(String section, String key) {
        return PREFIX + section.toUpperCase(Locale.ROOT) + "_" + key.toUpperCase(Locale.ROOT);
    }

    /**
     * Writes the overrides into {@code root} (one object per section) and returns, per section, the keys they set.
     */
    static Map<String, Set<String>> apply(ObjectNode root, Map<String, String> env, List<String> sections) {
        // Longest first so PIN_TRACKER is not mistaken for a section PIN with key TRACKER_...
        List<String> bySpecificity = sections.stream()
                .sorted(Comparator.comparingInt(String::length).reversed()).toList();
        Map<String, Set<String>> setKeys = new HashMap<>();
        env.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
            String name = e.getKey();
            if (!name.startsWith(PREFIX)) {
                return;
            }
            String rest = name.substring(PREFIX.length());
            for (String section : bySpecificity) {
                String sectionPrefix = section.toUpperCase(Locale.ROOT) + "_";
                if (rest.startsWith(sectionPrefix) && rest.length() > sectionPrefix.length()) {
                    String key = rest.substring(sectionPrefix.length()).toLowerCase(Locale.ROOT);
                    JsonNode existing = root.get(section);
                    ObjectNode obj = existing instanceof ObjectNode o ? o : root.putObject(section);
                    obj.put(key, e.getValue());
                    setKeys.computeIfAbsent(section, s -> new HashSet<>()).add(key);
                    return;
                }
            }
        });
        return setKeys;
    }
}
