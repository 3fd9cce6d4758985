package io.pincluster.connector.kubo;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The query string of one RPC call; {@code arg} may repeat, as in Kubo. */
final class KuboQuery {
    private final List<String> pairs = new ArrayList<>();

    static KuboQuery create() {
        return new KuboQuery();
    }

    KuboQuery arg(String value) {
        return with("arg", value);
    }

    KuboQuery with(String key, String value) {
        pairs.add(URLEncoder.encode(key, StandardCharsets.UTF_8) + "="
                + URLEncoder.encode(value, StandardCharsets.UTF_8));
        return this;
    }

    KuboQuery with(String key, boolean value) {
        return with(key, Boolean.toString(value));
    }

    /** {@code timeout=} in milliseconds: a Go duration both Kubo and js-ipfs parse. */
    KuboQuery timeout(Duration d) {
        return with("timeout", Math.max(1, d.toMillis()) + "ms");
    }

    String encode() {
        return String.join("&", pairs);
    }
}
