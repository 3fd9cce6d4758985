package io.pincluster.service.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.pincluster.core.pin.ExternalCopies;
import io.pincluster.core.time.GoDuration;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Section {@code external}: other pinning services, reached through the IPFS Pinning Service API, that hold extra
 * copies of pins (decision 0020). The leader asks them; every peer shows their status.
 *
 * @param copies             the external copies every pin wants unless its metadata {@code external-copies} says
 *                           otherwise (0: none)
 * @param services           the services, each with a name, a base URL ({@code /pins} is under it) and an access
 *                           token; the token is never logged and is redacted in the effective configuration
 * @param interval           how often the leader reconciles the services with the pinset (30s)
 * @param sweepInterval      how often the leader lists everything this cluster holds on a service again, to find
 *                           requests it does not know of (10m; always on becoming leader)
 * @param requestTimeout     the longest one call to a service may take (10s)
 * @param maxRequestsPerPass calls the leader makes to one service per pass at most (100)
 * @param maxBackoff         the longest a failing service is left alone before it is tried again (5m)
 * @param alertAfter         a service failing this long raises an alert (5m)
 */
public record ExternalSection(int copies, List<Service> services, Duration interval, Duration sweepInterval,
                              Duration requestTimeout, int maxRequestsPerPass, Duration maxBackoff,
                              Duration alertAfter) {
    static final String NAME = "external";
    private static final Pattern SERVICE_NAME = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    /**
     * One external pinning service.
     *
     * @param name  how status, metrics and logs name it: 1 to 64 of {@code [A-Za-z0-9._-]}
     * @param url   its base URL, without a trailing slash
     * @param token its access token (a bearer token)
     */
    public record Service(String name, URI url, String token) {
        /** Leaves the token out: records end up in logs. */
        @Override
        public String toString() {
            return "Service[name=" + name + ", url=" + url + ", token=" + ServiceConfigFile.REDACTED + "]";
        }
    }

    public ExternalSection {
        services = services == null ? List.of() : List.copyOf(services);
        Checks c = new Checks(NAME);
        c.require(copies >= 0 && copies <= ExternalCopies.MAX, "copies",
                "must be a whole number from 0 to " + ExternalCopies.MAX + ", not " + copies);
        c.require(copies <= services.size(), "copies", "asks for " + copies + " external copies but "
                + services.size() + " service(s) are configured");
        c.requireInterval(interval, "interval", false);
        c.requireInterval(sweepInterval, "sweep_interval", false);
        positive(c, "request_timeout", requestTimeout);
        positive(c, "max_backoff", maxBackoff);
        c.require(alertAfter != null && !alertAfter.isNegative(), "alert_after", "must be 0 or positive");
        c.require(maxRequestsPerPass > 0, "max_requests_per_pass", "must be positive, not " + maxRequestsPerPass);
        Set<String> names = new HashSet<>();
        for (Service s : services) {
            c.require(names.add(s.name()), "services", "name '" + s.name() + "' is used twice");
        }
        c.throwIfAny();
    }

    public static ExternalSection defaults() {
        return new ExternalSection(0, List.of(), Duration.ofSeconds(30), Duration.ofMinutes(10),
                Duration.ofSeconds(10), 100, Duration.ofMinutes(5), Duration.ofMinutes(5));
    }

    public boolean enabled() {
        return !services.isEmpty();
    }

    private static void positive(Checks c, String key, Duration d) {
        c.require(d != null && !d.isNegative() && !d.isZero(), key, "must be positive");
    }

    static ExternalSection read(SectionReader r, ExternalSection d) {
        return new ExternalSection(r.integer("copies", d.copies()), services(r, d.services()),
                r.duration("interval", d.interval()), r.duration("sweep_interval", d.sweepInterval()),
                r.duration("request_timeout", d.requestTimeout()),
                r.integer("max_requests_per_pass", d.maxRequestsPerPass()),
                r.duration("max_backoff", d.maxBackoff()), r.duration("alert_after", d.alertAfter()));
    }

    /** The {@code services} array; each bad entry is reported (never with its token) and left out. */
    private static List<Service> services(SectionReader r, List<Service> def) {
        JsonNode v = r.json("services");
        if (v == null) {
            return def;
        }
        if (!v.isArray()) {
            r.problem("services", "must be a JSON array of {\"name\",\"url\",\"token\"} objects");
            return def;
        }
        List<Service> out = new ArrayList<>();
        for (int i = 0; i < v.size(); i++) {
            String key = "services[" + i + "]";
            JsonNode e = v.get(i);
            if (!e.isObject()) {
                r.problem(key, "must be an object with name, url and token");
                continue;
            }
            List<String> unknown = new ArrayList<>();
            e.fieldNames().forEachRemaining(f -> {
                if (!Set.of("name", "url", "token").contains(f)) {
                    unknown.add(f);
                }
            });
            if (!unknown.isEmpty()) {
                r.problem(key, "unknown key(s) " + String.join(", ", unknown) + " (known: name, token, url)");
            }
            String name = e.path("name").asText("");
            String token = e.path("token").asText("");
            boolean ok = true;
            if (!e.path("name").isTextual() || !SERVICE_NAME.matcher(name).matches()) {
                r.problem(key + ".name", "must be 1 to 64 of A-Z a-z 0-9 . _ -");
                ok = false;
            }
            URI url = null;
            try {
                url = url(e.path("url").isTextual() ? e.path("url").asText() : null);
            } catch (IllegalArgumentException ex) {
                r.problem(key + ".url", ex.getMessage());
                ok = false;
            }
            if (!e.path("token").isTextual() || token.isBlank()) {
                r.problem(key + ".token", "is required: the service's access token");
                ok = false;
            } else if (token.chars().anyMatch(ch -> ch < 0x21 || ch > 0x7e)) {
                r.problem(key + ".token", "must be printable ASCII without spaces (it goes in an HTTP header)");
                ok = false;
            }
            if (ok) {
                out.add(new Service(name, url, token));
            }
        }
        return out;
    }

    /**
     * A service's base URL, checked: absolute {@code http} or {@code https} with a host, no credentials, query or
     * fragment; the trailing slash dropped.
     *
     * @throws IllegalArgumentException saying what is wrong (never echoing credentials)
     */
    static URI url(String text) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("is required: the service's base URL, e.g. https://api.example.com");
        }
        URI u;
        try {
            u = new URI(text.trim());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("is not a URL: " + e.getReason());
        }
        if (u.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not hold credentials (give the token in token)");
        }
        String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("'" + text + "' must be an http:// or https:// URL");
        }
        if (u.getHost() == null || u.getHost().isEmpty()) {
            throw new IllegalArgumentException("'" + text + "' has no host");
        }
        if (u.getRawQuery() != null || u.getRawFragment() != null) {
            throw new IllegalArgumentException("'" + text + "' must not have a query or fragment");
        }
        String s = u.toString();
        while (s.endsWith("/")) {
            s = s.substring(0, s.length() - 1);
        }
        return URI.create(s);
    }

    void writeTo(ObjectNode o, boolean redact) {
        o.put("copies", copies);
        ArrayNode list = o.putArray("services");
        for (Service s : services) {
            ObjectNode e = list.addObject();
            e.put("name", s.name());
            e.put("url", s.url().toString());
            e.put("token", redact ? ServiceConfigFile.REDACTED : s.token());
        }
        o.put("interval", GoDuration.format(interval));
        o.put("sweep_interval", GoDuration.format(sweepInterval));
        o.put("request_timeout", GoDuration.format(requestTimeout));
        o.put("max_requests_per_pass", maxRequestsPerPass);
        o.put("max_backoff", GoDuration.format(maxBackoff));
        o.put("alert_after", GoDuration.format(alertAfter));
    }
}
