package io.pincluster.ctl;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/** A URL query string built parameter by parameter, each name and value percent-encoded. */
final class Query {
    private final StringBuilder text = new StringBuilder();

    Query add(String name, String value) {
        text.append(text.length() == 0 ? '?' : '&')
                .append(encode(name)).append('=').append(encode(value));
        return this;
    }

    Query addIf(boolean condition, String name, String value) {
        return condition ? add(name, value) : this;
    }

    static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
