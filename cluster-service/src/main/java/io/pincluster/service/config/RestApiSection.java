package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Section {@code restapi}: the ipfs-cluster-compatible REST API.
 *
 * @param httpListen           where it listens (9094)
 * @param basicAuthCredentials user name to password; empty = no authentication. Passwords are never logged.
 * @param maxBodySize          largest request body for ordinary routes, in bytes
 * @param maxAddBodySize       largest {@code /add} upload, in bytes
 */
public record RestApiSection(ListenAddress httpListen, Map<String, String> basicAuthCredentials, long maxBodySize,
                             long maxAddBodySize) {
    static final String NAME = "restapi";

    public RestApiSection {
        basicAuthCredentials = basicAuthCredentials == null ? Map.of()
                : Collections.unmodifiableMap(new LinkedHashMap<>(basicAuthCredentials));
        Checks c = new Checks(NAME);
        c.require(httpListen != null, "http_listen", "is required");
        basicAuthCredentials.forEach((user, password) -> {
            c.require(!user.isEmpty() && user.indexOf(':') < 0, "basic_auth_credentials",
                    "user name '" + user + "' must be non-empty and contain no ':'");
            c.require(!password.isEmpty(), "basic_auth_credentials", "password of '" + user + "' is empty");
        });
        c.require(maxBodySize > 0, "max_body_size", "must be positive");
        c.require(maxAddBodySize > 0, "max_add_body_size", "must be positive");
        c.throwIfAny();
    }

    public static RestApiSection defaults() {
        return new RestApiSection(ListenAddress.loopback(9094), Map.of(), 1_000_000, 10_000_000_000L);
    }

    public RestApiSection withHttpListen(ListenAddress listen) {
        return new RestApiSection(listen, basicAuthCredentials, maxBodySize, maxAddBodySize);
    }

    public RestApiSection withBasicAuth(Map<String, String> credentials) {
        return new RestApiSection(httpListen, credentials, maxBodySize, maxAddBodySize);
    }

    static RestApiSection read(SectionReader r, RestApiSection d) {
        return new RestApiSection(
                r.listen("http_listen", d.httpListen()),
                r.stringMap("basic_auth_credentials", d.basicAuthCredentials()),
                r.size("max_body_size", d.maxBodySize()),
                r.size("max_add_body_size", d.maxAddBodySize()));
    }

    void writeTo(ObjectNode o, boolean redact) {
        o.put("http_listen", httpListen.toString());
        ObjectNode creds = o.putObject("basic_auth_credentials");
        basicAuthCredentials.forEach((u, p) -> creds.put(u, redact ? ServiceConfigFile.REDACTED : p));
        o.put("max_body_size", DataSize.format(maxBodySize));
        o.put("max_add_body_size", DataSize.format(maxAddBodySize));
    }

    @Override
    public String toString() {
        return "RestApiSection[http_listen=" + httpListen + ", users=" + basicAuthCredentials.keySet() + "]";
    }
}
