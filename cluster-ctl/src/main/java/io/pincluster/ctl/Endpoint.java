package io.pincluster.ctl;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where and how to reach the REST API: base URL, optional Basic-Auth header value, request timeout
 * (null = none). {@code toString} never shows the credentials.
 */
record Endpoint(URI baseUrl, String authorization, Duration timeout) {
    static final String DEFAULT_HOST = "http://127.0.0.1:9094";
    private static final Pattern MULTIADDR = Pattern.compile("/(ip4|ip6|dns|dns4|dns6)/([^/]+)/tcp/(\\d+)(/https?)?/?");
    private static final Pattern HOST_PORT = Pattern.compile("(\\[[0-9a-fA-F:]+]|[^:/\\s]+):(\\d+)");

    /**
     * Accepts a URL ({@code http://host:port}), {@code host:port}, or an ipfs-cluster-ctl multiaddr
     * ({@code /ip4/127.0.0.1/tcp/9094}).
     */
    static URI parseHost(String host) {
        String h = host.trim();
        if (h.startsWith("http://") || h.startsWith("https://")) {
            URI uri;
            try {
                uri = URI.create(h.endsWith("/") ? h.substring(0, h.length() - 1) : h);
            } catch (IllegalArgumentException e) {
                throw new UsageException("--host is not a valid URL: '" + host + "'");
            }
            if (uri.getHost() == null) {
                throw new UsageException("--host URL has no host: '" + host + "'");
            }
            return uri;
        }
        Matcher m = MULTIADDR.matcher(h);
        if (m.matches()) {
            String scheme = "/https".equals(m.group(4)) ? "https" : "http";
            String name = m.group(1).equals("ip6") ? "[" + m.group(2) + "]" : m.group(2);
            return URI.create(scheme + "://" + name + ":" + m.group(3));
        }
        m = HOST_PORT.matcher(h);
        if (m.matches()) {
            return URI.create("http://" + h);
        }
        throw new UsageException("--host must be a URL (http://127.0.0.1:9094), host:port or /ip4/<ip>/tcp/<port>, not '"
                + host + "'");
    }

    /** The Authorization header for {@code user:password} (password may be empty), or null for none. */
    static String basicAuthorization(String credentials) {
        if (credentials == null || credentials.isEmpty()) {
            return null;
        }
        int colon = credentials.indexOf(':');
        String user = colon < 0 ? credentials : credentials.substring(0, colon);
        if (user.isEmpty()) {
            throw new UsageException("--basic-auth needs a user name: user:password");
        }
        return "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8));
    }

    URI resolve(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    @Override
    public String toString() {
        return "Endpoint[" + baseUrl + (authorization == null ? "" : ", basic auth") + "]";
    }
}
