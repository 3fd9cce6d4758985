package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Section {@code metrics}: the Prometheus scrape endpoint ({@code /metrics}).
 *
 * @param enabled whether to serve it
 * @param listen  where it listens (8888)
 */
public record MetricsSection(boolean enabled, ListenAddress listen) {
    static final String NAME = "metrics";

    public MetricsSection {
        new Checks(NAME).require(listen != null, "listen", "is required").throwIfAny();
    }

    public static MetricsSection defaults() {
        return new MetricsSection(false, ListenAddress.loopback(8888));
    }

    public MetricsSection withListen(ListenAddress newListen) {
        return new MetricsSection(enabled, newListen);
    }

    static MetricsSection read(SectionReader r, MetricsSection d) {
        return new MetricsSection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
    }
}
