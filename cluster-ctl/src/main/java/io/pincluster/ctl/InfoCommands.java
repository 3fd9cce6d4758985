package io.pincluster.ctl;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code id}, {@code version}, {@code peers ls} and {@code health}: read-only questions about the cluster. */
final class InfoCommands {
    private InfoCommands() {
    }

    static int id(Flags.Parsed p, Session s) {
        p.positional(0, 0, "pincluster id");
        s.printer().peer(required(s.client().call("GET", "/id"), "/id"));
        return ExitCodes.OK;
    }

    static int version(Flags.Parsed p, Session s) {
        p.positional(0, 0, "pincluster version");
        s.printer().version(required(s.client().call("GET", "/version"), "/version"));
        return ExitCodes.OK;
    }

    static int peersLs(Flags.Parsed p, Session s) {
        p.positional(0, 0, "pincluster peers ls");
        s.client().stream("GET", "/peers", s.printer()::peer);
        return ExitCodes.OK;
    }

    /** {@code GET /health} answers 204 when the peer is up; prints {@code ok}. */
    static int health(Flags.Parsed p, Session s) {
        p.positional(0, 0, "pincluster health");
        JsonNode body = s.client().call("GET", "/health");
        if (s.printer().json()) {
            s.printer().line(body == null ? "{\"status\":\"ok\"}" : body.toString());
        } else {
            s.printer().line("ok");
        }
        return ExitCodes.OK;
    }

    static JsonNode required(JsonNode node, String route) {
        if (node == null) {
            throw new TransportException("the server answered " + route + " with an empty body", null);
        }
        return node;
    }
}
