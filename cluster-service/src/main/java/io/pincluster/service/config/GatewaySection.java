package io.pincluster.service.config;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Section {@code gateway}: the read-only {@code /ipfs/<cid>} HTTP gateway.
 *
 * @param enabled whether to start it (when this build has a gateway)
 * @param listen  where it listens (8080)
 */
public record GatewaySection(boolean enabled, ListenAddress listen) {
    static final String NAME = "gateway";

    public GatewaySection {
        new Checks(NAME).require(listen != null, "listen", "is required").throwIfAny();
    }

    public static GatewaySection defaults() {
        return new GatewaySection(true, ListenAddress.loopback(8080));
    }

    public GatewaySection withListen(ListenAddress newListen) {
        return new GatewaySection(enabled, newListen);
    }

    static GatewaySection read(SectionReader r, GatewaySection d) {
        return new GatewaySection(r.bool("enabled", d.enabled()), r.listen("listen", d.listen()));
    }

    void writeTo(ObjectNode o) {
        o.put("enabled", enabled);
        o.put("listen", listen.toString());
    }
}
