package io.pincluster.testkit.hostile;

import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * One hostile request.
 *
 * @param name    what it tries, for the report
 * @param method  HTTP method
 * @param target  request target, sent byte for byte (already percent-encoded as the attacker chose)
 * @param headers extra headers
 * @param body    the body, or null for none
 * @param quoted  the hostile text the server must not echo at length (null when nothing in particular)
 */
public record HostileCase(String name, String method, String target, Map<String, String> headers, byte[] body,
                          String quoted) {
    public static HostileCase get(String name, String target, String quoted) {
        return new HostileCase(name, "GET", target, Map.of(), null, quoted);
    }

    public static HostileCase of(String name, String method, String target, String quoted) {
        return new HostileCase(name, method, target, Map.of(), null, quoted);
    }

    public static HostileCase withBody(String name, String method, String target, String contentType, byte[] body,
                                       String quoted) {
        return new HostileCase(name, method, target, Map.of("Content-Type", contentType), body, quoted);
    }

    public static HostileCase withBody(String name, String method, String target, String contentType, String body,
                                       String quoted) {
        return withBody(name, method, target, contentType, body.getBytes(StandardCharsets.UTF_8), quoted);
    }

    @Override
    public String toString() {
        return name;
    }
}
