package io.pincluster.ctl;

import io.pincluster.core.peer.PeerId;

/** {@code peers add} and {@code peers rm}: membership changes, which the cluster makes one at a time. */
final class PeerCommands {
    private PeerCommands() {
    }

    /**
     * {@code POST /peers {"peer_id": ...}}: makes a running peer that the cluster knows (it joined once with
     * {@code daemon --join}) a voting member again; prints its {@code /id}.
     */
    static int add(Flags.Parsed p, Session s) {
        String peer = peerId(p.positional(1, 1, "pincluster peers add <peer id>").get(0));
        s.printer().peer(InfoCommands.required(s.client().call("POST", "/peers",
                "{\"peer_id\":\"" + peer + "\"}"), "/peers"));
        return ExitCodes.OK;
    }

    /** {@code DELETE /peers/<id>}: removes a peer (alive or not) while a majority of the others is up. */
    static int rm(Flags.Parsed p, Session s) {
        String peer = peerId(p.positional(1, 1, "pincluster peers rm <peer id>").get(0));
        s.client().call("DELETE", "/peers/" + peer);
        if (s.printer().json()) {
            s.printer().line("{\"removed\":\"" + peer + "\"}");
        } else {
            s.printer().line("removed peer " + peer);
        }
        return ExitCodes.OK;
    }

    // Checked here so a typo never reaches the server; the canonical form is also safe inside JSON and a path.
    private static String peerId(String arg) {
        try {
            return PeerId.parse(arg).toString();
        } catch (IllegalArgumentException e) {
            throw new UsageException("'" + arg + "' is not a peer ID: " + e.getMessage());
        }
    }
}
